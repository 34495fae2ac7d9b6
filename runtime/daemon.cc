#include "runtime/daemon.h"

#include <malloc.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "runtime/os/daemon_os.h"
#include "runtime/os/signals.h"
#include "runtime/os/spawner.h"

namespace svc::runtime {
namespace {

io::LogLevel ToIo(core::LogLevel level) {
  return static_cast<io::LogLevel>(static_cast<int>(level));
}

constexpr int kDaemonSignals[] = {SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGUSR2, SIGCHLD};

}  // namespace

Daemon::Daemon(Options options, std::string argv0)
    : options_(std::move(options)), argv0_(std::move(argv0)) {}

double Daemon::Now() {
  loop_.UpdateNow();
  return loop_.Now();
}

void Daemon::Log(io::LogLevel level, const std::string& message) {
  if (log_) log_->Log(level, message);
}

std::string Daemon::ServerUrl() const {
  for (const plan::Server& s : plan_->servers) {
    if (s.family == "unix") return "unix://" + s.file;
  }
  for (const plan::Server& s : plan_->servers) {
    return "http://" + (s.host.empty() ? std::string("localhost") : s.host) + ":" +
           std::to_string(s.port);
  }
  return "";
}

// supervisord's startup order (reference 7.1), with the AUTO log cleanup moved after the
// pidfile check so a second instance cannot delete the running one's logs (quirk 16).
bool Daemon::Setup(PlanLoad& load, bool first) {
  // plan_ keeps the settings; the core keeps the groups and processes, packed.
  std::vector<plan::Group> groups = std::move(load.plan.groups);
  std::vector<plan::Process> processes = std::move(load.plan.processes);
  load.plan.groups = {};
  load.plan.processes = {};
  plan_ = std::make_unique<const plan::Plan>(std::move(load.plan));
  const plan::Supervisord& s = plan_->supervisord;
  if (first) {
    if (s.user) {
      auto uid = os::SetDaemonUser(*s.user);
      if (!uid) {
        std::fprintf(stderr, "Error: %s\n", uid.error().c_str());
        return false;
      }
    }
    auto limits = os::RaiseRlimits(s.minfds, s.minprocs);
    if (!limits) {
      std::fprintf(stderr, "Error: %s\n", limits.error().c_str());
      return false;
    }
    io::MainLogOptions lo;
    lo.logfile = s.logfile;
    lo.maxbytes = s.logfile_maxbytes;
    lo.backups = s.logfile_backups;
    lo.level = io::ParseLogLevel(s.loglevel).value_or(io::LogLevel::kInfo);
    lo.echo_to_stdout = s.nodaemon && !s.silent;
    log_ = std::make_unique<io::MainLog>(lo);
    if (auto opened = log_->Open(); !opened) {
      std::fprintf(stderr, "Error: %s\n", opened.error().message.c_str());
      return false;
    }
    for (const std::string& line : *limits) Log(io::LogLevel::kInfo, line);
  }
  if (!s.user && getuid() == 0) {  // supervisord repeats it at every (re)start
    Log(io::LogLevel::kCritical,
        "Supervisor is running as root.  Privileges were not dropped because no user is "
        "specified in the config file.  If you intend to run as root, you can set user=root "
        "in the config file to avoid this message.");
  }
  for (const std::string& w : load.warnings) Log(io::LogLevel::kWarn, w);
  if (first) {
    if (auto owner = os::ReadPidfile(s.pidfile);
        owner && *owner != getpid() && kill(*owner, 0) == 0) {
      std::fprintf(stderr, "Error: another svcd or supervisord (pid %d) owns %s\n", *owner,
                   s.pidfile.c_str());
      return false;
    }
    if (!s.nodaemon) {
      Log(io::LogLevel::kInfo, "daemonizing the supervisord process");
      auto report = os::Daemonize({s.directory, static_cast<mode_t>(s.umask)});
      if (!report) return false;
      if (report->chdir_error) Log(io::LogLevel::kCritical, *report->chdir_error);
      if (report->changed_directory) {
        Log(io::LogLevel::kInfo, "set current directory: '" + *s.directory + "'");
      }
      loop_.Fork();
    }
    if (auto written = os::WritePidfile(s.pidfile, getpid()); !written) {
      Log(io::LogLevel::kCritical, written.error().message);
      if (written.error().owner) return false;
    } else {
      pidfile_written_ = true;
    }
  }
  // Like supervisord, every (re)start removes the old AUTO logs and makes new ones; a second
  // instance never gets here (quirk 16), it stopped at the pidfile check.
  child_logs_ = ChildLogs{};
  // A restart numbers the processes from 0 again; the old ones have all stopped.
  stdin_backlog_.clear();
  stdin_.clear();
  if (!s.nocleanup) CleanupAutoLogs(s.childlogdir, s.identifier);
  std::string errors;
  child_logs_.Prepare(s, processes, errors);
  if (!errors.empty()) {
    errors.pop_back();  // the last '\n'
    Log(io::LogLevel::kError, errors);
  }
  auto core = core::SupervisorCore::FromPlan(groups, processes);
  if (!core) {
    Log(io::LogLevel::kCritical, "cannot run this plan: " + core.error());
    return false;
  }
  core_.emplace(std::move(*core));
  Log(io::LogLevel::kInfo, "supervisord started with pid " + std::to_string(getpid()));
  return true;
}

int Daemon::Run(PlanLoad first) {
  signal(SIGPIPE, SIG_IGN);
  // Signal watchers come first: a SIGTERM during start-up is held by libev and handled on the
  // first loop iteration, instead of killing svcd between its pidfile and its handlers.
  timer_ = loop_.NewTimer([this] {
    if (core_) Apply(core_->OnTimer(Now()));
  });
  for (int signo : kDaemonSignals) {
    watchers_.push_back(loop_.WatchSignal(signo, [this, signo] {
      if (core_) Apply(core_->OnDaemonSignal(signo, Now()));
    }));
  }
  watchers_.push_back(loop_.WatchChildren([this](int pid, int status) {
    if (core_) Apply(core_->OnChildExited(pid, status, Now()));
  }));
  os::ReserveSpawnSlots();  // low fds, below the logs and pipes to come
  if (!Setup(first, true) || !StartRpc()) return 2;
  while (true) {
    finished_.reset();
    Apply(core_->Boot(Now()));
    // Compiling the .conf and starting every program leave freed blocks all over the heap,
    // which main.cc's M_TRIM_THRESHOLD keeps resident: hand their pages back once, here.
    malloc_trim(0);
    int rc = MainLoop();
    rpc_.reset();  // closes the servers, removes the unix socket files
    if (rc >= 0) return rc;
    // Restart (SIGHUP, supervisor.restart): a fresh plan in the same process.
    auto load = LoadPlan(options_, argv0_);
    if (load) {
      if (auto applied = ApplyOverrides(options_, load->plan); !applied)
        load = tl::unexpected(applied.error());
    }
    if (!load || !Setup(*load, false) || !StartRpc()) {
      Log(io::LogLevel::kCritical,
          "restart failed: " + (load ? std::string("bad plan") : load.error()));
      return 2;
    }
  }
}

// Runs the loop until the core reports Finished. Returns the exit code, or -1 to restart.
int Daemon::MainLoop() {
  while (!finished_) {
    // The timer follows the core's next deadline once per iteration, not after every input:
    // a shutdown reaps hundreds of children in one iteration.
    if (rearm_due_) Rearm();
    loop_.RunOnce(true);
  }
  if (rpc_) rpc_->Flush(1.0);  // the answer to supervisor.shutdown/restart goes out first
  // Drain what the children wrote before exiting or restarting: no log line is lost.
  DrainCaptures();
  captures_.clear();
  free_slots_.clear();
  if (*finished_ == core::SupervisorState::kRestarting) return -1;
  if (pidfile_written_) os::RemovePidfile(plan_->supervisord.pidfile, getpid());
  return 0;
}

void Daemon::DrainCaptures() {
  for (std::unique_ptr<io::OutputCapture>& capture : captures_) {
    while (capture && capture->Drain() == io::DrainResult::kMore) {
    }
  }
}

void Daemon::Apply(core::Effects effects) {
  for (core::Effect& effect : effects) ApplyOne(effect);
  rearm_due_ = true;
  if (rpc_) rpc_->AfterEffects();  // waiting RPC answers (start/stop with wait) re-check
}

void Daemon::ApplyOne(core::Effect& effect) {
  if (auto* spawn = std::get_if<core::SpawnRequest>(&effect)) {
    Spawn(spawn->process);
  } else if (auto* sig = std::get_if<core::SignalRequest>(&effect)) {
    Signal(*sig);
  } else if (auto* line = std::get_if<core::LogLine>(&effect)) {
    Log(ToIo(line->level), line->message);
  } else if (std::holds_alternative<core::ReopenLogs>(effect)) {
    if (log_) (void)log_->Reopen();
    child_logs_.ReopenAll();
  } else if (auto* done = std::get_if<core::Finished>(&effect)) {
    finished_ = done->mood;
  }
  // Events (PROCESS_STATE_*, SUPERVISOR_STATE_CHANGE_*, PROCESS_GROUP_*) have no listeners
  // until the event bus lands.
}

void Daemon::Spawn(core::ProcessId id) {
  const plan::Process p = core_->process(id).config();
  std::string namespec = p.group + ":" + p.name;
  auto result = os::Spawn(os::MakeSpawnRequest(p, ServerUrl()));
  if (!result) {
    for (core::Effect& e : core_->OnSpawnFailed(id, result.error().message, Now())) ApplyOne(e);
    return;
  }
  Attach(namespec, p, std::move(result->stdout_fd), false);
  if (result->stderr_fd.valid()) Attach(namespec, p, std::move(result->stderr_fd), true);
  const auto index = static_cast<std::size_t>(id);
  if (stdin_.size() <= index) stdin_.resize(index + 1);
  stdin_[index] = std::move(result->stdin_fd);
  // A child that failed after fork has already exited; its exit arrives as usual.
  for (core::Effect& e : core_->OnSpawned(id, result->pid, Now())) ApplyOne(e);
}

void Daemon::Attach(const std::string& namespec, const plan::Process& p, os::UniqueFd fd,
                    bool stderr_channel) {
  const plan::LogSpec& spec = stderr_channel ? p.stderr_log : p.stdout_log;
  io::CaptureOptions co;
  co.name = p.name;
  co.channel = stderr_channel ? "stderr" : "stdout";
  co.strip_ansi = plan_->supervisord.strip_ansi;
  co.to_syslog = spec.syslog;
  if (free_slots_.empty()) {
    co.slot = static_cast<int>(captures_.size());
    captures_.emplace_back();
  } else {
    co.slot = free_slots_.back();
    free_slots_.pop_back();
  }
  const auto slot = static_cast<std::size_t>(co.slot);
  int raw = fd.Release();
  auto capture =
      std::make_unique<io::OutputCapture>(raw, child_logs_.Find(namespec, stderr_channel), co);
  if (log_ && log_->Enabled(io::LogLevel::kDebug)) {
    // supervisord's POutputDispatcher copies every chunk into the main log at debug level.
    std::string head = "'" + p.name + "' " + co.channel + " output:\n";
    capture->set_chunk_hook([this, head](std::string_view data) {
      Log(io::LogLevel::kDebug, head + std::string(data));
    });
  }
  if (!capture_hooks_) {
    capture_hooks_ = std::make_shared<const io::CaptureHooks>(io::CaptureHooks{
        [this](io::LogLevel level, std::string_view m) { Log(level, std::string(m)); },
        [this](io::OutputCapture& ended) {
          const int ended_slot = ended.slot();
          captures_[static_cast<std::size_t>(ended_slot)].reset();  // destroys `ended`
          free_slots_.push_back(ended_slot);
        }});
  }
  capture->Attach(loop_, capture_hooks_);
  captures_[slot] = std::move(capture);
}

void Daemon::Signal(const core::SignalRequest& r) {
  auto sent = os::Kill(r.target, r.signo);
  if (sent) return;
  int err = sent.error();
  for (core::Effect& e :
       core_->OnSignalFailed(r.process, r.purpose, err, std::strerror(err), Now())) {
    ApplyOne(e);
  }
}

void Daemon::Rearm() {
  rearm_due_ = false;
  if (!core_ || !timer_) return;
  if (auto deadline = core_->NextDeadline()) {
    timer_->ArmAt(*deadline);
  } else {
    timer_->Stop();
  }
}

}  // namespace svc::runtime
