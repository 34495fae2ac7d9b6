// The narrow view of svcd the RPC methods work against: the core (read and command), applying
// effects, the clock, log files, stdin pipes and the command pre-check. Daemon implements it;
// tests can fake it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "runtime/core/description.h"
#include "runtime/core/effects.h"
#include "runtime/core/spawn_errors.h"
#include "runtime/core/supervisor_core.h"
#include "schema/plan.h"

namespace svc::runtime::rpc {

// startProcess's check before spawning (get_execv_args): kNotFound → NO_FILE, the other
// command failures → NOT_EXECUTABLE, with the spawnerr text as the fault's extra.
struct CommandProblem {
  core::SpawnFailure failure = core::SpawnFailure::kNotFound;
  std::string message;
};

class Backend {
 public:
  virtual ~Backend() = default;

  virtual core::SupervisorCore& core() = 0;
  // Applies effects a core command returned (spawns answer at once), then re-arms timers.
  virtual void Apply(core::Effects effects) = 0;
  virtual core::Time Now() = 0;
  // The running plan's settings: identifier, servers, log settings. Its `groups` and
  // `processes` are left empty (the core keeps them, packed); FullPlan() has them too.
  virtual const plan::Plan& plan() const = 0;
  // The running plan with its processes (getAllConfigInfo, addProcessGroup): a copy.
  virtual plan::Plan FullPlan() const = 0;
  virtual const core::LocalTimeFormatter& local_time() const = 0;

  // Main log file path; "" when there is none (syslog).
  virtual std::string MainLogPath() = 0;
  // clearLog: remove and reopen the main log (logs "reopening log file").
  virtual tl::expected<void, std::string> ClearMainLog() = 0;
  // The file of a process's stdout or stderr log ("" for none); AUTO logs give the real path.
  virtual std::string ChildLogPath(core::ProcessId id, bool stderr_channel) = 0;
  // clearProcessLogs: remove and reopen both logs of the process.
  virtual tl::expected<void, std::string> ClearChildLogs(core::ProcessId id) = 0;

  // reloadConfig: compile the configuration again; the error text becomes CANT_REREAD's.
  virtual tl::expected<plan::Plan, std::string> ReadPlan() = 0;
  // addProcessGroup / removeProcessGroup: change the core and the child logs together.
  virtual tl::expected<void, core::GroupFailure> AddGroup(const plan::Plan& from,
                                                          std::string_view name) = 0;
  virtual tl::expected<void, core::GroupFailure> RemoveGroup(std::string_view name) = 0;

  virtual void Log(core::LogLevel level, std::string message) = 0;

  virtual std::optional<CommandProblem> CheckCommand(core::ProcessId id) = 0;
  // Writes all of `data` to the process's stdin pipe, or returns errno (EPIPE → NO_FILE).
  virtual tl::expected<void, int> WriteStdin(core::ProcessId id, std::string_view data) = 0;
};

}  // namespace svc::runtime::rpc
