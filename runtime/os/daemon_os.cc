#include "runtime/os/daemon_os.h"

#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "runtime/core/spawn_errors.h"
#include "runtime/os/errno_names.h"
#include "runtime/os/users.h"

namespace svc::runtime::os {
namespace {

// str(OSError) for a call on a path: "[Errno 2] No such file or directory: '/x'".
std::string PythonOsError(int error_number, const std::string& path) {
  return "[Errno " + std::to_string(error_number) + "] " + std::strerror(error_number) + ": " +
         core::PythonRepr(path);
}

int NullStdio() {
  const int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null_fd < 0) return errno;
  for (int target = 0; target <= 2; ++target) {
    if (null_fd != target && dup2(null_fd, target) < 0) {
      const int error = errno;
      close(null_fd);
      return error;
    }
  }
  if (null_fd > 2) close(null_fd);
  return 0;
}

}  // namespace

tl::expected<DaemonizeReport, int> Daemonize(const DaemonizeOptions& options) {
  std::fflush(nullptr);  // buffered output must not be written twice
  const pid_t pid = fork();
  if (pid < 0) return tl::unexpected(errno);
  if (pid != 0) _exit(0);
  DaemonizeReport report;
  setsid();  // cannot fail: a fresh child is never a group leader
  if (options.directory) {
    if (chdir(options.directory->c_str()) == 0) {
      report.changed_directory = true;
    } else {
      report.chdir_error = "can't chdir into " + core::PythonRepr(*options.directory) + ": " +
                           PythonOsError(errno, *options.directory);
    }
  }
  if (int error = NullStdio(); error != 0) return tl::unexpected(error);
  if (options.umask) umask(*options.umask);
  return report;
}

tl::expected<uid_t, std::string> SetDaemonUser(std::string_view user) {
  tl::expected<UserInfo, std::string> info = ResolveUser(user);
  if (!info) return tl::unexpected(info.error());
  switch (PlanPrivilegeDrop(*info, getuid())) {
    case PrivilegeDrop::kNone:
      return info->uid;
    case PrivilegeDrop::kNotRoot:
      return tl::unexpected(std::string(kNotRootText));
    case PrivilegeDrop::kSwitch:
      break;
  }
  if (setgroups(info->groups.size(), info->groups.data()) != 0) {
    return tl::unexpected(std::string(kSetgroupsText));
  }
  if (setgid(info->gid) != 0) return tl::unexpected(std::string(kSetgidText));
  if (setuid(info->uid) != 0) {
    return tl::unexpected("Could not set user id of effective user: " + ErrnoText(errno));
  }
  return info->uid;
}

std::vector<Reaped> ReapAll() {
  std::vector<Reaped> reaped;
  for (;;) {
    int status = 0;
    const pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid < 0 && errno == EINTR) continue;
    if (pid <= 0) return reaped;  // 0: children remain but none exited; -1: ECHILD
    reaped.push_back({pid, status});
  }
}

}  // namespace svc::runtime::os
