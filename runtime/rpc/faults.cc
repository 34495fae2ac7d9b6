#include "runtime/rpc/faults.h"

namespace svc::runtime::rpc {
namespace {

struct FaultRow {
  FaultCode code;
  std::string_view name;
};

constexpr FaultRow kFaults[] = {
    {FaultCode::kUnknownMethod, "UNKNOWN_METHOD"},
    {FaultCode::kIncorrectParameters, "INCORRECT_PARAMETERS"},
    {FaultCode::kBadArguments, "BAD_ARGUMENTS"},
    {FaultCode::kSignatureUnsupported, "SIGNATURE_UNSUPPORTED"},
    {FaultCode::kShutdownState, "SHUTDOWN_STATE"},
    {FaultCode::kBadName, "BAD_NAME"},
    {FaultCode::kBadSignal, "BAD_SIGNAL"},
    {FaultCode::kNoFile, "NO_FILE"},
    {FaultCode::kNotExecutable, "NOT_EXECUTABLE"},
    {FaultCode::kFailed, "FAILED"},
    {FaultCode::kAbnormalTermination, "ABNORMAL_TERMINATION"},
    {FaultCode::kSpawnError, "SPAWN_ERROR"},
    {FaultCode::kAlreadyStarted, "ALREADY_STARTED"},
    {FaultCode::kNotRunning, "NOT_RUNNING"},
    {FaultCode::kSuccess, "SUCCESS"},
    {FaultCode::kAlreadyAdded, "ALREADY_ADDED"},
    {FaultCode::kStillRunning, "STILL_RUNNING"},
    {FaultCode::kCantReread, "CANT_REREAD"},
};

}  // namespace

std::string_view FaultName(FaultCode code) {
  for (const FaultRow& row : kFaults) {
    if (row.code == code) return row.name;
  }
  return "UNKNOWN";
}

Fault MakeFault(FaultCode code, std::string_view extra) {
  std::string text(FaultName(code));
  if (!extra.empty()) {
    text += ": ";
    text += extra;
  }
  return {code, std::move(text)};
}

}  // namespace svc::runtime::rpc
