// XML-RPC calls over http_client, and the Python-style error descriptions.
#include "ctl/rpc_client.h"

#include <cerrno>
#include <cstring>

#include "ctl/format.h"
#include "ctl/xmlrpc_codec.h"

namespace svc::ctl {
namespace {

// The Python exception class a socket error of this errno is raised as.
const char* PythonOsErrorClass(int err) {
  static constexpr struct {
    int err;
    const char* name;
  } kClasses[] = {{ECONNREFUSED, "ConnectionRefusedError"},
                  {ENOENT, "FileNotFoundError"},
                  {EACCES, "PermissionError"},
                  {EPERM, "PermissionError"},
                  {ECONNRESET, "ConnectionResetError"},
                  {ECONNABORTED, "ConnectionAbortedError"},
                  {EPIPE, "BrokenPipeError"},
                  {ETIMEDOUT, "TimeoutError"}};
  for (const auto& row : kClasses) {
    if (row.err == err) return row.name;
  }
  return "OSError";
}

}  // namespace

std::string DescribeError(const RpcError& error) {
  switch (error.kind) {
    case RpcError::Kind::kFault:
      return "<class 'xmlrpc.client.Fault'>, <Fault " + std::to_string(error.code) + ": " +
             PyRepr(error.text) + ">";
    case RpcError::Kind::kSocket:
      if (error.code == 0) return "<class 'OSError'>, " + error.text;
      return std::string("<class '") + PythonOsErrorClass(error.code) + "'>, [Errno " +
             std::to_string(error.code) + "] " + std::strerror(error.code);
    case RpcError::Kind::kProtocol:
      return "<class 'xmlrpc.client.ProtocolError'>, <ProtocolError for 127.0.0.1/RPC2: " +
             std::to_string(error.code) + " " + error.text + ">";
    case RpcError::Kind::kBadResponse:
      break;
  }
  return "<class 'xml.parsers.expat.ExpatError'>, " + error.text;
}

tl::expected<Value, RpcError> RpcClient::Call(const std::string& method, const Array& params) {
  auto xml = EncodeCall(method, params);
  if (!xml) return tl::unexpected(RpcError{RpcError::Kind::kBadResponse, 0, xml.error()});
  auto response = PostXml(*server_, *xml);
  if (!response) {
    return tl::unexpected(
        RpcError{RpcError::Kind::kSocket, response.error().os_errno, response.error().message});
  }
  if (response->status != 200) {
    return tl::unexpected(
        RpcError{RpcError::Kind::kProtocol, static_cast<int>(response->status), response->reason});
  }
  auto outcome = DecodeResponse(response->body);
  if (!outcome) {
    return tl::unexpected(RpcError{RpcError::Kind::kBadResponse, 0, outcome.error()});
  }
  if (!outcome->ok) {
    return tl::unexpected(
        RpcError{RpcError::Kind::kFault, outcome->fault.code, outcome->fault.text});
  }
  return std::move(outcome->value);
}

}  // namespace svc::ctl
