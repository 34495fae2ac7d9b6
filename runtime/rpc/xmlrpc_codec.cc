#include "runtime/rpc/xmlrpc_codec.h"

#include <xmlrpc-c/base.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <xmlrpc-c/base.hpp>
#include <xmlrpc-c/girerr.hpp>
#include <xmlrpc-c/xml.hpp>

namespace svc::runtime::rpc {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence at text[i], or 0 when it is not one.
std::size_t Utf8Length(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (n == 0 || c > 0xF4 || i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  unsigned char c1 = byte(i + 1);
  if (c == 0xE0 && c1 < 0xA0) return 0;                                    // overlong
  if (c == 0xED && c1 >= 0xA0) return 0;                                   // surrogates
  if (c == 0xF0 && c1 < 0x90) return 0;                                    // overlong
  if (c == 0xF4 && c1 >= 0x90) return 0;                                   // > U+10FFFF
  if (c == 0xEF && c1 == 0xBF && n == 3 && byte(i + 2) >= 0xBE) return 0;  // U+FFFE/FFFF
  return n;
}

bool XmlControl(unsigned char c) { return c < 0x20 && c != '\t' && c != '\n' && c != '\r'; }

bool FromXmlrpc(const xmlrpc_c::value& in, Value& out, std::string& error) {
  switch (in.type()) {
    case xmlrpc_c::value::TYPE_INT:
      out = Value(int64_t{xmlrpc_c::value_int(in).cvalue()});
      return true;
    case xmlrpc_c::value::TYPE_I8:
      out = Value(int64_t{xmlrpc_c::value_i8(in).cvalue()});
      return true;
    case xmlrpc_c::value::TYPE_BOOLEAN:
      out = Value(xmlrpc_c::value_boolean(in).cvalue());
      return true;
    case xmlrpc_c::value::TYPE_DOUBLE:
      out = Value(xmlrpc_c::value_double(in).cvalue());
      return true;
    case xmlrpc_c::value::TYPE_STRING:
      out = Value(xmlrpc_c::value_string(in).cvalue());
      return true;
    case xmlrpc_c::value::TYPE_DATETIME:
      out = Value(DateTime{xmlrpc_c::value_datetime(in).iso8601Value()});
      return true;
    case xmlrpc_c::value::TYPE_BYTESTRING: {
      auto bytes = xmlrpc_c::value_bytestring(in).vectorUcharValue();
      out = Value(Base64{std::string(bytes.begin(), bytes.end())});
      return true;
    }
    case xmlrpc_c::value::TYPE_ARRAY: {
      Array items;
      for (const xmlrpc_c::value& item : xmlrpc_c::value_array(in).vectorValueValue()) {
        if (!FromXmlrpc(item, items.emplace_back(), error)) return false;
      }
      out = Value(std::move(items));
      return true;
    }
    case xmlrpc_c::value::TYPE_STRUCT: {
      Struct members;
      for (const auto& [key, item] :
           static_cast<std::map<std::string, xmlrpc_c::value>>(xmlrpc_c::value_struct(in))) {
        if (!FromXmlrpc(item, members[key], error)) return false;
      }
      out = Value(std::move(members));
      return true;
    }
    default:
      error = "unsupported value type";
      return false;
  }
}

// Responses are written directly (not through xmlrpc-c's value objects, which cost an allocation
// per member: getAllProcessInfo for 1,000 processes is 15,000 values).
// Plain printable ASCII without markup needs neither sanitizing nor escaping: names, states,
// paths and descriptions almost always are.
bool IsPlainText(std::string_view text) {
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == '&' || c == '<' || c == '>') return false;
  }
  return true;
}

void AppendEscaped(std::string& out, std::string_view text) {
  if (IsPlainText(text)) {
    out.append(text);
    return;
  }
  std::string clean = SanitizeXmlText(text);
  for (char c : clean) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '\r':
        out += "&#13;";
        break;
      default:
        out += c;
    }
  }
}

void AppendBase64(std::string& out, std::string_view bytes) {
  static constexpr char kDigits[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kDigits[(n >> shift) & 63];
  }
  if (i < bytes.size()) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kDigits[(n >> 18) & 63];
    out += kDigits[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kDigits[(n >> 6) & 63] : '=';
    out += '=';
  }
}

void AppendValue(std::string& out, const Value& value);

// The shortest %g text that reads back as d (what Python's repr() sends). Not std::to_chars:
// its libstdc++ object pulls in libm, which svcd otherwise does not need, and 64 KiB of
// tables: 0.45 MiB more RSS in all (docs/benchmarks.md, figure 3).
std::string ShortestDouble(double d) {
  char buffer[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, d);
    if (std::strtod(buffer, nullptr) == d) break;
  }
  return buffer;
}

struct AppendVisitor {
  std::string& out;
  void operator()(int64_t i) const {
    bool small = i >= INT_MIN && i <= INT_MAX;
    out += small ? "<i4>" : "<i8>";
    out += std::to_string(i);
    out += small ? "</i4>" : "</i8>";
  }
  void operator()(bool b) const { out += b ? "<boolean>1</boolean>" : "<boolean>0</boolean>"; }
  void operator()(double d) const {
    out += "<double>";
    out += ShortestDouble(d);
    out += "</double>";
  }
  void operator()(const std::string& s) const {
    out += "<string>";
    AppendEscaped(out, s);
    out += "</string>";
  }
  void operator()(const Array& a) const {
    out += "<array><data>\r\n";
    for (const Value& item : a) AppendValue(out, item);
    out += "</data></array>";
  }
  void operator()(const Struct& s) const {
    out += "<struct>\r\n";
    for (const auto& [key, item] : s) {
      out += "<member><name>";
      AppendEscaped(out, key);
      out += "</name>\r\n";
      AppendValue(out, item);
      out += "</member>\r\n";
    }
    out += "</struct>";
  }
  void operator()(const Base64& b) const {
    out += "<base64>";
    AppendBase64(out, b.bytes);
    out += "</base64>";
  }
  void operator()(const DateTime& d) const {
    out += "<dateTime.iso8601>";
    AppendEscaped(out, d.iso8601);
    out += "</dateTime.iso8601>";
  }
};

void AppendValue(std::string& out, const Value& value) {
  out += "<value>";
  std::visit(AppendVisitor{out}, value.v);
  out += "</value>\r\n";
}

constexpr char kXmlDeclaration[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n";

// xmlrpc-c builds the whole element tree before it checks how deep values nest, and builds and
// frees it recursively: 100k nested arrays take seconds and overflow the stack. Deeper than this
// is refused before xmlrpc-c sees it; xmlrpc-c's own value nesting limit (64) is lower anyway.
constexpr int kMaxElementDepth = 256;

// Whether elements nest deeper than `limit`, from the tags alone (processing instructions,
// comments and declarations do not nest; `<x/>` closes itself).
bool NestedDeeperThan(std::string_view xml, int limit) {
  int depth = 0;
  std::size_t i = xml.find('<');
  while (i != std::string_view::npos && i + 1 < xml.size()) {
    char next = xml[i + 1];
    std::size_t end = xml.find('>', i);
    if (end == std::string_view::npos) break;
    if (next == '/') {
      --depth;
    } else if (next != '?' && next != '!' && xml[end - 1] != '/' && ++depth > limit) {
      return true;
    }
    i = xml.find('<', end);
  }
  return false;
}

}  // namespace

void SetXmlSizeLimit(std::size_t bytes) { xmlrpc_limit_set(XMLRPC_XML_SIZE_LIMIT_ID, bytes); }

std::string SanitizeXmlText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t n = Utf8Length(text, i);
    if (n == 0 || (n == 1 && XmlControl(static_cast<unsigned char>(text[i])))) {
      out += kReplacement;
      i += 1;
      continue;
    }
    out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

tl::expected<Call, std::string> ParseCall(std::string_view xml) {
  if (NestedDeeperThan(xml, kMaxElementDepth)) {
    return tl::unexpected(std::string("elements nested deeper than ") +
                          std::to_string(kMaxElementDepth));
  }
  try {
    Call call;
    xmlrpc_c::paramList params;
    xmlrpc_c::xml::parseCall(std::string(xml), &call.method, &params);
    std::string error;
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (!FromXmlrpc(params[i], call.params.emplace_back(), error)) return tl::unexpected(error);
    }
    return call;
  } catch (const std::exception& e) {
    return tl::unexpected(std::string(e.what()));
  } catch (...) {
    return tl::unexpected(std::string("unmarshallable"));
  }
}

std::string RenderResponse(const Value& value) {
  std::string out;
  out.reserve(4096);
  out += kXmlDeclaration;
  out += "<methodResponse>\r\n<params>\r\n<param>";
  AppendValue(out, value);
  out += "</param>\r\n</params>\r\n</methodResponse>\r\n";
  return out;
}

std::string RenderFault(const Fault& fault) {
  Struct members;
  members["faultCode"] = static_cast<int64_t>(fault.code);
  members["faultString"] = fault.text;
  std::string out = kXmlDeclaration;
  out += "<methodResponse>\r\n<fault>\r\n";
  AppendValue(out, Value(std::move(members)));
  out += "</fault>\r\n</methodResponse>\r\n";
  return out;
}

}  // namespace svc::runtime::rpc
