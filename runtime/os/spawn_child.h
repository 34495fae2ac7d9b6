// Internal to the spawner: starting the child and the code it runs before execve. The child is
// a clone(CLONE_VM | CLONE_VFORK) of svcd on its own small stack (what posix_spawn does): no
// page-table copy, no write-protected heap, and svcd resumes as soon as the child has exec'd
// or given up. Sharing svcd's memory, the child makes only async-signal-safe calls on data
// prepared before; on failure it writes supervisord's lines to fd 2, fills in the shared
// ChildReport and exits 127.
#pragma once

#include <sys/types.h>

#include "runtime/os/spawn_prepare.h"

namespace svc::runtime::os {

struct ChildFds {
  int stdin_fd = -1;   // becomes fd 0
  int stdout_fd = -1;  // becomes fd 1 (and fd 2 when stderr_fd is -1)
  int stderr_fd = -1;  // becomes fd 2; -1 with redirect_stderr
  // >= 0: the child starts on svcd's own fd table (CLONE_FILES) and first takes a private copy
  // of only the fds below this one (close_range with CLOSE_RANGE_UNSHARE), so the thousands
  // of svcd's other fds are neither copied nor closed one by one. The three fds above must
  // all be below it.
  int share_below = -1;
};

// Returns the child's pid once it has exec'd or exited; `report.step` stays -1 unless the child
// gave up (then it exits 127). -1 with errno when the clone itself failed. Signals must be
// blocked by the caller; the child resets their dispositions and unblocks them before execve.
pid_t StartChild(const PreparedSpawn& prepared, const ChildFds& fds, ChildReport& report);

}  // namespace svc::runtime::os
