// Adapter between Value and xmlrpc-c's value classes.
#include "ctl/xmlrpc_codec.h"

#include <algorithm>
#include <exception>
#include <map>
#include <vector>

#include <xmlrpc-c/base.h>
#include <xmlrpc-c/base.hpp>
#include <xmlrpc-c/girerr.hpp>
#include <xmlrpc-c/xml.hpp>

namespace svc::ctl {
namespace {

xmlrpc_c::value ToXml(const Value& v) {
  if (const auto* b = std::get_if<bool>(&v.v)) return xmlrpc_c::value_boolean(*b);
  if (const auto* i = std::get_if<int64_t>(&v.v)) {
    return xmlrpc_c::value_int(static_cast<int>(*i));
  }
  if (const auto* d = std::get_if<double>(&v.v)) return xmlrpc_c::value_double(*d);
  if (const auto* s = std::get_if<std::string>(&v.v)) return xmlrpc_c::value_string(*s);
  if (const auto* a = std::get_if<Array>(&v.v)) {
    std::vector<xmlrpc_c::value> items;
    for (const auto& item : *a) items.push_back(ToXml(item));
    return xmlrpc_c::value_array(items);
  }
  if (const auto* st = std::get_if<Struct>(&v.v)) {
    std::map<std::string, xmlrpc_c::value> members;
    for (const auto& [k, item] : *st) members.emplace(k, ToXml(item));
    return xmlrpc_c::value_struct(members);
  }
  return xmlrpc_c::value_nil();
}

Value FromXml(const xmlrpc_c::value& x) {
  switch (x.type()) {
    case xmlrpc_c::value::TYPE_INT:
      return Value(static_cast<int64_t>(xmlrpc_c::value_int(x).cvalue()));
    case xmlrpc_c::value::TYPE_I8:
      return Value(static_cast<int64_t>(xmlrpc_c::value_i8(x).cvalue()));
    case xmlrpc_c::value::TYPE_BOOLEAN:
      return Value(xmlrpc_c::value_boolean(x).cvalue());
    case xmlrpc_c::value::TYPE_DOUBLE: {
      Value d;
      d.v = xmlrpc_c::value_double(x).cvalue();
      return d;
    }
    case xmlrpc_c::value::TYPE_STRING:
      return Value(xmlrpc_c::value_string(x).cvalue());
    case xmlrpc_c::value::TYPE_DATETIME:
      return Value(xmlrpc_c::value_datetime(x).iso8601Value());
    case xmlrpc_c::value::TYPE_BYTESTRING: {
      auto bytes = xmlrpc_c::value_bytestring(x).vectorUcharValue();
      return Value(std::string(bytes.begin(), bytes.end()));
    }
    case xmlrpc_c::value::TYPE_ARRAY: {
      Array items;
      for (const auto& item : xmlrpc_c::value_array(x).vectorValueValue()) {
        items.push_back(FromXml(item));
      }
      return Value(std::move(items));
    }
    case xmlrpc_c::value::TYPE_STRUCT: {
      Struct members;
      for (const auto& [k, item] :
           static_cast<std::map<std::string, xmlrpc_c::value>>(xmlrpc_c::value_struct(x))) {
        members.emplace_back(k, FromXml(item));
      }
      return Value(std::move(members));
    }
    default:
      return Value();
  }
}

}  // namespace

tl::expected<std::string, std::string> EncodeCall(const std::string& method, const Array& params) {
  try {
    xmlrpc_c::paramList list;
    for (const auto& p : params) list.add(ToXml(p));
    std::string xml;
    xmlrpc_c::xml::generateCall(method, list, &xml);
    return xml;
  } catch (const std::exception& e) {
    return tl::unexpected(std::string(e.what()));
  }
}

tl::expected<Outcome, std::string> DecodeResponse(const std::string& xml) {
  // A tail of a big log is one big string; xmlrpc-c refuses documents over 512 KiB by default.
  xmlrpc_limit_set(XMLRPC_XML_SIZE_LIMIT_ID, std::max<size_t>(xml.size() + 1, 1 << 19));
  try {
    xmlrpc_c::rpcOutcome outcome;
    xmlrpc_c::xml::parseResponse(xml, &outcome);
    Outcome out;
    out.ok = outcome.succeeded();
    if (out.ok) {
      out.value = FromXml(outcome.getResult());
    } else {
      out.fault.code = static_cast<int>(outcome.getFault().getCode());
      out.fault.text = outcome.getFault().getDescription();
    }
    return out;
  } catch (const std::exception& e) {
    return tl::unexpected(std::string(e.what()));
  }
}

}  // namespace svc::ctl
