// A reaped child and what it means for ProcessMachine (process.py: Subprocess.finish).
#include "runtime/core/check.h"
#include "runtime/core/process_machine.h"
#include "runtime/core/wait_status.h"

namespace svc::runtime::core {

void ProcessMachine::OnExited(int wait_status, Time now, Effects& out) {
  SVC_CORE_CHECK(pid_ != 0);
  const WaitStatus status = DecodeWaitStatus(wait_status);
  AdjustForClockRollback(now);
  laststop_ = now;

  bool too_quickly = false;
  if (now < laststart_) {
    Log(LogLevel::kWarn,
        "process '" + name() + "' (" + std::to_string(pid_) +
            ") laststart time is in the future, don't know how long process was running so "
            "assuming it did not exit too quickly",
        out);
  } else {
    // 4.2.5 tests `now > laststart` first; an exit reported at the very instant of the spawn
    // (same `now`, possible with a cached loop time) still counts as too quick here.
    too_quickly = now < RunningDeadline();
  }
  const bool expected = settings_.ExitExpected(status.exitstatus);

  if (killing_) {
    FinishStopped(status.exitstatus, status.text, expected, now, out);
  } else if (too_quickly && state_ == ProcessState::kStarting) {
    FinishTooQuickly(status.text, now, out);
  } else {
    FinishExited(status.exitstatus, status.text, expected, now, out);
  }
  pid_ = 0;
}

// The result of a stop request: STOPPING → STOPPED, WARN unless the status is an exit code.
void ProcessMachine::FinishStopped(int exitstatus, const std::string& text, bool expected, Time now,
                                   Effects& out) {
  killing_ = false;
  delay_ = 0;
  SetExitStatus(exitstatus);
  ChangeState(ProcessState::kStopped, now, out);
  Log(expected ? LogLevel::kInfo : LogLevel::kWarn, "stopped: " + name() + " (" + text + ")", out);
}

// Did not stay up startsecs: STARTING → BACKOFF, whatever the exit code.
void ProcessMachine::FinishTooQuickly(const std::string& text, Time now, Effects& out) {
  has_exitstatus_ = false;
  spawnerr_ = std::make_unique<std::string>("Exited too quickly (process log may have details)");
  ChangeState(ProcessState::kBackoff, now, out);
  Log(LogLevel::kWarn, "exited: " + name() + " (" + text + "; not expected)", out);
}

// Exited on its own after startsecs: → EXITED (through RUNNING when the exit beat the
// STARTING → RUNNING check, e.g. startsecs=0; both events are emitted, without "success:").
// 4.2.5 asserts RUNNING here and would crash from UNKNOWN; svc records the exit instead.
void ProcessMachine::FinishExited(int exitstatus, const std::string& text, bool expected, Time now,
                                  Effects& out) {
  delay_ = 0;
  backoff_ = 0;
  SetExitStatus(exitstatus);
  if (state_ == ProcessState::kStarting) ChangeState(ProcessState::kRunning, now, out);
  if (expected) {
    ChangeState(ProcessState::kExited, now, out, true);
    Log(LogLevel::kInfo, "exited: " + name() + " (" + text + "; expected)", out);
  } else {
    spawnerr_ = std::make_unique<std::string>("Bad exit code " + std::to_string(exitstatus));
    ChangeState(ProcessState::kExited, now, out, false);
    Log(LogLevel::kWarn, "exited: " + name() + " (" + text + "; not expected)", out);
  }
}

}  // namespace svc::runtime::core
