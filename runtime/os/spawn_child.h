// Internal to the spawner: the code that runs in the forked child between fork and execve.
// Only async-signal-safe calls; on failure it writes supervisord's lines to fd 2, a ChildReport
// to the report pipe, and exits 127.
#pragma once

#include "runtime/os/spawn_prepare.h"

namespace svc::runtime::os {

struct ChildFds {
  int stdin_fd = -1;   // becomes fd 0
  int stdout_fd = -1;  // becomes fd 1 (and fd 2 when stderr_fd is -1)
  int stderr_fd = -1;  // becomes fd 2; -1 with redirect_stderr
  int report_fd = -1;  // CLOEXEC write end of the report pipe; closes itself on exec
};

[[noreturn]] void RunChild(const PreparedSpawn& prepared, const ChildFds& fds);

}  // namespace svc::runtime::os
