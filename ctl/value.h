// XML-RPC values as svcctl sees them: a small tree that does not leak xmlrpc-c types into the
// commands (only xmlrpc_codec.cc knows the library).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace svc::ctl {

struct Value;
using Array = std::vector<Value>;
using Member = std::pair<std::string, Value>;
using Struct = std::vector<Member>;  // member order as received

struct Value {
  std::variant<std::monostate, bool, int64_t, double, std::string, Array, Struct> v;

  Value() = default;
  Value(bool b) : v(b) {}  // NOLINT: implicit by design, like a literal
  Value(int i) : v(int64_t{i}) {}
  Value(int64_t i) : v(i) {}
  Value(std::string s) : v(std::move(s)) {}
  Value(const char* s) : v(std::string(s)) {}
  Value(Array a) : v(std::move(a)) {}
  Value(Struct s) : v(std::move(s)) {}

  bool is_string() const { return std::holds_alternative<std::string>(v); }
  bool is_array() const { return std::holds_alternative<Array>(v); }
  bool is_struct() const { return std::holds_alternative<Struct>(v); }

  // Lenient accessors: a missing or differently typed value reads as 0 / "" / empty, so a
  // server that omits a key cannot crash the client.
  int64_t Int() const;
  bool Bool() const;
  const std::string& Str() const;
  const Array& Arr() const;
  const Value& Get(std::string_view key) const;  // struct member, or a null value
};

}  // namespace svc::ctl
