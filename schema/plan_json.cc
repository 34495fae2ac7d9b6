// Writing a plan as JSON: one streaming pass over the field tables of plan_fields.h, whose keys
// are in ascending order, so the text is canonical (sorted keys) without building a DOM.
#include "schema/plan_json.h"

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "schema/json_writer.h"
#include "schema/parallel.h"
#include "schema/plan_fields.h"

namespace svc::plan {
namespace {

// Members of a class so that each overload sees all the others, whatever their order.
class Encoder {
 public:
  Encoder(JsonWriter& w, bool skip_origin) : w_(w), skip_origin_(skip_origin) {}

  void Encode(const std::string& value) { w_.String(value); }
  void Encode(int64_t value) { w_.Int(value); }
  void Encode(bool value) { w_.Bool(value); }

  void Encode(const std::map<std::string, std::string>& map) {
    w_.BeginObject();
    for (const auto& [key, value] : map) {
      w_.Key(key);
      w_.String(value);
    }
    w_.EndObject();
  }

  void Encode(const OriginOptions& map) {  // sorted by name already
    w_.BeginObject();
    for (const auto& [key, value] : map) {
      w_.Key(key);
      w_.String(value);
    }
    w_.EndObject();
  }

  template <class T>
  void Encode(const std::vector<T>& items) {
    w_.BeginArray();
    for (const T& item : items) Encode(item);
    w_.EndArray();
  }

  template <class T>
  void Encode(const std::optional<T>& value) {
    if (value) {
      Encode(*value);
    } else {
      w_.Null();
    }
  }

  // `skip` names top-level keys of this record to leave out (fingerprint inputs).
  template <class S>
  requires std::is_class_v<S>
  void Encode(const S& record, std::initializer_list<std::string_view> skip = {}) {
    w_.BeginObject();
    auto put = [this, skip](const char* key, const auto& member, const fields::Rule& = {}) {
      std::string_view k = key;
      for (std::string_view s : skip) {
        if (k == s) return;
      }
      if (skip_origin_ && k == "origin") return;
      w_.FieldKey(k);
      Encode(member);
    };
    fields::Visit(record, put);
    w_.EndObject();
  }

  // A big plan's processes are most of its text. They are written in chunks that this thread
  // and another take in turn, and this thread hands the finished chunks to the sink in order
  // between two of its own, so the writing overlaps the encoding (see ChunkedProcesses).
  void Encode(const std::vector<Process>& items) {
    w_.BeginArray();
    if (SplitPoint(items.size()) == items.size()) {
      EncodeRange(w_, skip_origin_, items, 0, items.size());
    } else {
      JsonWriter probe = w_.Fork();  // the size of one process, to size the chunks' buffers
      EncodeRange(probe, skip_origin_, items, 0, 1);
      EncodeRange(w_, skip_origin_, items, 0, 1);
      ChunkedProcesses(items, probe.text().size());
    }
    w_.EndArray();
  }

  static void EncodeRange(JsonWriter& w, bool skip_origin, const std::vector<Process>& items,
                          size_t begin, size_t end) {
    Encoder e(w, skip_origin);
    for (size_t i = begin; i < end; ++i) e.Encode(items[i]);
  }

 private:
  void ChunkedProcesses(const std::vector<Process>& items, size_t estimate);

  JsonWriter& w_;
  bool skip_origin_;
};

// Processes [1, n) in chunks of kChunk, each encoded once by whichever thread takes it next.
// This thread appends chunk `written` as soon as it is done, and otherwise encodes a chunk of
// its own; it waits only when every chunk is taken and the next one in order is the other
// thread's. The text is that of one thread: each chunk continues after an element.
void Encoder::ChunkedProcesses(const std::vector<Process>& items, size_t estimate) {
  constexpr size_t kChunk = 64;
  struct Chunk {
    JsonWriter w{-1};
    std::atomic<bool> done{false};
  };
  const size_t count = (items.size() - 1 + kChunk - 1) / kChunk;
  std::unique_ptr<Chunk[]> chunks(new Chunk[count]);
  std::atomic<size_t> next{0};
  auto encode = [&](size_t c) {
    Chunk& chunk = chunks[c];
    chunk.w = w_.Fork();
    chunk.w.Expect(estimate * kChunk * 5 / 4 + 4096);
    size_t begin = 1 + c * kChunk;
    EncodeRange(chunk.w, skip_origin_, items, begin, std::min(begin + kChunk, items.size()));
    chunk.done.store(true, std::memory_order_release);
    chunk.done.notify_one();
  };
  auto take = [&] {
    for (size_t c = next.fetch_add(1); c < count; c = next.fetch_add(1)) encode(c);
  };
  RunBoth(
      [&] {
        for (size_t written = 0; written < count;) {
          Chunk& chunk = chunks[written];
          if (chunk.done.load(std::memory_order_acquire)) {
            w_.Append(chunk.w);
            chunk.w = JsonWriter(-1);  // frees the text: the next chunk can reuse the memory
            ++written;
            continue;
          }
          size_t c = next.fetch_add(1);
          if (c < count) {
            encode(c);
          } else {
            chunk.done.wait(false, std::memory_order_acquire);
          }
        }
      },
      take);
}

}  // namespace

std::string ToJson(const Plan& plan) {
  std::string text;
  WriteJson(plan, [&text](std::string_view chunk) { text.append(chunk); });
  return text;
}

void WriteJson(const Plan& plan, const std::function<void(std::string_view)>& sink) {
  JsonWriter w(2, sink, 1 << 20);
  Encoder(w, false).Encode(plan);
  w.Raw('\n');
  w.Flush();
}

std::string ProcessSettingsJson(const Process& process) {
  JsonWriter w(-1);
  ProcessSettingsJson(process, w);
  return w.Take();
}

void ProcessSettingsJson(const Process& process, JsonWriter& w) {
  w.Clear();
  Encoder(w, false).Encode(process, {"fingerprint", "origin"});
}

// The plan's content but `source`, `processes` (hashed through their fingerprints) and the
// origins (file:line), so the hash of a plan changes when a setting changes, not when a line
// moves.
std::string PlanContentJson(const Plan& plan) {
  JsonWriter w(-1);
  Encoder(w, true).Encode(plan, {"source", "processes"});
  return w.Take();
}

}  // namespace svc::plan
