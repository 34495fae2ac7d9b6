// Reading an XML-RPC methodResponse into ctl::Value without xmlrpc-c (see xml_response.cc).
#pragma once

#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "ctl/xmlrpc_codec.h"

namespace svc::ctl {

// The value or fault of a methodResponse; an error text for anything else.
tl::expected<Outcome, std::string> ParseResponse(std::string_view xml);

}  // namespace svc::ctl
