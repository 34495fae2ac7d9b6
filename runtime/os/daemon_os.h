// The OS side of svcd itself (supervisord's ServerOptions): daemonize, pidfile, rlimits,
// setuid of the daemon, and reaping every child as a correct PID 1 must. No policy: the
// daemon decides what to log and whether a failure is fatal.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace svc::runtime::os {

// ---- daemonize (options._daemonize) -------------------------------------------------------

struct DaemonizeOptions {
  std::optional<std::string> directory;  // chdir here; a failure is only reported
  std::optional<mode_t> umask;
};

struct DaemonizeReport {
  bool changed_directory = false;  // "set current directory: '<dir>'"
  // "can't chdir into '/x': [Errno 2] No such file or directory: '/x'" (logged CRIT).
  std::optional<std::string> chdir_error;
};

// Flushes stdio, forks; the parent _exit(0)s at once, as supervisord's does. The child becomes
// a session leader (setsid), changes directory, points fds 0-1-2 at /dev/null and sets the
// umask. Returns in the child only; the error is fork's or /dev/null's errno. An event loop
// created before this must be told about the fork (ev_loop_fork).
[[nodiscard]] tl::expected<DaemonizeReport, int> Daemonize(const DaemonizeOptions& options);

// ---- pidfile (options.write_pidfile / cleanup) --------------------------------------------

struct PidfileError {
  std::string message;         // "could not write pidfile /run/x.pid" plus the reason
  int error_number = 0;        // 0 when refused because another live process owns it
  std::optional<pid_t> owner;  // that process
};

// Writes "<pid>\n" atomically (a temp file in the same directory, then rename). Unlike
// supervisord, refuses to replace a pidfile naming another live process.
[[nodiscard]] tl::expected<void, PidfileError> WritePidfile(const std::string& path, pid_t pid);

// The pid a pidfile names, if it holds one.
std::optional<pid_t> ReadPidfile(const std::string& path);

// Removes the pidfile only if it still names `pid` (never a successor's). true if removed.
bool RemovePidfile(const std::string& path, pid_t pid);

// ---- rlimits (options.set_rlimits_or_exit) ------------------------------------------------

// Raises RLIMIT_NOFILE to minfds and RLIMIT_NPROC to minprocs when the soft limit is lower
// (and not unlimited), lifting the hard limit too when it is lower. Success: the info lines
// ("Increased RLIMIT_NOFILE limit to 4096"). Failure: supervisord's usage text, but naming the
// real hard limit rather than the requested one (quirk 22).
[[nodiscard]] tl::expected<std::vector<std::string>, std::string> RaiseRlimits(int64_t minfds,
                                                                               int64_t minprocs);

// ---- user (options.set_uid_or_exit / drop_privileges) -------------------------------------

// Becomes `user` (name or uid): nothing to do when already that uid; refused when not root;
// else setgroups, setgid, setuid. Success: the uid ("Set uid to user <uid> succeeded").
// Failure texts: "Can't find username 'x'", "Can't find uid 9", "Can't drop privilege as
// nonroot user", "Could not set groups of effective user", "Could not set group id of
// effective user".
[[nodiscard]] tl::expected<uid_t, std::string> SetDaemonUser(std::string_view user);

// ---- reaping ------------------------------------------------------------------------------

struct Reaped {
  pid_t pid = 0;
  int status = 0;  // the raw wait status
};

// waitpid(-1, WNOHANG) until nothing is left to reap: every exited child, ours or adopted.
std::vector<Reaped> ReapAll();

}  // namespace svc::runtime::os
