// Process and supervisord states with supervisord 4.2.5's codes and names (states.py), and the
// STOPPED / RUNNING / SIGNALLABLE state sets the RPC layer and the state machine test against.
#pragma once

#include <string_view>

namespace svc::runtime::core {

enum class ProcessState : int {
  kStopped = 0,
  kStarting = 10,
  kRunning = 20,
  kBackoff = 30,
  kStopping = 40,
  kExited = 100,
  kFatal = 200,
  kUnknown = 1000,
};

// supervisord's "mood". FATAL exists in 4.2.5 but is never entered.
enum class SupervisorState : int {
  kFatal = 2,
  kRunning = 1,
  kRestarting = 0,
  kShutdown = -1,
};

// "STOPPED", "STARTING", …; "" for a value outside the enum.
std::string_view ProcessStateName(ProcessState state);
std::string_view SupervisorStateName(SupervisorState state);

// STOPPED_STATES: STOPPED, EXITED, FATAL, UNKNOWN.
bool IsStoppedState(ProcessState state);
// RUNNING_STATES: STARTING, RUNNING, BACKOFF (note: not STOPPING).
bool IsRunningState(ProcessState state);
// SIGNALLABLE_STATES: STARTING, RUNNING, STOPPING.
bool IsSignallableState(ProcessState state);

}  // namespace svc::runtime::core
