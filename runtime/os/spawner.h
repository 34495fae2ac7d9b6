// Fork and exec one supervised process (Subprocess.spawn / _spawn_as_child of supervisord).
// Everything is prepared before the child starts; it shares svcd's memory until it execs
// (vfork-style, no page-table copy), makes only async-signal-safe calls and reports a failed
// setuid, chdir or exec in that shared memory, so the parent knows at once.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "runtime/core/spawn_errors.h"
#include "runtime/os/unique_fd.h"
#include "schema/plan.h"

namespace svc::runtime::os {

struct SpawnRequest {
  std::vector<std::string> argv;  // argv[0] is resolved on PATH unless it contains '/'
  // The plan's environment ([supervisord] environment merged with the program's); it wins over
  // the SUPERVISOR_* variables, which win over the inherited environment.
  std::map<std::string, std::string> environment;
  std::string process_name;  // SUPERVISOR_PROCESS_NAME
  std::string group_name;    // SUPERVISOR_GROUP_NAME (not set when empty)
  std::string server_url;    // SUPERVISOR_SERVER_URL (not set when empty)
  std::optional<std::string> directory;
  std::optional<mode_t> umask;
  std::optional<std::string> user;  // name or uid
  bool redirect_stderr = false;     // fd 2 shares the stdout pipe
  // The environment the child inherits, as "K=V" strings; nullopt: svcd's own environ.
  std::optional<std::vector<std::string>> inherited_environment;
  // fcgi-program: this socket becomes fd 0 instead of a stdin pipe (not owned; -1: a pipe).
  int stdin_socket = -1;
};

// The request for one plan process. `default_server_url` is svcd's own URL, used when the
// program has no serverurl= (supervisord's AUTO); "" means none.
SpawnRequest MakeSpawnRequest(const plan::Process& process, const std::string& default_server_url);

// Failures before or during fork: the process never existed. `message` is the spawnerr text.
struct SpawnError {
  core::SpawnFailure failure = core::SpawnFailure::kForkError;
  std::string message;
  int error_number = 0;  // errno for pipe and fork failures, else 0
};

// Where the child gave up after fork. It has written supervisord's lines to its fd 2 (the
// stderr log, or the stdout log when redirected) and exited 127, exactly as supervisord's
// child does, so the exit still flows through the normal "exited too quickly" path.
enum class ChildStep : int32_t { kSetpgid, kFds, kSetuid, kChdir, kExec };

struct ChildFailure {
  ChildStep step = ChildStep::kExec;
  int error_number = 0;  // 0 when the refusal came from a check ("Can't drop privilege ...")
  // The line without "supervisor: " and "\n": "couldn't exec /bin/x: ENOENT",
  // "couldn't chdir to /nope: ENOENT", "couldn't setuid to 1000: Could not set groups ...".
  std::string message;
};

struct SpawnResult {
  pid_t pid = 0;                              // leads its own process group (pgid == pid)
  UniqueFd stdin_fd;                          // write end; invalid when stdin_socket was given
  UniqueFd stdout_fd;                         // read end
  UniqueFd stderr_fd;                         // read end; invalid when redirect_stderr
  std::optional<ChildFailure> child_failure;  // set: the child already exited (status 127)
};

// Reserves three low fds for spawning (Spawn does it on first use; svcd calls it before it
// opens its logs, so they sit below them). Without them, or on a kernel without
// CLOSE_RANGE_UNSHARE, each child copies and then closes svcd's whole fd table.
void ReserveSpawnSlots();

// Parent ends are O_NONBLOCK and O_CLOEXEC. Blocks only until the child has begun its exec
// (the kernel has replaced its memory) or failed.
[[nodiscard]] tl::expected<SpawnResult, SpawnError> Spawn(const SpawnRequest& request);

}  // namespace svc::runtime::os
