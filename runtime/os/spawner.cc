#include "runtime/os/spawner.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <iterator>

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

// Three fds reserved once, low in the table (copies of /dev/null): each spawn points them at
// the child's stdin, stdout and stderr, so the child (sharing svcd's fd table) keeps only the
// fds up to these when it unshares, then points them back at /dev/null.
struct Slots {
  bool ready = false;
  int devnull = -1;
  int fd[3] = {-1, -1, -1};
};

Slots& SpawnSlots() {
  static Slots slots;
  return slots;
}

void DropSlots(Slots& slots) {
  for (int& fd : slots.fd) {
    if (fd >= 0) close(fd);
    fd = -1;
  }
  if (slots.devnull >= 0) close(slots.devnull);
  slots.devnull = -1;
  slots.ready = false;
}

// Points the slots at the child's fds; false (slots dropped) when that fails.
bool AimSlots(Slots& slots, const int (&targets)[3]) {
  for (int i = 0; i < 3; ++i) {
    if (dup3(targets[i], slots.fd[i], O_CLOEXEC) < 0) {
      DropSlots(slots);
      return false;
    }
  }
  return true;
}

// Back to /dev/null, so svcd holds no reference to the child's pipe ends (EOF must reach it).
void ParkSlots(Slots& slots) {
  for (int fd : slots.fd) {
    if (dup3(slots.devnull, fd, O_CLOEXEC) < 0) {
      DropSlots(slots);  // closing them drops the references just as well
      return;
    }
  }
}

struct Pipes {
  Pipe in, out, err;
};

// 0 or an errno; parent ends are made non-blocking.
int MakePipes(const SpawnRequest& request, Pipes& pipes) {
  int error = 0;
  if (request.stdin_socket < 0 && (error = MakePipe(pipes.in)) != 0) return error;
  if ((error = MakePipe(pipes.out)) != 0) return error;
  if (!request.redirect_stderr && (error = MakePipe(pipes.err)) != 0) return error;
  for (const UniqueFd* fd : {&pipes.in.write, &pipes.out.read, &pipes.err.read}) {
    if (fd->valid() && (error = SetNonBlocking(*fd)) != 0) return error;
  }
  return 0;
}

}  // namespace

void ReserveSpawnSlots() {
  Slots& slots = SpawnSlots();
  if (slots.ready) return;
  // An empty range: only tells whether this kernel knows CLOSE_RANGE_UNSHARE (5.9+).
  if (close_range(~0U, ~0U, CLOSE_RANGE_UNSHARE) != 0) return;
  slots.devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (slots.devnull < 0) return;
  for (int& fd : slots.fd) {
    fd = fcntl(slots.devnull, F_DUPFD_CLOEXEC, 3);
    if (fd < 0) return DropSlots(slots);
  }
  slots.ready = true;
}

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
  ChildFds fds{request.stdin_socket >= 0 ? request.stdin_socket : pipes.in.read.get(),
               pipes.out.write.get(), pipes.err.write.get()};
  ReserveSpawnSlots();
  Slots& slots = SpawnSlots();
  const bool redirect = fds.stderr_fd < 0;
  if (slots.ready &&
      AimSlots(slots, {fds.stdin_fd, fds.stdout_fd, redirect ? fds.stdout_fd : fds.stderr_fd})) {
    fds = {slots.fd[0], slots.fd[1], redirect ? -1 : slots.fd[2],
           *std::max_element(std::begin(slots.fd), std::end(slots.fd)) + 1};
  }
  ChildReport report;
  const pid_t pid = StartChild(*prepared, fds, report);
  const int fork_errno = errno;
  if (fds.share_below >= 0) ParkSlots(slots);
  pthread_sigmask(SIG_SETMASK, &saved, nullptr);
  if (pid < 0) return tl::unexpected(ForkError(request, fork_errno));

  pipes.in.read.Reset();
  pipes.out.write.Reset();
  pipes.err.write.Reset();
  SpawnResult result;
  result.pid = pid;
  result.stdin_fd = std::move(pipes.in.write);
  result.stdout_fd = std::move(pipes.out.read);
  result.stderr_fd = std::move(pipes.err.read);
  if (report.step >= 0) {
    const auto detail = static_cast<ChildStepDetail>(report.step);
    result.child_failure =
        ChildFailure{PublicStep(detail), report.error_number, ChildMessage(*prepared, report)};
  }
  return result;
}

}  // namespace svc::runtime::os
