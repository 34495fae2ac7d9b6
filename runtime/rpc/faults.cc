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

std::string RereadError(std::string_view diagnostics) {
  constexpr std::string_view kError = ": error: ";
  std::size_t at = diagnostics.find(kError);
  if (at == std::string_view::npos) {
    while (!diagnostics.empty() && diagnostics.back() == '\n') diagnostics.remove_suffix(1);
    return std::string(diagnostics);
  }
  std::size_t line_start = diagnostics.rfind('\n', at);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  std::string_view where = diagnostics.substr(line_start, at - line_start);  // FILE:L:C
  std::string_view message = diagnostics.substr(at + kError.size());
  message = message.substr(0, message.find('\n'));
  if (message.size() > 2 && message.back() == ']') {
    std::size_t code = message.rfind(" [");
    if (code != std::string_view::npos) message = message.substr(0, code);
  }
  std::string_view file = where;
  for (int i = 0; i < 2; ++i) {
    std::size_t colon = file.rfind(':');
    if (colon == std::string_view::npos) break;
    file = file.substr(0, colon);
  }
  std::size_t open = message.find(" in [");
  std::size_t close = open == std::string_view::npos ? open : message.find("]: ", open);
  if (close == std::string_view::npos) return std::string(message);
  std::string_view section = message.substr(open + 5, close - open - 5);
  std::string_view why = message.substr(close + 3);
  return std::string(why) + " in section '" + std::string(section) + "' (file: '" +
         std::string(file) + "')";
}

}  // namespace svc::runtime::rpc
