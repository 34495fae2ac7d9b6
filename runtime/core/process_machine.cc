// Spawning and the time-driven transitions of ProcessMachine (process.py: spawn, transition).
#include "runtime/core/process_machine.h"

#include <algorithm>
#include <csignal>
#include <utility>

#include "runtime/core/check.h"

namespace svc::runtime::core {
namespace {

// "waiting for <name> to stop" repeats at most every 2 s (Subprocess.stop_report).
constexpr Time kStopReportInterval = 2;

}  // namespace

ProcessMachine::ProcessMachine(ProcessId id, const plan::Process& config, ProcessSettings settings)
    : packed_(PackProcess(config)), settings_(std::move(settings)), id_(id) {}

void ProcessMachine::Log(LogLevel level, std::string message, Effects& out) const {
  out.emplace_back(LogLine{level, std::move(message)});
}

bool ProcessMachine::ChangeState(ProcessState to, Time now, Effects& out, bool expected) {
  const ProcessState from = state_;
  if (to == from) return false;  // e.g. the SIGKILL escalation stays STOPPING, no new event
  state_ = to;
  if (to == ProcessState::kBackoff) {
    // The retry waits 1 s after the first quick exit, 2 s after the second, and so on.
    ++backoff_;
    delay_ = now + static_cast<Time>(backoff_);
  }
  if (to != ProcessState::kStopping) stop_wait_report_ = false;
  out.emplace_back(ProcessStateEvent{id_, group(), name(), from, to, expected, pid_, backoff_});
  return true;
}

void ProcessMachine::Spawn(Time now, Effects& out) {
  if (pid_ != 0) {
    Log(LogLevel::kWarn, "process '" + name() + "' already running", out);
    return;
  }
  killing_ = false;
  spawnerr_.reset();
  has_exitstatus_ = false;
  system_stop_ = false;
  administrative_stop_ = false;
  laststart_ = now;
  SVC_CORE_CHECK(state_ == ProcessState::kExited || state_ == ProcessState::kFatal ||
                 state_ == ProcessState::kBackoff || state_ == ProcessState::kStopped);
  ChangeState(ProcessState::kStarting, now, out);
  spawn_pending_ = true;
  out.emplace_back(SpawnRequest{id_});
}

void ProcessMachine::OnSpawned(int pid, Time now, Effects& out) {
  SVC_CORE_CHECK(spawn_pending_ && state_ == ProcessState::kStarting && pid > 0);
  spawn_pending_ = false;
  pid_ = pid;
  Log(LogLevel::kInfo, "spawned: '" + name() + "' with pid " + std::to_string(pid), out);
  spawnerr_.reset();
  delay_ = now + static_cast<Time>(settings_.startsecs);
}

void ProcessMachine::OnSpawnFailed(std::string message, Time now, Effects& out) {
  SVC_CORE_CHECK(spawn_pending_ && state_ == ProcessState::kStarting);
  spawn_pending_ = false;
  Log(LogLevel::kInfo, "spawnerr: " + message, out);
  spawnerr_ = std::make_unique<std::string>(std::move(message));
  ChangeState(ProcessState::kBackoff, now, out);
}

// 4.2.5 needs `now - laststart > startsecs`, checked about once a second. svcd arms a timer
// for exactly laststart + startsecs, so the boundary counts as "stayed up" here; finish() agrees
// (an exit at exactly startsecs is not "too quickly").
Time ProcessMachine::RunningDeadline() const {
  return laststart_ + static_cast<Time>(settings_.startsecs);
}

bool ProcessMachine::WantsSpawn(Time now) const {
  switch (state_) {
    case ProcessState::kExited:
      if (settings_.autorestart == AutoRestart::kAlways) return true;
      return settings_.autorestart == AutoRestart::kUnexpected &&
             !(has_exitstatus_ && settings_.ExitExpected(exitstatus_));
    case ProcessState::kStopped:
      // Autostart only before the first start: an explicit stop is never undone.
      return laststart_ == 0 && settings_.autostart;
    case ProcessState::kBackoff:
      return backoff_ <= settings_.startretries && now >= delay_;
    default:
      return false;
  }
}

void ProcessMachine::Transition(Time now, bool may_spawn, Effects& out) {
  if (spawn_pending_) return;         // nothing is known about the child until the daemon reports
  const ProcessState state = state_;  // like 4.2.5: act on the state seen on entry, once
  AdjustForClockRollback(now);
  if (may_spawn && WantsSpawn(now)) Spawn(now, out);

  if (state == ProcessState::kStarting && now >= RunningDeadline()) {
    delay_ = 0;
    backoff_ = 0;
    ChangeState(ProcessState::kRunning, now, out);
    Log(LogLevel::kInfo,
        "success: " + name() + " entered RUNNING state, process has stayed up for > than " +
            std::to_string(settings_.startsecs) + " seconds (startsecs)",
        out);
  }
  if (state == ProcessState::kBackoff) {
    if (backoff_ > settings_.startretries) {
      GiveUp(now, out);
      Log(LogLevel::kInfo,
          "gave up: " + name() + " entered FATAL state, too many start retries too quickly", out);
    }
  } else if (state == ProcessState::kStopping && now >= delay_) {
    // Still alive stopwaitsecs after the last signal: SIGKILL, and again every stopwaitsecs.
    Log(LogLevel::kWarn, "killing '" + name() + "' (" + std::to_string(pid_) + ") with SIGKILL",
        out);
    static_cast<void>(Kill(SIGKILL, now, out));
  }
  if (state_ == ProcessState::kStopping && stop_wait_report_) ReportStopWait(now, out);
}

std::optional<Time> ProcessMachine::NextDeadline(bool may_spawn) const {
  if (spawn_pending_) return std::nullopt;
  switch (state_) {
    case ProcessState::kStarting:
      return RunningDeadline();
    case ProcessState::kBackoff:
      if (!may_spawn && backoff_ <= settings_.startretries) return std::nullopt;
      return delay_;
    case ProcessState::kStopping:
      if (stop_wait_report_) return std::min(delay_, laststopreport_ + kStopReportInterval);
      return delay_;
    default:
      return std::nullopt;
  }
}

void ProcessMachine::ReportStopWait(Time now, Effects& out) {
  AdjustForClockRollback(now);
  if (now >= laststopreport_ + kStopReportInterval) {
    Log(LogLevel::kInfo, "waiting for " + name() + " to stop", out);
    laststopreport_ = now;
  }
}

// Subprocess._check_and_adjust_for_system_clock_rollback: pull stored times back into the past
// when the wall clock jumped backwards, so deadlines do not stretch by the jump.
void ProcessMachine::AdjustForClockRollback(Time now) {
  const auto startsecs = static_cast<Time>(settings_.startsecs);
  const auto stopwaitsecs = static_cast<Time>(settings_.stopwaitsecs);
  switch (state_) {
    case ProcessState::kStarting:
      if (now < laststart_) laststart_ = now;
      if (delay_ > 0 && now < delay_ - startsecs) delay_ = now + startsecs;
      break;
    case ProcessState::kRunning:
      if (now > laststart_ && now < laststart_ + startsecs) laststart_ = now - startsecs;
      break;
    case ProcessState::kStopping:
      if (now < laststopreport_) laststopreport_ = now;
      if (delay_ > 0 && now < delay_ - stopwaitsecs) delay_ = now + stopwaitsecs;
      break;
    case ProcessState::kBackoff:
      if (delay_ > 0 && now < delay_ - static_cast<Time>(backoff_)) {
        delay_ = now + static_cast<Time>(backoff_);
      }
      break;
    default:
      break;
  }
}

}  // namespace svc::runtime::core
