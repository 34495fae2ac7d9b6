// Lenient accessors of Value.
#include "ctl/value.h"

namespace svc::ctl {
namespace {
const std::string kEmptyString;
const Array kEmptyArray;
const Value kNull;
}  // namespace

int64_t Value::Int() const {
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  if (const auto* b = std::get_if<bool>(&v)) return *b ? 1 : 0;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  return 0;
}

bool Value::Bool() const {
  if (const auto* b = std::get_if<bool>(&v)) return *b;
  return Int() != 0;
}

const std::string& Value::Str() const {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return kEmptyString;
}

const Array& Value::Arr() const {
  if (const auto* a = std::get_if<Array>(&v)) return *a;
  return kEmptyArray;
}

const Value& Value::Get(std::string_view key) const {
  if (const auto* s = std::get_if<Struct>(&v)) {
    for (const auto& [k, val] : *s) {
      if (k == key) return val;
    }
  }
  return kNull;
}

}  // namespace svc::ctl
