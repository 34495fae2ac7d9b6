// Calling a method by name as supervisor's xmlrpc.traverse does: exactly "namespace.method",
// no leading '_', known → else UNKNOWN_METHOD; wrong arity or types → INCORRECT_PARAMETERS;
// then SHUTDOWN_STATE for supervisor.* methods once shutdown or restart began.
#pragma once

#include <string_view>

#include "runtime/rpc/backend.h"
#include "runtime/rpc/method_table.h"
#include "runtime/rpc/reply.h"

namespace svc::runtime::rpc {

class Dispatcher {
 public:
  explicit Dispatcher(Backend& backend);
  Reply Invoke(std::string_view method, const Array& params);

 private:
  MethodContext context_;
};

// Whether `params` fit the row's parameter letters (exposed for tests).
bool ParamsFit(const MethodRow& row, const Array& params);

}  // namespace svc::runtime::rpc
