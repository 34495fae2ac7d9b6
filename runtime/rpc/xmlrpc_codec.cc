#include "runtime/rpc/xmlrpc_codec.h"

#include <xmlrpc-c/base.h>

#include <climits>
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

xmlrpc_c::value ToXmlrpc(const Value& in);

struct ToXmlrpcVisitor {
  xmlrpc_c::value operator()(int64_t i) const {
    if (i >= INT_MIN && i <= INT_MAX) return xmlrpc_c::value_int(static_cast<int>(i));
    return xmlrpc_c::value_i8(i);
  }
  xmlrpc_c::value operator()(bool b) const { return xmlrpc_c::value_boolean(b); }
  xmlrpc_c::value operator()(double d) const { return xmlrpc_c::value_double(d); }
  xmlrpc_c::value operator()(const std::string& s) const {
    return xmlrpc_c::value_string(SanitizeXmlText(s), xmlrpc_c::value_string::nlCode_lf);
  }
  xmlrpc_c::value operator()(const Array& a) const {
    std::vector<xmlrpc_c::value> items;
    items.reserve(a.size());
    for (const Value& item : a) items.push_back(ToXmlrpc(item));
    return xmlrpc_c::value_array(items);
  }
  xmlrpc_c::value operator()(const Struct& s) const {
    std::map<std::string, xmlrpc_c::value> members;
    for (const auto& [key, item] : s) members.emplace(SanitizeXmlText(key), ToXmlrpc(item));
    return xmlrpc_c::value_struct(members);
  }
  xmlrpc_c::value operator()(const Base64& b) const {
    return xmlrpc_c::value_bytestring(std::vector<unsigned char>(b.bytes.begin(), b.bytes.end()));
  }
  xmlrpc_c::value operator()(const DateTime& d) const {
    return xmlrpc_c::value_datetime(d.iso8601);
  }
};

xmlrpc_c::value ToXmlrpc(const Value& in) { return std::visit(ToXmlrpcVisitor{}, in.v); }

// Used only if xmlrpc-c itself fails to render (out of memory): a fixed, valid fault.
constexpr char kRenderFailure[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<methodResponse>\r\n<fault>\r\n<value><struct>"
    "\r\n<member><name>faultCode</name>\r\n<value><i4>30</i4></value></member>\r\n<member><name>"
    "faultString</name>\r\n<value><string>FAILED</string></value></member>\r\n</struct></value>"
    "\r\n</fault>\r\n</methodResponse>\r\n";

std::string Render(const xmlrpc_c::rpcOutcome& outcome) {
  std::string xml;
  xmlrpc_c::xml::generateResponse(outcome, &xml);
  return xml;
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
  try {
    return Render(xmlrpc_c::rpcOutcome(ToXmlrpc(value)));
  } catch (...) {
    return kRenderFailure;
  }
}

std::string RenderFault(const Fault& fault) {
  try {
    return Render(xmlrpc_c::rpcOutcome(xmlrpc_c::fault(
        SanitizeXmlText(fault.text), static_cast<xmlrpc_c::fault::code_t>(fault.code))));
  } catch (...) {
    return kRenderFailure;
  }
}

}  // namespace svc::runtime::rpc
