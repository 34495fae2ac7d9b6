// Writing a plan as JSON: one streaming pass over the field tables of plan_fields.h, whose keys
// are in ascending order, so the text is canonical (sorted keys) without building a DOM.
#include "schema/plan_json.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "schema/json_writer.h"
#include "schema/plan_fields.h"

namespace svc::plan {
namespace {

// Members of a class so that each overload sees all the others, whatever their order.
class Encoder {
 public:
  // `files` names the files of origins (SourceLine); null when origins are skipped.
  Encoder(JsonWriter& w, bool skip_origin, const std::vector<SourceFile>* files = nullptr)
      : w_(w), skip_origin_(skip_origin), files_(files) {}

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
      Encode(value);
    }
    w_.EndObject();
  }

  void Encode(const SourceLine& where) {
    if (!files_ || !where.valid() || static_cast<size_t>(where.file) >= files_->size()) {
      w_.String("");
      return;
    }
    if (prefixes_.empty()) {
      // Each file's "path:" escaped once, not once per option of every process.
      for (const SourceFile& file : *files_) {
        JsonWriter one(-1);
        one.String(file.path + ":");
        std::string_view text = one.text();
        prefixes_.emplace_back(text.substr(1, text.size() - 2));
      }
    }
    w_.EscapedThenInt(prefixes_[static_cast<size_t>(where.file)], where.line);
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
    // `key` is a string literal of the field table: its length is a constant, so the
    // comparisons below and the key's copy compile to a few instructions.
    auto put = [this, skip](const auto& key, const auto& member, const fields::Rule& = {}) {
      std::string_view k(key, sizeof(key) - 1);
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

 private:
  JsonWriter& w_;
  bool skip_origin_;
  const std::vector<SourceFile>* files_;
  std::vector<std::string> prefixes_;  // per file: "path:" as JSON string content
};

}  // namespace

std::string SourceLineText(const std::vector<SourceFile>& files, SourceLine where) {
  if (!where.valid() || static_cast<size_t>(where.file) >= files.size()) return "";
  return files[static_cast<size_t>(where.file)].path + ":" + std::to_string(where.line);
}

std::string ToJson(const Plan& plan) {
  std::string text;
  WriteJson(plan, [&text](std::string_view chunk) { text.append(chunk); });
  return text;
}

void WriteJson(const Plan& plan, const std::function<void(std::string_view)>& sink) {
  JsonWriter w(2, sink, 1 << 20);
  Encoder(w, false, &plan.source.files).Encode(plan);
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
