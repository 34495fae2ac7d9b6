// Stopping and signalling a ProcessMachine (process.py: stop, kill, signal, give_up).
#include <cerrno>

#include "runtime/core/check.h"
#include "runtime/core/process_machine.h"
#include "runtime/core/signals.h"

namespace svc::runtime::core {
namespace {

bool Signallable(ProcessState state) {
  return state == ProcessState::kRunning || state == ProcessState::kStarting ||
         state == ProcessState::kStopping;
}

}  // namespace

std::optional<std::string> ProcessMachine::Stop(Time now, bool report_wait, Effects& out) {
  administrative_stop_ = true;
  laststopreport_ = 0;
  std::optional<std::string> error = Kill(settings_.stopsignal, now, out);
  if (!error && report_wait && state_ == ProcessState::kStopping) stop_wait_report_ = true;
  return error;
}

std::optional<std::string> ProcessMachine::Kill(int signo, Time now, Effects& out) {
  if (state_ == ProcessState::kBackoff) {
    // A process cycling through retries stops at once instead of after them (4.2.5).
    Log(LogLevel::kDebug, "Attempted to kill " + name() + ", which is in BACKOFF state.", out);
    ChangeState(ProcessState::kStopped, now, out);
    return std::nullopt;
  }
  if (pid_ == 0) {
    std::string error =
        "attempted to kill " + name() + " with sig " + SignalName(signo) + " but it wasn't running";
    Log(LogLevel::kDebug, error, out);
    return error;
  }
  // The first signal honours stopasgroup; the SIGKILL sent while STOPPING honours killasgroup.
  const bool as_group =
      state_ == ProcessState::kStopping ? settings_.killasgroup : settings_.stopasgroup;
  Log(LogLevel::kDebug,
      "killing " + name() + " (pid " + std::to_string(pid_) + ") " +
          (as_group ? "process group " : "") + "with signal " + SignalName(signo),
      out);
  killing_ = true;
  delay_ = now + static_cast<Time>(settings_.stopwaitsecs);
  SVC_CORE_CHECK(Signallable(state_));
  ChangeState(ProcessState::kStopping, now, out);
  out.emplace_back(SignalRequest{id_, as_group ? -pid_ : pid_, signo, SignalPurpose::kStop});
  return std::nullopt;
}

std::optional<std::string> ProcessMachine::Signal(int signo, Effects& out) {
  if (pid_ == 0) {
    std::string error =
        "attempted to send " + name() + " sig " + SignalName(signo) + " but it wasn't running";
    Log(LogLevel::kDebug, error, out);
    return error;
  }
  Log(LogLevel::kDebug,
      "sending " + name() + " (pid " + std::to_string(pid_) + ") sig " + SignalName(signo), out);
  SVC_CORE_CHECK(Signallable(state_));
  out.emplace_back(SignalRequest{id_, pid_, signo, SignalPurpose::kUser});
  return std::nullopt;
}

void ProcessMachine::GiveUp(Time now, Effects& out) {
  delay_ = 0;
  backoff_ = 0;
  system_stop_ = true;
  SVC_CORE_CHECK(state_ == ProcessState::kBackoff);
  ChangeState(ProcessState::kFatal, now, out);
}

void ProcessMachine::OnSignalFailed(SignalPurpose purpose, int error_number,
                                    std::string_view error_text, Time now, Effects& out) {
  // Python's str(OSError); 4.2.5 appends a whole traceback, which ends with this text.
  const std::string detail =
      "[Errno " + std::to_string(error_number) + "] " + std::string(error_text);
  const std::string who = name() + " (pid " + std::to_string(pid_) + ")";
  const bool stopping = purpose == SignalPurpose::kStop;
  if (error_number == ESRCH) {
    // Already gone: the exit arrives through the normal reaping path, so no state change here.
    Log(LogLevel::kDebug,
        "unable to signal " + who + ", it probably just " + (stopping ? "" : "now ") +
            "exited on its own: " + detail,
        out);
    return;
  }
  const std::string pid = std::to_string(pid_);
  Log(LogLevel::kCritical,
      (stopping ? "unknown problem killing " : "unknown problem sending sig ") + name() + " (" +
          pid + "):" + detail,
      out);
  ChangeState(ProcessState::kUnknown, now, out);
  if (stopping) {
    killing_ = false;
    delay_ = 0;
  }
}

}  // namespace svc::runtime::core
