// The adapter over xmlrpc-c: parse a methodCall body, render a methodResponse or a fault. The
// only file that includes xmlrpc-c; its exceptions are caught here and become results.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "runtime/rpc/faults.h"
#include "runtime/rpc/value.h"

namespace svc::runtime::rpc {

struct Call {
  std::string method;
  Array params;
};

// Raises xmlrpc-c's XML size limit (512 KiB by default) to the HTTP body limit.
void SetXmlSizeLimit(std::size_t bytes);

// A methodCall document → method name and params. The error text is for the main log
// (supervisord: "XML-RPC request data '...' is invalid: unmarshallable").
[[nodiscard]] tl::expected<Call, std::string> ParseCall(std::string_view xml);

// A methodResponse holding `value`. Strings that are not valid UTF-8 have each bad byte
// replaced by U+FFFD, and characters XML 1.0 cannot carry (most C0 controls) by U+FFFD too, so
// every answer parses (Supervisor answers HTTP 500 or sends unparsable XML: quirk 27).
std::string RenderResponse(const Value& value);
std::string RenderFault(const Fault& fault);

// The UTF-8/XML cleaning RenderResponse applies to every string.
std::string SanitizeXmlText(std::string_view text);

}  // namespace svc::runtime::rpc
