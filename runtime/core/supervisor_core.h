// The pure heart of svcd (supervisord.py's Supervisor plus the group logic of process.py): all
// groups and processes of a plan, supervisord's mood, start in priority order, orderly shutdown.
//
// Driving it: every OS event and command is a call carrying `now`; each returns effects the
// daemon applies in order. A SpawnRequest is answered at once with OnSpawned/OnSpawnFailed, a
// failed kill(2) with OnSignalFailed. After every call the daemon re-arms its single timer to
// NextDeadline() and calls OnTimer when it fires; nothing else needs a clock.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

#include "runtime/core/effects.h"
#include "runtime/core/group.h"
#include "runtime/core/process_machine.h"
#include "runtime/core/states.h"
#include "runtime/core/types.h"
#include "schema/plan.h"

namespace svc::runtime::core {

// How a command ended; the RPC layer maps it onto Supervisor's faults.
enum class Outcome {
  kOk,
  kNoSuchProcess,   // BAD_NAME
  kAlreadyStarted,  // ALREADY_STARTED: start while STARTING, RUNNING or BACKOFF
  kNotRunning,      // NOT_RUNNING: stop outside RUNNING_STATES, signal outside SIGNALLABLE
  kUnknownState,    // FAILED "<name> is in an unknown process state"
  kFailed,          // FAILED with `message` (nothing to signal: no pid yet)
  kShuttingDown,    // SHUTDOWN_STATE: no spawning once shutdown or restart began
};

struct [[nodiscard]] CommandResult {
  Outcome outcome = Outcome::kOk;
  std::string message;
  Effects effects;
};

enum class GroupError {
  kNoSuchGroup,   // BAD_NAME
  kAlreadyAdded,  // ALREADY_ADDED
  kStillRunning,  // STILL_RUNNING
  kInvalid,       // the plan's group is inconsistent (unknown member, bad setting)
};

struct GroupFailure {
  GroupError error = GroupError::kInvalid;
  std::string message;
};

class SupervisorCore {
 public:
  // Movable, not copyable: the start order points into the process table.
  SupervisorCore(SupervisorCore&&) = default;
  SupervisorCore& operator=(SupervisorCore&&) = default;
  SupervisorCore(const SupervisorCore&) = delete;
  SupervisorCore& operator=(const SupervisorCore&) = delete;

  // Every group of the plan, all processes STOPPED; nothing runs before Boot. Each group and
  // process is kept packed (PackGroup, PackProcess), not as a plan::Group or plan::Process.
  [[nodiscard]] static tl::expected<SupervisorCore, std::string> FromPlan(const plan::Plan& plan);
  // The same with the plan's groups and processes apart.
  [[nodiscard]] static tl::expected<SupervisorCore, std::string> FromPlan(
      const std::vector<plan::Group>& groups, const std::vector<plan::Process>& processes);

  // PROCESS_GROUP_ADDED per group, SUPERVISOR_STATE_CHANGE_RUNNING, then autostart right away
  // (4.2.5 waits for its first 1 s poll; 4.3 and svc do not).
  [[nodiscard]] Effects Boot(Time now);

  // Reports from the OS side.
  [[nodiscard]] Effects OnSpawned(ProcessId id, int pid, Time now);
  [[nodiscard]] Effects OnSpawnFailed(ProcessId id, std::string message, Time now);
  [[nodiscard]] Effects OnChildExited(int pid, int wait_status, Time now);
  [[nodiscard]] Effects OnSignalFailed(ProcessId id, SignalPurpose purpose, int error_number,
                                       std::string_view error_text, Time now);
  [[nodiscard]] Effects OnTimer(Time now);
  // A signal delivered to svcd itself (supervisord.handle_signal): TERM/INT/QUIT shut down,
  // HUP restarts, USR2 reopens logs, CHLD only logs.
  [[nodiscard]] Effects OnDaemonSignal(int signo, Time now);

  // Commands (supervisor.startProcess / stopProcess / signalProcess on one process).
  // Stop's `wait` turns on the "waiting for <name> to stop" reports of a waiting RPC.
  CommandResult Start(ProcessId id, Time now);
  CommandResult Stop(ProcessId id, bool wait, Time now);
  CommandResult SendSignal(ProcessId id, int signo, Time now);
  // supervisor.shutdown / supervisor.restart: set the mood and begin the orderly stop.
  [[nodiscard]] Effects Shutdown(Time now);
  [[nodiscard]] Effects Restart(Time now);
  // addProcessGroup / removeProcessGroup against a (re-read) plan.
  [[nodiscard]] tl::expected<Effects, GroupFailure> AddGroup(const plan::Plan& plan,
                                                             std::string_view name, Time now);
  [[nodiscard]] tl::expected<Effects, GroupFailure> RemoveGroup(std::string_view name);

  // The earliest time OnTimer has work to do, or nullopt: then only an event can matter.
  std::optional<Time> NextDeadline() const;

  SupervisorState state() const { return mood_; }
  bool booted() const { return booted_; }
  bool finished() const { return finished_; }
  const std::vector<GroupRecord>& groups() const { return groups_; }  // insertion order
  const GroupRecord* FindGroup(std::string_view name) const;
  std::optional<ProcessId> Find(std::string_view group, std::string_view name) const;
  const ProcessMachine* FindProcess(ProcessId id) const;
  const ProcessMachine& process(ProcessId id) const;  // id must exist

 private:
  // "waiting for <names> to die" repeats at most every 3 s during shutdown.
  static constexpr Time kShutdownReportInterval = 3;

  SupervisorCore() = default;
  // Adds `group`, whose members `find` looks up in the plan. `reorder` false: the caller
  // rebuilds the order (and the name index FindGroup uses) once it has added every group.
  using PlanLookup =
      std::function<const plan::Process*(std::string_view group, std::string_view name)>;
  tl::expected<void, GroupFailure> Insert(const plan::Group& group, const PlanLookup& find,
                                          bool reorder);
  ProcessMachine* MutableProcess(ProcessId id);
  ProcessMachine& Machine(ProcessId id);  // id must exist
  bool MaySpawn() const { return mood_ > SupervisorState::kRestarting; }
  // Runs after every input: the transitions of every process in priority order, then the
  // shutdown bookkeeping (supervisord does both once per loop iteration).
  void Settle(Time now, Effects& out);
  void TransitionAll(Time now, Effects& out);
  // order_ and group_index_ after the groups changed.
  void RebuildOrder();
  void ShutdownStep(Time now, Effects& out);
  void BeginTier();
  static void StopOne(ProcessMachine& process, Time now, Effects& out);
  bool AnyUnstopped() const;
  void ReportUnstopped(Time now, Effects& out);

  SupervisorState mood_ = SupervisorState::kRunning;
  bool booted_ = false;
  bool stopping_ = false;  // the shutdown sequence has begun
  bool finished_ = false;  // Finished was emitted
  Time lastshutdownreport_ = 0;
  // Shutdown queue of (priority, group name), ascending priority: the back tier stops first.
  std::vector<std::pair<int64_t, std::string>> stop_groups_;
  // The tier being stopped: stop_groups_[tier_begin_..] and those of its processes not yet in a
  // STOPPED state. Resolved again whenever the groups change (the pointers follow order_).
  bool tier_ready_ = false;
  std::size_t tier_begin_ = 0;
  std::vector<ProcessMachine*> tier_;
  std::vector<GroupRecord> groups_;
  ProcessTable processes_;
  // Every process, groups by priority (stable) then members in plan order: the order of every
  // transition pass, kept ready so an event does not re-sort the groups.
  std::vector<ProcessMachine*> order_;
  // Group names → index in groups_, sorted by name: FindGroup in O(log n), which shutdown calls
  // for every queued group of a tier on every event. Rebuilt with order_.
  std::vector<std::pair<std::string_view, std::size_t>> group_index_;
  // Live pid → process (supervisord's pidhistory), sorted by pid: a map cost a node per child.
  std::vector<std::pair<int, ProcessId>> pids_;
  uint32_t next_id_ = 0;
};

}  // namespace svc::runtime::core
