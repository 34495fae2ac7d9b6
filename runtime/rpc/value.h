// An XML-RPC value as svc's RPC methods build and read it, independent of xmlrpc-c: the adapter
// (xmlrpc_codec.cc) converts to and from xmlrpc-c's types, so no library type or throw leaks out.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace svc::runtime::rpc {

struct Value;
using Array = std::vector<Value>;
using Struct = std::map<std::string, Value>;

// Binary (base64) and dateTime are kept as their own kinds so a type check can reject them.
struct Base64 {
  std::string bytes;
  bool operator==(const Base64&) const = default;
};
struct DateTime {
  std::string iso8601;
  bool operator==(const DateTime&) const = default;
};

struct Value {
  std::variant<int64_t, bool, double, std::string, Array, Struct, Base64, DateTime> v;

  Value() : v(int64_t{0}) {}
  Value(int i) : v(int64_t{i}) {}              // NOLINT: implicit by design
  Value(int64_t i) : v(i) {}                   // NOLINT
  Value(bool b) : v(b) {}                      // NOLINT
  Value(double d) : v(d) {}                    // NOLINT
  Value(std::string s) : v(std::move(s)) {}    // NOLINT
  Value(const char* s) : v(std::string(s)) {}  // NOLINT
  Value(Array a) : v(std::move(a)) {}          // NOLINT
  Value(Struct s) : v(std::move(s)) {}         // NOLINT
  Value(Base64 b) : v(std::move(b)) {}         // NOLINT
  Value(DateTime d) : v(std::move(d)) {}       // NOLINT

  bool is_int() const { return std::holds_alternative<int64_t>(v); }
  bool is_bool() const { return std::holds_alternative<bool>(v); }
  bool is_string() const { return std::holds_alternative<std::string>(v); }
  bool is_array() const { return std::holds_alternative<Array>(v); }
  bool is_struct() const { return std::holds_alternative<Struct>(v); }
  int64_t as_int() const { return std::get<int64_t>(v); }
  bool as_bool() const { return std::get<bool>(v); }
  const std::string& as_string() const { return std::get<std::string>(v); }
  const Array& as_array() const { return std::get<Array>(v); }
  const Struct& as_struct() const { return std::get<Struct>(v); }
  bool operator==(const Value&) const = default;
};

}  // namespace svc::runtime::rpc
