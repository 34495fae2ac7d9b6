// svcd's daemon: the one place that wires the pure core to the OS (spawn, kill, daemonize,
// pidfile), to io (libev loop, logs, output capture) and, later, to rpc. Every loop callback
// turns an OS event into a core input and applies the effects the core returns.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "runtime/child_logs.h"
#include "runtime/core/supervisor_core.h"
#include "runtime/io/loop.h"
#include "runtime/io/main_log.h"
#include "runtime/io/output_capture.h"
#include "runtime/options.h"
#include "runtime/os/unique_fd.h"
#include "runtime/plan_source.h"
#include "runtime/rpc/backend.h"
#include "runtime/rpc/service.h"

namespace svc::runtime {

// The rpc::Backend overrides live in daemon_rpc.cc.
class Daemon : private rpc::Backend {
 public:
  Daemon(Options options, std::string argv0);
  // Runs until shutdown; returns the process exit code.
  int Run(PlanLoad first);

 private:
  bool Setup(PlanLoad& load, bool first);
  int MainLoop();
  void Apply(core::Effects effects) override;
  void ApplyOne(core::Effect& effect);
  void Spawn(core::ProcessId id);
  void Attach(const std::string& namespec, const plan::Process& p, os::UniqueFd fd,
              bool stderr_channel);
  void DrainCaptures();
  void Signal(const core::SignalRequest& request);
  void Rearm();
  void Log(io::LogLevel level, const std::string& message);
  double Now() override;
  std::string ServerUrl() const;
  // daemon_rpc.cc: the HTTP servers after each Setup, and the rpc::Backend view of svcd.
  bool StartRpc();
  core::SupervisorCore& core() override { return *core_; }
  const plan::Plan& plan() const override { return *plan_; }
  plan::Plan FullPlan() const override;
  std::vector<plan::Process> RunningProcesses() const;
  const core::LocalTimeFormatter& local_time() const override;
  std::string MainLogPath() override;
  tl::expected<void, std::string> ClearMainLog() override;
  std::string ChildLogPath(core::ProcessId id, bool stderr_channel) override;
  tl::expected<void, std::string> ClearChildLogs(core::ProcessId id) override;
  tl::expected<plan::Plan, std::string> ReadPlan() override;
  tl::expected<void, core::GroupFailure> AddGroup(const plan::Plan& from,
                                                  std::string_view name) override;
  tl::expected<void, core::GroupFailure> RemoveGroup(std::string_view name) override;
  void Log(core::LogLevel level, std::string message) override;
  std::optional<rpc::CommandProblem> CheckCommand(core::ProcessId id) override;
  tl::expected<void, int> WriteStdin(core::ProcessId id, std::string_view data) override;
  void FlushStdin(core::ProcessId id);
  void PrepareChildLogs(std::string& errors);
  os::UniqueFd* StdinPipe(core::ProcessId id);

  Options options_;
  std::string argv0_;
  // The running plan's settings, without groups and processes: the core keeps those, packed.
  std::unique_ptr<const plan::Plan> plan_;
  io::Loop loop_;
  std::unique_ptr<io::Timer> timer_;
  std::vector<std::unique_ptr<io::Watcher>> watchers_;
  std::optional<core::SupervisorCore> core_;
  std::unique_ptr<io::MainLog> log_;
  ChildLogs child_logs_;
  // Vectors, not maps: fds and process ids are small dense numbers, and a map node per pipe
  // cost more than the vector's slot with a thousand programs.
  // By slot: a dense number, reused once its capture ended (indexing by fd left a slot for
  // every log file and stdin pipe too).
  std::vector<std::unique_ptr<io::OutputCapture>> captures_;
  std::vector<int> free_slots_;
  // Loss reports and EOF of every capture go through these (a copy per capture would cost
  // each two functions).
  std::shared_ptr<const io::CaptureHooks> capture_hooks_;
  std::vector<os::UniqueFd> stdin_;  // by ProcessId
  std::optional<core::SupervisorState> finished_;
  bool pidfile_written_ = false;
  bool rearm_due_ = false;  // the core had an input since the timer was last re-armed
  std::unique_ptr<rpc::Service> rpc_;
  struct StdinBacklog {
    std::string data;
    std::unique_ptr<io::Watcher> writable;
  };
  std::map<core::ProcessId, StdinBacklog> stdin_backlog_;  // bytes the pipe refused
};

}  // namespace svc::runtime
