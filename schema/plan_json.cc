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

 private:
  JsonWriter& w_;
  bool skip_origin_;
};

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
