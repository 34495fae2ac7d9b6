// XML-RPC marshalling for svcctl (written and read directly, see xmlrpc_codec.cc). Errors are
// returned as texts (design.md: no exceptions in our code).
#pragma once

#include <string>

#include <tl/expected.hpp>

#include "ctl/value.h"

namespace svc::ctl {

struct Fault {
  int code = 0;
  std::string text;
};

// A decoded methodResponse: either a value or a fault.
struct Outcome {
  bool ok = false;
  Value value;
  Fault fault;
};

tl::expected<std::string, std::string> EncodeCall(const std::string& method, const Array& params);
tl::expected<Outcome, std::string> DecodeResponse(const std::string& xml);

}  // namespace svc::ctl
