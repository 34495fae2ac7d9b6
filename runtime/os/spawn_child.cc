#include "runtime/os/spawn_child.h"

#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "runtime/os/errno_names.h"

namespace svc::runtime::os {
namespace {

// Everything below runs in the child between clone and execve: no allocation, no locks, no
// stdio. It runs on its own stack, so it is not instrumented by the sanitizers (their
// bookkeeping of svcd's thread stack does not fit a second stack).
#define SVC_CHILD_CODE __attribute__((no_sanitize("address", "undefined")))

struct ChildArgs {
  const PreparedSpawn* prepared;
  ChildFds fds;
  ChildReport* report;
};

SVC_CHILD_CODE size_t Length(const char* text) {
  size_t n = 0;
  while (text[n] != '\0') ++n;
  return n;
}

SVC_CHILD_CODE void WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    data += n;
    size -= static_cast<size_t>(n);
  }
}

SVC_CHILD_CODE void WriteText(int fd, const char* text) { WriteAll(fd, text, Length(text)); }

SVC_CHILD_CODE void WriteErrno(int fd, int error_number) {
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
// was not spawned", and exits 127. Before fd 2 is set up only the report is filled in.
[[noreturn]] SVC_CHILD_CODE void Fail(const ChildArgs& args, ChildStepDetail step,
                                      int error_number) {
  const PreparedSpawn& prepared = *args.prepared;
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
  // svcd reads it once this child has exited: CLONE_VFORK keeps svcd waiting until then.
  args.report->error_number = error_number;
  args.report->step = static_cast<int32_t>(step);
  syscall(SYS_exit_group, 127);  // not _exit(): no atexit-style or sanitizer hooks
  __builtin_unreachable();
}

// svcd's handlers and ignored signals (SIGPIPE) must not leak into the program.
SVC_CHILD_CODE void ResetSignalDispositions() {
  struct sigaction action {};
  action.sa_handler = SIG_DFL;
  sigemptyset(&action.sa_mask);
  for (int signo = 1; signo < NSIG; ++signo) {
    if (signo == SIGKILL || signo == SIGSTOP) continue;
    sigaction(signo, &action, nullptr);  // glibc's internal signals just fail: fine
  }
}

SVC_CHILD_CODE bool MoveFds(const ChildFds& fds) {
  const int err_target = fds.stderr_fd >= 0 ? fds.stderr_fd : fds.stdout_fd;
  if (fds.stdin_fd >= 0 && dup2(fds.stdin_fd, 0) < 0) return false;
  if (dup2(fds.stdout_fd, 1) < 0) return false;
  return dup2(err_target, 2) >= 0;
}

// Every fd but 0, 1 and 2.
SVC_CHILD_CODE void CloseOtherFds(const PreparedSpawn& prepared) {
  if (close_range(3, ~0U, 0) == 0) return;
  for (int fd = 3; fd < prepared.max_fd; ++fd) close(fd);
}

// Raw system calls: glibc's setuid family would try to reach every thread of svcd, whose
// memory this child shares.
SVC_CHILD_CODE void DropPrivileges(const ChildArgs& args) {
  const PreparedSpawn& prepared = *args.prepared;
  if (!prepared.user_refusal.empty()) Fail(args, ChildStepDetail::kUserRefused, 0);
  if (prepared.drop != PrivilegeDrop::kSwitch) return;
  if (syscall(SYS_setgroups, prepared.groups.size(), prepared.groups.data()) != 0) {
    Fail(args, ChildStepDetail::kSetgroups, errno);
  }
  if (syscall(SYS_setgid, prepared.gid) != 0) Fail(args, ChildStepDetail::kSetgid, errno);
  if (syscall(SYS_setuid, prepared.uid) != 0) Fail(args, ChildStepDetail::kSetuid, errno);
}

[[noreturn]] SVC_CHILD_CODE void RunChild(const ChildArgs& args) {
  const PreparedSpawn& prepared = *args.prepared;
  ResetSignalDispositions();
  // setpgrp(): its own process group, so a Ctrl-C or HUP aimed at svcd's group misses it.
  if (setpgid(0, 0) != 0) Fail(args, ChildStepDetail::kSetpgid, errno);
  if (args.fds.share_below >= 0 &&
      close_range(static_cast<unsigned>(args.fds.share_below), ~0U, CLOSE_RANGE_UNSHARE) != 0) {
    Fail(args, ChildStepDetail::kFds, errno);  // svcd's table is untouched: nothing was closed
  }
  if (!MoveFds(args.fds)) Fail(args, ChildStepDetail::kFds, errno);
  CloseOtherFds(prepared);
  DropPrivileges(args);
  if (prepared.has_directory && chdir(prepared.directory.c_str()) != 0) {
    Fail(args, ChildStepDetail::kChdir, errno);
  }
  if (prepared.has_umask) umask(prepared.umask);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  execve(prepared.filename.c_str(), prepared.argv.data(), prepared.envp.data());
  Fail(args, ChildStepDetail::kExec, errno);
}

SVC_CHILD_CODE int ChildMain(void* arg) { RunChild(*static_cast<const ChildArgs*>(arg)); }

// The child's stack: mapped once, reused by every spawn (svcd is suspended while a child runs
// on it), with a guard page below. Pages are only committed as the child touches them.
constexpr size_t kChildStackSize = 256 * 1024;
constexpr size_t kGuardSize = 4096;

char* ChildStackTop() {
  static char* top = [] {
    void* base = mmap(nullptr, kChildStackSize + kGuardSize, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (base == MAP_FAILED) return static_cast<char*>(nullptr);
    mprotect(base, kGuardSize, PROT_NONE);
    return static_cast<char*>(base) + kGuardSize + kChildStackSize;
  }();
  return top;
}

}  // namespace

pid_t StartChild(const PreparedSpawn& prepared, const ChildFds& fds, ChildReport& report) {
  char* stack = ChildStackTop();
  if (stack == nullptr) return -1;  // errno from mmap
  report.step = -1;
  report.error_number = 0;
  ChildArgs args{&prepared, fds, &report};
  // SIGCHLD: the child is reaped like any other (waitpid without __WCLONE).
  const int flags = CLONE_VM | CLONE_VFORK | SIGCHLD | (fds.share_below >= 0 ? CLONE_FILES : 0);
  return clone(ChildMain, stack, flags, &args);
}

}  // namespace svc::runtime::os
