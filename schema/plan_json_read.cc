// Reading a plan from JSON: the adapter over nlohmann::json's parser (its exceptions stop here),
// then a strict walk of the field tables of plan_fields.h that reports the first problem found.
#include "schema/plan_json.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "schema/plan_fields.h"

namespace svc::plan {
namespace {

using Json = nlohmann::json;

std::string Join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string Index(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

std::string TypeName(const Json& value) {
  if (value.is_number_integer()) return "integer";
  if (value.is_number_float()) return "number";
  return value.type_name();
}

// A value from the input, quoted and cut short, for error messages.
std::string Quote(std::string_view text) {
  constexpr size_t kMax = 60;
  if (text.size() <= kMax) return "\"" + std::string(text) + "\"";
  return "\"" + std::string(text.substr(0, kMax)) + "...\"";
}

std::string RangeText(const fields::IntRange& range) {
  constexpr auto kMin = std::numeric_limits<int64_t>::min();
  constexpr auto kMax = std::numeric_limits<int64_t>::max();
  if (range.max == kMax) return "must be >= " + std::to_string(range.min);
  if (range.min == kMin) return "must be <= " + std::to_string(range.max);
  return "must be between " + std::to_string(range.min) + " and " + std::to_string(range.max);
}

// Decode() overloads are members so that each sees all the others. Each returns false after
// recording the first error; decoding stops there.
class Decoder {
 public:
  const std::string& error() const { return error_; }

  bool Fail(const std::string& path, const std::string& message) {
    error_ = path.empty() ? message : path + ": " + message;
    return false;
  }

  bool ExpectType(const Json& value, const std::string& path, bool ok, const char* expected) {
    return ok || Fail(path, std::string("expected ") + expected + ", got " + TypeName(value));
  }

  bool Decode(const Json& value, const std::string& path, std::string& out,
              const fields::Rule& rule) {
    if (!ExpectType(value, path, value.is_string(), "string")) return false;
    out = value.get<std::string>();
    if (rule.choices.empty()) return true;
    std::string list;
    for (std::string_view choice : rule.choices) {
      if (out == choice) return true;
      list += (list.empty() ? "" : ", ") + std::string(choice);
    }
    return Fail(path, Quote(out) + " is not one of: " + list);
  }

  bool Decode(const Json& value, const std::string& path, int64_t& out, const fields::Rule& rule) {
    if (!ExpectType(value, path, value.is_number_integer(), "integer")) return false;
    constexpr auto kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    if (value.is_number_unsigned() && value.get<uint64_t>() > kMax) {
      return Fail(path, std::to_string(value.get<uint64_t>()) + " is too large");
    }
    out = value.get<int64_t>();
    if (rule.range && (out < rule.range->min || out > rule.range->max)) {
      return Fail(path, std::to_string(out) + " is out of range (" + RangeText(*rule.range) + ")");
    }
    return true;
  }

  bool Decode(const Json& value, const std::string& path, bool& out, const fields::Rule&) {
    if (!ExpectType(value, path, value.is_boolean(), "boolean")) return false;
    out = value.get<bool>();
    return true;
  }

  bool Decode(const Json& value, const std::string& path, std::map<std::string, std::string>& out,
              const fields::Rule& rule) {
    if (!ExpectType(value, path, value.is_object(), "object")) return false;
    out.clear();
    for (const auto& [key, item] : value.items()) {
      if (!Decode(item, Join(path, key), out[key], rule)) return false;
    }
    return true;
  }

  // A JSON object's keys come sorted (nlohmann::json keeps them in a std::map), as the flat
  // map wants them.
  bool Decode(const Json& value, const std::string& path, OriginOptions& out,
              const fields::Rule& rule) {
    if (!ExpectType(value, path, value.is_object(), "object")) return false;
    out.clear();
    out.reserve(value.size());
    for (const auto& [key, item] : value.items()) {
      out.emplace_back(key, SourceLine{});
      if (!Decode(item, Join(path, key), out.back().second, rule)) return false;
    }
    return true;
  }

  // "path:line", where path is one of source.files (read before the rest, see FromJson), or "".
  bool Decode(const Json& value, const std::string& path, SourceLine& out, const fields::Rule&) {
    if (!ExpectType(value, path, value.is_string(), "string")) return false;
    const std::string& text = value.get_ref<const std::string&>();
    out = SourceLine{};
    if (text.empty()) return true;
    size_t colon = text.rfind(':');
    int32_t line = 0;
    const char* end = text.data() + text.size();
    if (colon == std::string::npos ||
        std::from_chars(text.data() + colon + 1, end, line).ptr != end || line < 1) {
      return Fail(path, Quote(text) + " is not file:line");
    }
    std::string_view file(text.data(), colon);
    for (size_t i = 0; i < files_.size(); ++i) {
      if (files_[i].path == file) {
        out = SourceLine{static_cast<int32_t>(i), line};
        return true;
      }
    }
    return Fail(path, Quote(text) + " names a file that is not in source.files");
  }

  // The files origins refer to: source.files, decoded ahead of the fields.
  void set_files(std::vector<SourceFile> files) { files_ = std::move(files); }

  template <class T>
  bool Decode(const Json& value, const std::string& path, std::vector<T>& out,
              const fields::Rule& rule) {
    if (!ExpectType(value, path, value.is_array(), "array")) return false;
    out.assign(value.size(), T{});
    for (size_t i = 0; i < value.size(); ++i) {
      if (!Decode(value[i], Index(path, i), out[i], rule)) return false;
    }
    return true;
  }

  template <class T>
  bool Decode(const Json& value, const std::string& path, std::optional<T>& out,
              const fields::Rule& rule) {
    if (value.is_null()) {
      out.reset();
      return true;
    }
    out.emplace();
    return Decode(value, path, *out, rule);
  }

  template <class S>
  requires std::is_class_v<S>
  bool Decode(const Json& value, const std::string& path, S& out, const fields::Rule&) {
    if (!ExpectType(value, path, value.is_object(), "object")) return false;
    std::vector<std::string_view> known;
    bool ok = true;
    auto get = [&](const char* key, auto& member, const fields::Rule& rule = {}) {
      known.push_back(key);
      if (!ok) return;
      auto it = value.find(key);
      ok = it == value.end() ? Fail(Join(path, key), "missing required field")
                             : Decode(*it, Join(path, key), member, rule);
    };
    fields::Visit(out, get);
    return ok && RejectUnknown(value, path, known);
  }

 private:
  bool RejectUnknown(const Json& value, const std::string& path,
                     const std::vector<std::string_view>& known) {
    for (const auto& [key, item] : value.items()) {
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        return Fail(Join(path, key), "unknown field");
      }
    }
    return true;
  }

  std::string error_;
  std::vector<SourceFile> files_;
};

// nlohmann's messages start with "[json.exception.parse_error.101] "; keep what follows.
std::string WithoutExceptionTag(const std::string& what) {
  size_t end = what.rfind("] ", what.find(' '));
  return end == std::string::npos ? what : what.substr(end + 2);
}

tl::expected<Json, std::string> Parse(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return tl::unexpected(std::string("plan is empty"));
  }
  try {
    return Json::parse(text);
  } catch (const Json::exception& e) {
    return tl::unexpected("plan is not valid JSON: " + WithoutExceptionTag(e.what()));
  }
}

// Checked before the fields: a plan of another version may differ in any field.
bool CheckVersion(const Json& root, Decoder& decoder) {
  if (!root.is_object()) return decoder.Fail("", "expected a JSON object, got " + TypeName(root));
  auto it = root.find("plan_version");
  if (it == root.end()) return decoder.Fail("plan_version", "missing required field");
  if (!decoder.ExpectType(*it, "plan_version", it->is_number_integer(), "integer")) return false;
  // nlohmann stores non-negative integers as unsigned.
  const bool supported = it->is_number_unsigned()
                             ? it->get<uint64_t>() == static_cast<uint64_t>(kPlanVersion)
                             : it->get<int64_t>() == kPlanVersion;
  if (!supported) {
    return decoder.Fail("", "plan_version " + it->dump() +
                                " is not supported by this svcd (expects " +
                                std::to_string(kPlanVersion) + ")");
  }
  return true;
}

}  // namespace

tl::expected<Plan, std::string> FromJson(std::string_view text) {
  auto root = Parse(text);
  if (!root) return tl::unexpected(root.error());
  Decoder decoder;
  Plan plan;
  if (!CheckVersion(*root, decoder)) return tl::unexpected(decoder.error());
  // Origins name their files by path; the field walk meets them before `source`.
  if (auto it = root->find("source"); it != root->end()) {
    Decoder first;
    Source source;
    if (first.Decode(*it, "source", source, {})) decoder.set_files(std::move(source.files));
  }
  if (!decoder.Decode(*root, "", plan, {})) return tl::unexpected(decoder.error());
  return plan;
}

}  // namespace svc::plan
