// Test driver for SupervisorCore that plays svcd's part without forking: spawns get fake pids
// (or a scripted failure), effects are applied depth-first, and time only moves when told to.
#pragma once

#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/core/effects.h"
#include "runtime/core/supervisor_core.h"
#include "schema/plan.h"

namespace svc::runtime::core {

// Lets GoogleTest print states by name.
inline void PrintTo(ProcessState state, std::ostream* os) { *os << ProcessStateName(state); }

}  // namespace svc::runtime::core

namespace svc::runtime::core::testing {

// A plan::Process with the plan defaults; group defaults to the process name.
plan::Process MakeProcess(std::string name, std::string group = "");

// One group per distinct Process::group, in first-appearance order, with the priority of its
// first process, members in the given order. Groups are then sorted by (priority, name).
plan::Plan MakePlan(std::vector<plan::Process> processes);

// A wait status for exit(code) and for death by signal.
int Exited(int code);
int Killed(int signo, bool core_dumped = false);

class Harness {
 public:
  explicit Harness(const plan::Plan& plan, Time start = 1000);

  void Boot();
  // Applies effects in order; a SpawnRequest is answered before the next effect.
  void Apply(Effects effects);
  // The process's child exits now with the given wait status.
  void Exit(std::string_view name, int wait_status);
  // Moves time forward to `t`, firing the timer at each deadline on the way, like ev_timer.
  void AdvanceTo(Time t);
  void Advance(Time seconds) { AdvanceTo(now + seconds); }

  ProcessId Id(std::string_view name) const;  // the process of that name in any group
  const ProcessMachine& Get(std::string_view name) const;
  ProcessState State(std::string_view name) const { return Get(name).state(); }
  CommandResult Start(std::string_view name);
  CommandResult Stop(std::string_view name, bool wait = false);

  // Recorded effects, as text: "INFO spawned: 'a' with pid 100",
  // "PROCESS_STATE_RUNNING processname:a groupname:a from_state:STARTING pid:100".
  std::vector<std::string> logs;
  std::vector<std::string> events;
  std::vector<SignalRequest> signals;
  std::vector<std::string> spawned;  // names, in spawn order
  std::optional<Finished> finished;
  int reopened = 0;
  // Every spawn of a process with this name fails with the message, until erased.
  std::map<std::string, std::string> fail_spawn;

  // Logs with this prefix ("INFO", "WARN exited:", …), in order.
  std::vector<std::string> LogsStartingWith(std::string_view prefix) const;
  std::vector<std::string> StateEvents(std::string_view name) const;  // "STARTING", "RUNNING", …

  SupervisorCore core;
  Time now;
  int next_pid = 100;

 private:
  void ApplyOne(Effect effect);
};

}  // namespace svc::runtime::core::testing
