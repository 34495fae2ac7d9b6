// The daemon's side of RPC: starting the HTTP servers after each Setup, and the rpc::Backend
// view of svcd (core, logs, stdin pipes, command checks, adding and removing groups).
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "runtime/daemon.h"
#include "runtime/os/command_path.h"

namespace svc::runtime {
namespace {

std::string Namespec(const core::ProcessMachine& p) { return p.group() + ":" + p.name(); }

std::string LocalStopTime(int64_t epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm local{};
  localtime_r(&t, &local);
  return core::FormatStopTime(local);
}

}  // namespace

bool Daemon::StartRpc() {
  rpc_ = std::make_unique<rpc::Service>(static_cast<rpc::Backend&>(*this), loop_);
  auto listening = rpc_->Listen(plan_->servers);
  if (listening) return true;
  Log(io::LogLevel::kCritical, listening.error());
  std::fprintf(stderr, "Error: %s\n", listening.error().c_str());
  rpc_.reset();
  return false;
}

const core::LocalTimeFormatter& Daemon::local_time() const {
  static const core::LocalTimeFormatter kFormatter = LocalStopTime;
  return kFormatter;
}

std::string Daemon::MainLogPath() {
  if (!log_ || log_->to_syslog()) return "";
  return log_->logfile();
}

tl::expected<void, std::string> Daemon::ClearMainLog() {
  auto cleared = log_->Clear();
  if (!cleared) return tl::unexpected(cleared.error().message);
  Log(io::LogLevel::kInfo, "reopening log file");
  return {};
}

std::string Daemon::ChildLogPath(core::ProcessId id, bool stderr_channel) {
  io::RotatingFile* file = child_logs_.Find(Namespec(core_->process(id)), stderr_channel);
  return file != nullptr ? file->path() : "";
}

tl::expected<void, std::string> Daemon::ClearChildLogs(core::ProcessId id) {
  std::string namespec = Namespec(core_->process(id));
  for (bool err : {false, true}) {
    if (io::RotatingFile* file = child_logs_.Find(namespec, err)) {
      if (auto cleared = file->Clear(); !cleared) return tl::unexpected(cleared.error().message);
    }
  }
  return {};
}

tl::expected<plan::Plan, std::string> Daemon::ReadPlan() {
  auto load = LoadPlan(options_, argv0_);
  if (!load) return tl::unexpected(load.error());
  if (auto applied = ApplyOverrides(options_, load->plan); !applied) {
    return tl::unexpected(applied.error());
  }
  return std::move(load->plan);
}

// Child logs are prepared for exactly what runs.
tl::expected<void, core::GroupFailure> Daemon::AddGroup(const plan::Plan& from,
                                                        std::string_view name) {
  auto effects = core_->AddGroup(from, name, Now());
  if (!effects) return tl::unexpected(effects.error());
  std::string errors;
  PrepareChildLogs(errors);
  if (!errors.empty()) Log(io::LogLevel::kError, errors.substr(0, errors.size() - 1));
  Apply(std::move(*effects));
  return {};
}

tl::expected<void, core::GroupFailure> Daemon::RemoveGroup(std::string_view name) {
  core::MemberIds members;
  if (const core::GroupRecord* group = core_->FindGroup(name)) members = group->members;
  auto effects = core_->RemoveGroup(name);
  if (!effects) return tl::unexpected(effects.error());
  for (core::ProcessId id : members) {  // stopped processes: nobody reads these pipes any more
    stdin_backlog_.erase(id);
    if (os::UniqueFd* fd = StdinPipe(id)) fd->Reset();
  }
  std::string errors;
  PrepareChildLogs(errors);
  Apply(std::move(*effects));
  return {};
}

// Logs for exactly what runs. A removed process's capture may outlive its log (a grandchild
// still holds the pipe): it keeps draining the pipe, into nothing.
void Daemon::PrepareChildLogs(std::string& errors) {
  child_logs_.Prepare(plan_->supervisord, RunningProcesses(), errors,
                      [this](const io::RotatingFile& closing) {
                        for (std::unique_ptr<io::OutputCapture>& capture : captures_) {
                          if (capture && capture->sink() == &closing) capture->DropSink();
                        }
                      });
}

// The running processes in plan order (groups, then members), as the compiler made them.
std::vector<plan::Process> Daemon::RunningProcesses() const {
  std::vector<plan::Process> processes;
  for (const core::GroupRecord& group : core_->groups()) {
    for (core::ProcessId id : group.members) processes.push_back(core_->process(id).config());
  }
  return processes;
}

// The core's groups are in plan order, then in the order addProcessGroup added them.
plan::Plan Daemon::FullPlan() const {
  plan::Plan full = *plan_;
  for (const core::GroupRecord& group : core_->groups()) full.groups.push_back(group.config());
  full.processes = RunningProcesses();
  return full;
}

void Daemon::Log(core::LogLevel level, std::string message) {
  Log(static_cast<io::LogLevel>(static_cast<int>(level)), message);
}

std::optional<rpc::CommandProblem> Daemon::CheckCommand(core::ProcessId id) {
  const plan::Process& p = core_->process(id).config();
  const char* path = std::getenv("PATH");
  auto resolved = os::ResolveCommand(
      p.argv,
      os::SearchPath(p.environment, path ? std::optional<std::string_view>(path) : std::nullopt));
  if (resolved) return std::nullopt;
  return rpc::CommandProblem{resolved.error().failure, resolved.error().message};
}

os::UniqueFd* Daemon::StdinPipe(core::ProcessId id) {
  const auto index = static_cast<std::size_t>(id);
  return index < stdin_.size() ? &stdin_[index] : nullptr;
}

tl::expected<void, int> Daemon::WriteStdin(core::ProcessId id, std::string_view data) {
  os::UniqueFd* fd = StdinPipe(id);
  if (fd == nullptr || !fd->valid()) return tl::unexpected(EPIPE);
  StdinBacklog& backlog = stdin_backlog_[id];
  backlog.data.append(data);
  FlushStdin(id);
  if (!fd->valid()) return tl::unexpected(EPIPE);
  return {};
}

// Writes what the pipe takes; the rest waits for it to become writable (supervisord buffers
// stdin the same way in its input dispatcher).
void Daemon::FlushStdin(core::ProcessId id) {
  os::UniqueFd* fd = StdinPipe(id);
  StdinBacklog& backlog = stdin_backlog_[id];
  while (fd != nullptr && fd->valid() && !backlog.data.empty()) {
    ssize_t n = write(fd->get(), backlog.data.data(), backlog.data.size());
    if (n > 0) {
      backlog.data.erase(0, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      if (!backlog.writable) {
        backlog.writable = loop_.WatchWritable(fd->get(), [this, id] { FlushStdin(id); });
      }
      return;
    }
    fd->Reset();  // EPIPE: the child closed its stdin
    break;
  }
  stdin_backlog_.erase(id);
}

}  // namespace svc::runtime
