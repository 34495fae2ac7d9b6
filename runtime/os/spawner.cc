#include "runtime/os/spawner.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/os/errno_names.h"
#include "runtime/os/spawn_child.h"
#include "runtime/os/spawn_prepare.h"

namespace svc::runtime::os {
namespace {

struct Pipe {
  UniqueFd read;
  UniqueFd write;
};

// fds 0-2 are the child's targets, so no pipe end may sit there (svcd started with a closed
// stdio would otherwise get one from pipe2).
int AboveStdio(UniqueFd& fd) {
  if (fd.get() > 2) return 0;
  const int moved = fcntl(fd.get(), F_DUPFD_CLOEXEC, 3);
  if (moved < 0) return errno;
  fd.Reset(moved);
  return 0;
}

// 0 or an errno.
int MakePipe(Pipe& out) {
  int ends[2];
  if (pipe2(ends, O_CLOEXEC) != 0) return errno;
  out.read.Reset(ends[0]);
  out.write.Reset(ends[1]);
  if (int error = AboveStdio(out.read); error != 0) return error;
  return AboveStdio(out.write);
}

int SetNonBlocking(const UniqueFd& fd) {
  const int flags = fcntl(fd.get(), F_GETFL);
  if (flags < 0 || fcntl(fd.get(), F_SETFL, flags | O_NONBLOCK) < 0) return errno;
  return 0;
}

SpawnError PipeError(const SpawnRequest& request, int error) {
  // make_dispatchers: EMFILE is "too many open files", anything else is spelled out.
  if (error == EMFILE) {
    return {core::SpawnFailure::kTooManyFiles,
            core::SpawnErrorText(core::SpawnFailure::kTooManyFiles, request.process_name), error};
  }
  return {
      core::SpawnFailure::kPipeError,
      core::SpawnErrorText(core::SpawnFailure::kPipeError, request.process_name, ErrnoText(error)),
      error};
}

SpawnError ForkError(const SpawnRequest& request, int error) {
  if (error == EAGAIN) {
    return {core::SpawnFailure::kTooManyProcesses,
            core::SpawnErrorText(core::SpawnFailure::kTooManyProcesses, request.process_name),
            error};
  }
  return {
      core::SpawnFailure::kForkError,
      core::SpawnErrorText(core::SpawnFailure::kForkError, request.process_name, ErrnoText(error)),
      error};
}

struct Pipes {
  Pipe in, out, err, report;
};

// 0 or an errno; parent ends are made non-blocking.
int MakePipes(const SpawnRequest& request, Pipes& pipes) {
  int error = 0;
  if (request.stdin_socket < 0 && (error = MakePipe(pipes.in)) != 0) return error;
  if ((error = MakePipe(pipes.out)) != 0) return error;
  if (!request.redirect_stderr && (error = MakePipe(pipes.err)) != 0) return error;
  if ((error = MakePipe(pipes.report)) != 0) return error;
  for (const UniqueFd* fd : {&pipes.in.write, &pipes.out.read, &pipes.err.read}) {
    if (fd->valid() && (error = SetNonBlocking(*fd)) != 0) return error;
  }
  return 0;
}

// Blocks until the child execs (EOF: the CLOEXEC write end closed) or reports a failure.
std::optional<ChildReport> ReadReport(const UniqueFd& fd) {
  ChildReport report;
  auto* bytes = reinterpret_cast<char*>(&report);
  size_t got = 0;
  while (got < sizeof report) {
    const ssize_t n = read(fd.get(), bytes + got, sizeof report - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  if (got != sizeof report) return std::nullopt;
  return report;
}

}  // namespace

SpawnRequest MakeSpawnRequest(const plan::Process& process, const std::string& default_server_url) {
  SpawnRequest request;
  request.argv = process.argv;
  request.environment = process.environment;
  request.process_name = process.name;
  request.group_name = process.group;
  request.server_url = process.serverurl.value_or(default_server_url);
  request.directory = process.directory;
  if (process.umask) request.umask = static_cast<mode_t>(*process.umask);
  request.user = process.user;
  request.redirect_stderr = process.redirect_stderr;
  return request;
}

tl::expected<SpawnResult, SpawnError> Spawn(const SpawnRequest& request) {
  tl::expected<PreparedSpawn, SpawnError> prepared = Prepare(request);
  if (!prepared) return tl::unexpected(std::move(prepared.error()));
  Pipes pipes;
  if (int error = MakePipes(request, pipes); error != 0) {
    return tl::unexpected(PipeError(request, error));
  }
  // No signal handler of svcd may run in the child before its dispositions are reset.
  sigset_t all, saved;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &saved);
  const pid_t pid = fork();
  if (pid == 0) {
    RunChild(*prepared, {request.stdin_socket >= 0 ? request.stdin_socket : pipes.in.read.get(),
                         pipes.out.write.get(), pipes.err.write.get(), pipes.report.write.get()});
  }
  const int fork_errno = errno;
  pthread_sigmask(SIG_SETMASK, &saved, nullptr);
  if (pid < 0) return tl::unexpected(ForkError(request, fork_errno));

  pipes.in.read.Reset();
  pipes.out.write.Reset();
  pipes.err.write.Reset();
  pipes.report.write.Reset();
  SpawnResult result;
  result.pid = pid;
  result.stdin_fd = std::move(pipes.in.write);
  result.stdout_fd = std::move(pipes.out.read);
  result.stderr_fd = std::move(pipes.err.read);
  if (std::optional<ChildReport> report = ReadReport(pipes.report.read)) {
    const auto detail = static_cast<ChildStepDetail>(report->step);
    result.child_failure =
        ChildFailure{PublicStep(detail), report->error_number, ChildMessage(*prepared, *report)};
  }
  return result;
}

}  // namespace svc::runtime::os
