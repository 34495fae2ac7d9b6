// Supervisor's XML-RPC fault codes (xmlrpc.Faults) and their fault strings: "<NAME>" or
// "<NAME>: <extra>", exactly as RPCError builds them.
#pragma once

#include <string>
#include <string_view>

namespace svc::runtime::rpc {

enum class FaultCode : int {
  kUnknownMethod = 1,
  kIncorrectParameters = 2,
  kBadArguments = 3,
  kSignatureUnsupported = 4,
  kShutdownState = 6,
  kBadName = 10,
  kBadSignal = 11,
  kNoFile = 20,
  kNotExecutable = 21,
  kFailed = 30,
  kAbnormalTermination = 40,
  kSpawnError = 50,
  kAlreadyStarted = 60,
  kNotRunning = 70,
  kSuccess = 80,
  kAlreadyAdded = 90,
  kStillRunning = 91,
  kCantReread = 92,
};

struct Fault {
  FaultCode code = FaultCode::kFailed;
  std::string text;  // the full faultString
  bool operator==(const Fault&) const = default;
};

// "BAD_NAME"; "UNKNOWN" for a code outside the table (getFaultDescription).
std::string_view FaultName(FaultCode code);

// RPCError(code, extra): "<NAME>" when extra is empty, else "<NAME>: <extra>".
Fault MakeFault(FaultCode code, std::string_view extra = {});

// CANT_REREAD's extra text from svc's diagnostics (`FILE:L:C: error: MSG [code]` lines, with
// warnings and source excerpts): the first error, worded as 4.2.5 words a value error,
// `<why> in section '<section>' (file: '<file>')`, when MSG names its section; else MSG alone.
std::string RereadError(std::string_view diagnostics);

}  // namespace svc::runtime::rpc
