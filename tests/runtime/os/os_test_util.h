// Helpers for the runtime/os tests, which fork real processes: a private temp dir per test,
// files with modes, reading a child's non-blocking pipes, waiting with a deadline, /proc probes.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace svc::runtime::os::testing {

// A fresh mkdtemp directory (mode 0755 so a dropped-privilege child can enter it), removed
// recursively on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string Join(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

void WriteFile(const std::string& path, const std::string& content, mode_t mode = 0644);
std::string ReadFile(const std::string& path);

// Reads a (non-blocking) fd until EOF or `timeout_ms`.
std::string ReadUntilEof(int fd, int timeout_ms = 5000);
// Reads until `want` has arrived (or EOF, or the timeout); returns what was read.
std::string ReadUntil(int fd, const std::string& want, int timeout_ms = 5000);
void WriteAllFd(int fd, const std::string& data);

// waitpid with a deadline; nullopt on timeout (the child is then SIGKILLed and reaped).
std::optional<int> WaitStatus(pid_t pid, int timeout_ms = 5000);

// True once /proc/<pid> is gone or a zombie.
bool ProcessGone(pid_t pid);
// Polls ProcessGone for up to `timeout_ms`, reaping our own exited children meanwhile.
bool WaitGone(pid_t pid, int timeout_ms = 5000);

// The fds open in a process: the names in /proc/<pid>/fd, sorted.
std::vector<int> OpenFds(pid_t pid);
// "Key:\tvalue" of /proc/<pid>/status.
std::string StatusField(pid_t pid, const std::string& key);
// NUL-separated /proc files (cmdline, environ) as a list.
std::vector<std::string> ProcList(pid_t pid, const std::string& file);
// Field 5 of /proc/<pid>/stat.
pid_t ProcessGroupOf(pid_t pid);

}  // namespace svc::runtime::os::testing
