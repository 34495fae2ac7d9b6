// One supervised process: supervisord 4.2.5's Subprocess state machine (process.py) with the OS
// taken out. Inputs are calls carrying `now`; the OS work they need is appended as effects.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/core/effects.h"
#include "runtime/core/packed_process.h"
#include "runtime/core/process_settings.h"
#include "runtime/core/states.h"
#include "runtime/core/types.h"
#include "schema/plan.h"

namespace svc::runtime::core {

class ProcessMachine {
 public:
  // Keeps `config` packed (PackProcess); config() unpacks it.
  ProcessMachine(ProcessId id, const plan::Process& config, ProcessSettings settings);

  // Spawning (Subprocess.spawn). Resets the per-run fields, sets laststart, enters STARTING and
  // appends a SpawnRequest. With a live pid (start while STOPPING) it only logs
  // "process '<name>' already running", as 4.2.5 does. Callers check the state first.
  void Spawn(Time now, Effects& out);
  // The daemon forked: "spawned: '<name>' with pid <pid>".
  void OnSpawned(int pid, Time now, Effects& out);
  // A pre-exec failure (command lookup, pipes, fork): spawnerr, then STARTING → BACKOFF.
  void OnSpawnFailed(std::string message, Time now, Effects& out);
  // The child was reaped (Subprocess.finish): STOPPED, BACKOFF or EXITED.
  void OnExited(int wait_status, Time now, Effects& out);

  // The time-driven rules of Subprocess.transition: autostart, autorestart, backoff retry,
  // STARTING → RUNNING after startsecs, BACKOFF → FATAL, SIGKILL after stopwaitsecs.
  // may_spawn is false while supervisord shuts down or restarts.
  void Transition(Time now, bool may_spawn, Effects& out);
  // When Transition next has something to do on its own, if ever.
  std::optional<Time> NextDeadline(bool may_spawn) const;

  // Administrative stop: stopsignal via Kill. report_wait makes the core log
  // "waiting for <name> to stop" every 2 s while STOPPING, as a waiting stopProcess RPC does.
  // Returns supervisord's error text when there is nothing to signal.
  [[nodiscard]] std::optional<std::string> Stop(Time now, bool report_wait, Effects& out);
  // Subprocess.kill: BACKOFF → STOPPED at once; else signal (as group per stopasgroup, or
  // killasgroup once already STOPPING) and → STOPPING with a stopwaitsecs deadline.
  [[nodiscard]] std::optional<std::string> Kill(int signo, Time now, Effects& out);
  // Subprocess.signal: any signal to the pid itself, without a state change.
  [[nodiscard]] std::optional<std::string> Signal(int signo, Effects& out);
  // BACKOFF → FATAL (Subprocess.give_up).
  void GiveUp(Time now, Effects& out);
  // kill(2) failed for a SignalRequest: ESRCH is logged and ignored, anything else → UNKNOWN.
  void OnSignalFailed(SignalPurpose purpose, int error_number, std::string_view error_text,
                      Time now, Effects& out);

  ProcessId id() const { return id_; }
  // Every setting of the process, unpacked: a copy, made on each call.
  plan::Process config() const { return UnpackProcess(packed_); }
  const ProcessSettings& settings() const { return settings_; }
  // Read from the packed config: a machine keeps no copy of its names.
  std::string name() const { return std::string(PackedProcessName(packed_)); }
  std::string group() const { return std::string(PackedProcessGroup(packed_)); }
  ProcessState state() const { return state_; }
  int pid() const { return pid_; }
  Time laststart() const { return laststart_; }
  Time laststop() const { return laststop_; }
  int64_t backoff() const { return backoff_; }
  std::optional<int> exitstatus() const {
    return has_exitstatus_ ? std::optional<int>(exitstatus_) : std::nullopt;
  }
  // A copy: the message is kept behind a pointer, as most processes never have one.
  std::optional<std::string> spawnerr() const {
    return spawnerr_ ? std::optional<std::string>(*spawnerr_) : std::nullopt;
  }
  bool spawn_pending() const { return spawn_pending_; }
  bool administrative_stop() const { return administrative_stop_; }
  bool system_stop() const { return system_stop_; }

 private:
  bool ChangeState(ProcessState to, Time now, Effects& out, bool expected = true);
  void Log(LogLevel level, std::string message, Effects& out) const;
  bool WantsSpawn(Time now) const;
  Time RunningDeadline() const;
  void AdjustForClockRollback(Time now);
  void ReportStopWait(Time now, Effects& out);
  void FinishStopped(int exitstatus, const std::string& text, bool expected, Time now,
                     Effects& out);
  void FinishTooQuickly(const std::string& text, Time now, Effects& out);
  void FinishExited(int exitstatus, const std::string& text, bool expected, Time now, Effects& out);

  void SetExitStatus(int exitstatus) {
    exitstatus_ = exitstatus;
    has_exitstatus_ = true;
  }

  // A thousand programs keep a thousand machines: members ordered to leave no padding.
  std::string packed_;  // PackProcess of the plan's process: thousands of them stay small

  ProcessSettings settings_;
  ProcessId id_;
  ProcessState state_ = ProcessState::kStopped;
  int pid_ = 0;
  int exitstatus_ = 0;       // meaningful when has_exitstatus_
  Time laststart_ = 0;       // 0: never started
  Time laststop_ = 0;        // 0: never stopped
  Time laststopreport_ = 0;  // throttles "waiting for <name> to stop"
  Time delay_ = 0;           // the pending deadline: running check, backoff retry or SIGKILL
  int64_t backoff_ = 0;
  std::unique_ptr<std::string> spawnerr_;
  bool has_exitstatus_ = false;
  bool killing_ = false;
  bool administrative_stop_ = false;
  bool system_stop_ = false;
  bool spawn_pending_ = false;     // SpawnRequest sent, OnSpawned/OnSpawnFailed not yet seen
  bool stop_wait_report_ = false;  // a stop with report_wait is in progress
};

}  // namespace svc::runtime::core
