#include "runtime/os/spawn_child.h"

#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "runtime/os/errno_names.h"

namespace svc::runtime::os {
namespace {

// Everything below runs between fork and execve: no allocation, no locks, no stdio.

void WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    data += n;
    size -= static_cast<size_t>(n);
  }
}

void WriteText(int fd, const char* text) { WriteAll(fd, text, strlen(text)); }

void WriteErrno(int fd, int error_number) {
  const char* name = ErrnoName(error_number);
  if (name != nullptr) return WriteText(fd, name);
  char digits[16];
  size_t at = sizeof digits;
  unsigned value = error_number < 0 ? 0u : static_cast<unsigned>(error_number);
  do {
    digits[--at] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0 && at > 0);
  WriteAll(fd, digits + at, sizeof digits - at);
}

// supervisord's child writes its reason to fd 2 (the process's own log), then "child process
// was not spawned", and exits 127. Before fd 2 is set up only the report pipe is told.
[[noreturn]] void Fail(const PreparedSpawn& prepared, const ChildFds& fds, ChildStepDetail step,
                       int error_number) {
  const auto index = static_cast<size_t>(step);
  if (step != ChildStepDetail::kSetpgid && step != ChildStepDetail::kFds) {
    WriteText(2, "supervisor: ");
    WriteText(2, prepared.prefix[index].c_str());
    if (prepared.fixed_tail[index].empty()) {
      WriteErrno(2, error_number);
    } else {
      WriteText(2, prepared.fixed_tail[index].c_str());
    }
    WriteText(2, "\nsupervisor: child process was not spawned\n");
  }
  const ChildReport report{static_cast<int32_t>(step), error_number};
  WriteAll(fds.report_fd, reinterpret_cast<const char*>(&report), sizeof report);
  _exit(127);
}

// svcd's handlers and ignored signals (SIGPIPE) must not leak into the program.
void ResetSignalDispositions() {
  struct sigaction action {};
  action.sa_handler = SIG_DFL;
  sigemptyset(&action.sa_mask);
  for (int signo = 1; signo < NSIG; ++signo) {
    if (signo == SIGKILL || signo == SIGSTOP) continue;
    sigaction(signo, &action, nullptr);  // glibc's internal signals just fail: fine
  }
}

bool MoveFds(const ChildFds& fds) {
  const int err_target = fds.stderr_fd >= 0 ? fds.stderr_fd : fds.stdout_fd;
  if (fds.stdin_fd >= 0 && dup2(fds.stdin_fd, 0) < 0) return false;
  if (dup2(fds.stdout_fd, 1) < 0) return false;
  return dup2(err_target, 2) >= 0;
}

// Every fd but 0, 1, 2 and the report pipe (which closes itself on exec).
void CloseOtherFds(const PreparedSpawn& prepared, int keep) {
  const auto high = static_cast<unsigned>(keep);
  if ((keep <= 3 || close_range(3, high - 1, 0) == 0) && close_range(high + 1, ~0U, 0) == 0) {
    return;
  }
  for (int fd = 3; fd < prepared.max_fd; ++fd) {
    if (fd != keep) close(fd);
  }
}

void DropPrivileges(const PreparedSpawn& prepared, const ChildFds& fds) {
  if (!prepared.user_refusal.empty()) Fail(prepared, fds, ChildStepDetail::kUserRefused, 0);
  if (prepared.drop != PrivilegeDrop::kSwitch) return;
  if (setgroups(prepared.groups.size(), prepared.groups.data()) != 0) {
    Fail(prepared, fds, ChildStepDetail::kSetgroups, errno);
  }
  if (setgid(prepared.gid) != 0) Fail(prepared, fds, ChildStepDetail::kSetgid, errno);
  if (setuid(prepared.uid) != 0) Fail(prepared, fds, ChildStepDetail::kSetuid, errno);
}

}  // namespace

void RunChild(const PreparedSpawn& prepared, const ChildFds& fds) {
  ResetSignalDispositions();
  // setpgrp(): its own process group, so a Ctrl-C or HUP aimed at svcd's group misses it.
  if (setpgid(0, 0) != 0) Fail(prepared, fds, ChildStepDetail::kSetpgid, errno);
  if (!MoveFds(fds)) Fail(prepared, fds, ChildStepDetail::kFds, errno);
  CloseOtherFds(prepared, fds.report_fd);
  DropPrivileges(prepared, fds);
  if (prepared.has_directory && chdir(prepared.directory.c_str()) != 0) {
    Fail(prepared, fds, ChildStepDetail::kChdir, errno);
  }
  if (prepared.has_umask) umask(prepared.umask);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  execve(prepared.filename.c_str(), prepared.argv.data(), prepared.envp.data());
  Fail(prepared, fds, ChildStepDetail::kExec, errno);
}

}  // namespace svc::runtime::os
