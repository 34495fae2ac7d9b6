// XML-RPC for svcctl, written and read directly (no xmlrpc-c: its per-node C values made
// `status` against 1,000 processes three times slower).
#include "ctl/xmlrpc_codec.h"

#include <cstdint>
#include <cstdio>

#include "ctl/xml_response.h"

namespace svc::ctl {
namespace {

void AppendEscaped(std::string& out, const std::string& text) {
  for (char c : text) {
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
      default:
        out += c;
    }
  }
}

// Values in the layout of Python's xmlrpc.client.dumps, which supervisorctl sends.
void AppendValue(std::string& out, const Value& v) {
  out += "<value>";
  if (const auto* b = std::get_if<bool>(&v.v)) {
    out += *b ? "<boolean>1</boolean>" : "<boolean>0</boolean>";
  } else if (const auto* i = std::get_if<int64_t>(&v.v)) {
    bool small = *i >= INT32_MIN && *i <= INT32_MAX;
    out += small ? "<int>" : "<i8>";
    out += std::to_string(*i);
    out += small ? "</int>" : "</i8>";
  } else if (const auto* d = std::get_if<double>(&v.v)) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", *d);
    out += "<double>";
    out += buffer;
    out += "</double>";
  } else if (const auto* s = std::get_if<std::string>(&v.v)) {
    out += "<string>";
    AppendEscaped(out, *s);
    out += "</string>";
  } else if (const auto* a = std::get_if<Array>(&v.v)) {
    out += "<array><data>\n";
    for (const auto& item : *a) AppendValue(out, item);
    out += "</data></array>";
  } else if (const auto* st = std::get_if<Struct>(&v.v)) {
    out += "<struct>\n";
    for (const auto& [k, item] : *st) {
      out += "<member>\n<name>";
      AppendEscaped(out, k);
      out += "</name>\n";
      AppendValue(out, item);
      out += "</member>\n";
    }
    out += "</struct>";
  } else {
    out += "<nil/>";
  }
  out += "</value>\n";
}

}  // namespace

tl::expected<std::string, std::string> EncodeCall(const std::string& method, const Array& params) {
  std::string xml = "<?xml version='1.0'?>\n<methodCall>\n<methodName>";
  AppendEscaped(xml, method);
  xml += "</methodName>\n<params>\n";
  for (const auto& p : params) {
    xml += "<param>\n";
    AppendValue(xml, p);
    xml += "</param>\n";
  }
  xml += "</params>\n</methodCall>\n";
  return xml;
}

tl::expected<Outcome, std::string> DecodeResponse(const std::string& xml) {
  return ParseResponse(xml);
}

}  // namespace svc::ctl
