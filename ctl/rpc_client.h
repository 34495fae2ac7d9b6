// svcctl's XML-RPC client: one call = one HTTP POST /RPC2 (supervisorctl opens a new
// connection per call too). Errors keep the distinctions supervisorctl reports on.
#pragma once

#include <string>

#include <tl/expected.hpp>

#include "ctl/faults.h"
#include "ctl/http_client.h"
#include "ctl/value.h"

namespace svc::ctl {

struct RpcError {
  enum class Kind { kFault, kSocket, kProtocol, kBadResponse };
  Kind kind = Kind::kBadResponse;
  int code = 0;      // fault code, errno, or HTTP status
  std::string text;  // fault string, OS/curl message, HTTP reason, parser message

  bool IsFault(int fault) const { return kind == Kind::kFault && code == fault; }
  bool IsSocket(int err) const { return kind == Kind::kSocket && code == err; }
  bool IsUnauthorized() const { return kind == Kind::kProtocol && code == 401; }
};

// What supervisorctl prints after `error: ` for an exception it did not expect, without its
// Python `: file: ... line: ...` suffix, e.g. `<class 'xmlrpc.client.Fault'>, <Fault 6:
// 'SHUTDOWN_STATE'>`.
std::string DescribeError(const RpcError& error);

class RpcClient {
 public:
  explicit RpcClient(ServerAddress* server) : server_(server) {}
  tl::expected<Value, RpcError> Call(const std::string& method, const Array& params = {});

 private:
  ServerAddress* server_;
};

}  // namespace svc::ctl
