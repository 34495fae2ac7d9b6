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

namespace svc::runtime {

class Daemon {
 public:
  Daemon(Options options, std::string argv0);
  // Runs until shutdown; returns the process exit code.
  int Run(PlanLoad first);

 private:
  bool Setup(PlanLoad& load, bool first);
  int MainLoop();
  void Apply(core::Effects effects);
  void ApplyOne(core::Effect& effect);
  void Spawn(core::ProcessId id);
  void Attach(const std::string& namespec, const plan::Process& p, os::UniqueFd fd,
              bool stderr_channel);
  void Signal(const core::SignalRequest& request);
  void Rearm();
  void Log(io::LogLevel level, const std::string& message);
  double Now();
  std::string ServerUrl() const;

  Options options_;
  std::string argv0_;
  plan::Plan plan_;
  io::Loop loop_;
  std::unique_ptr<io::Timer> timer_;
  std::vector<std::unique_ptr<io::Watcher>> watchers_;
  std::optional<core::SupervisorCore> core_;
  std::unique_ptr<io::MainLog> log_;
  ChildLogs child_logs_;
  std::map<int, std::unique_ptr<io::OutputCapture>> captures_;  // by pipe fd
  std::map<std::string, os::UniqueFd> stdin_;                   // by namespec
  std::optional<core::SupervisorState> finished_;
  bool pidfile_written_ = false;
};

}  // namespace svc::runtime
