#include "runtime/core/states.h"

#include <array>

namespace svc::runtime::core {
namespace {

struct ProcessStateRow {
  ProcessState state;
  std::string_view name;
  bool stopped;
  bool running;
  bool signallable;
};

// One row per state: the columns are the three tuples of supervisor/states.py.
constexpr std::array<ProcessStateRow, 8> kProcessStates = {{
    {ProcessState::kStopped, "STOPPED", true, false, false},
    {ProcessState::kStarting, "STARTING", false, true, true},
    {ProcessState::kRunning, "RUNNING", false, true, true},
    {ProcessState::kBackoff, "BACKOFF", false, true, false},
    {ProcessState::kStopping, "STOPPING", false, false, true},
    {ProcessState::kExited, "EXITED", true, false, false},
    {ProcessState::kFatal, "FATAL", true, false, false},
    {ProcessState::kUnknown, "UNKNOWN", true, false, false},
}};

struct SupervisorStateRow {
  SupervisorState state;
  std::string_view name;
};

constexpr std::array<SupervisorStateRow, 4> kSupervisorStates = {{
    {SupervisorState::kFatal, "FATAL"},
    {SupervisorState::kRunning, "RUNNING"},
    {SupervisorState::kRestarting, "RESTARTING"},
    {SupervisorState::kShutdown, "SHUTDOWN"},
}};

const ProcessStateRow* Find(ProcessState state) {
  for (const ProcessStateRow& row : kProcessStates) {
    if (row.state == state) return &row;
  }
  return nullptr;
}

}  // namespace

std::string_view ProcessStateName(ProcessState state) {
  const ProcessStateRow* row = Find(state);
  return row != nullptr ? row->name : std::string_view();
}

std::string_view SupervisorStateName(SupervisorState state) {
  for (const SupervisorStateRow& row : kSupervisorStates) {
    if (row.state == state) return row.name;
  }
  return {};
}

bool IsStoppedState(ProcessState state) {
  const ProcessStateRow* row = Find(state);
  return row != nullptr && row->stopped;
}

bool IsRunningState(ProcessState state) {
  const ProcessStateRow* row = Find(state);
  return row != nullptr && row->running;
}

bool IsSignallableState(ProcessState state) {
  const ProcessStateRow* row = Find(state);
  return row != nullptr && row->signallable;
}

}  // namespace svc::runtime::core
