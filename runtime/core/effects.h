// What the core asks the daemon to do: spawn, signal, log, publish events, reopen logs, end the
// main loop. Every core entry point returns these in order; the daemon applies them in order.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "runtime/core/states.h"
#include "runtime/core/types.h"

namespace svc::runtime::core {

// Main-log levels with supervisord's numbers (loggers.LevelsByName) and printed tags.
enum class LogLevel : int {
  kCritical = 50,
  kError = 40,
  kWarn = 30,
  kInfo = 20,
  kDebug = 10,
  kTrace = 5,
  kBlather = 3,
};

// "CRIT", "ERRO", "WARN", "INFO", "DEBG", "TRAC", "BLAT".
std::string_view LogLevelTag(LogLevel level);

// Fork and exec the process now. The daemon must answer with SupervisorCore::OnSpawned or
// OnSpawnFailed before it applies the next effect, like supervisord's synchronous spawn().
struct SpawnRequest {
  ProcessId process;
};

// Why a signal is sent; decides the texts logged if kill(2) fails.
enum class SignalPurpose {
  kStop,  // stopsignal or the SIGKILL escalation (Subprocess.kill)
  kUser,  // signalProcess over RPC (Subprocess.signal)
};

// kill(target, signo). A negative target is a process group (stopasgroup / killasgroup).
// On failure the daemon reports errno through SupervisorCore::OnSignalFailed.
struct SignalRequest {
  ProcessId process;
  int target = 0;
  int signo = 0;
  SignalPurpose purpose = SignalPurpose::kStop;
};

// One main-log message, exact supervisord text without timestamp or level tag.
struct LogLine {
  LogLevel level = LogLevel::kInfo;
  std::string message;
};

// PROCESS_STATE_<to>; values are captured when the state changes, as supervisord's events do.
struct ProcessStateEvent {
  ProcessId process;
  std::string group;
  std::string name;
  ProcessState from = ProcessState::kStopped;
  ProcessState to = ProcessState::kStopped;
  bool expected = true;  // EXITED only
  int pid = 0;
  int64_t tries = 0;  // the backoff counter (STARTING and BACKOFF payloads)
};

// SUPERVISOR_STATE_CHANGE_RUNNING / _STOPPING.
struct SupervisorStateEvent {
  bool running = true;  // false: STOPPING
};

// PROCESS_GROUP_ADDED / PROCESS_GROUP_REMOVED.
struct GroupEvent {
  bool added = true;
  std::string group;
};

// SIGUSR2: reopen the main log and every child log.
struct ReopenLogs {};

// Every process is stopped after a shutdown or restart request: leave the main loop. mood is
// kShutdown (exit 0) or kRestarting (rebuild everything from a fresh plan in the same pid).
struct Finished {
  SupervisorState mood = SupervisorState::kShutdown;
};

using Effect = std::variant<SpawnRequest, SignalRequest, LogLine, ProcessStateEvent,
                            SupervisorStateEvent, GroupEvent, ReopenLogs, Finished>;
using Effects = std::vector<Effect>;

// Event names and payloads exactly as §5.3 of the reference (events.py).
std::string EventName(const ProcessStateEvent& event);  // "PROCESS_STATE_RUNNING"
std::string EventPayload(const ProcessStateEvent& event);
std::string_view EventName(const SupervisorStateEvent& event);
std::string_view EventName(const GroupEvent& event);
std::string EventPayload(const GroupEvent& event);  // "groupname:<g>\n"

}  // namespace svc::runtime::core
