// WritePidfile, ReadPidfile and RemovePidfile of daemon_os.h.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>

#include "runtime/os/daemon_os.h"

namespace svc::runtime::os {
namespace {

// kill(pid, 0) says a zombie is alive; /proc knows better.
bool IsZombie(pid_t pid) {
  std::string path = "/proc/" + std::to_string(pid) + "/stat";
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buf[1024];
  ssize_t n = read(fd, buf, sizeof buf);
  close(fd);
  std::string text(buf, n > 0 ? static_cast<size_t>(n) : 0);
  const size_t paren = text.rfind(')');
  return paren != std::string::npos && paren + 2 < text.size() && text[paren + 2] == 'Z';
}

bool IsAlive(pid_t pid) {
  if (kill(pid, 0) != 0 && errno != EPERM) return false;
  return !IsZombie(pid);
}

PidfileError WriteError(const std::string& path, int error) {
  return {"could not write pidfile " + path + ": " + std::strerror(error), error, std::nullopt};
}

}  // namespace

std::optional<pid_t> ReadPidfile(const std::string& path) {
  std::ifstream in(path);
  long long value = 0;
  if (!(in >> value) || value <= 0 || value > INT32_MAX) return std::nullopt;
  return static_cast<pid_t>(value);
}

tl::expected<void, PidfileError> WritePidfile(const std::string& path, pid_t pid) {
  if (std::optional<pid_t> owner = ReadPidfile(path);
      owner && *owner != pid && *owner != getpid() && IsAlive(*owner)) {
    return tl::unexpected(PidfileError{"could not write pidfile " + path + ": it names pid " +
                                           std::to_string(*owner) + ", which is still running",
                                       0, owner});
  }
  const std::string temp = path + ".tmp." + std::to_string(getpid());
  const int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return tl::unexpected(WriteError(path, errno));
  const std::string text = std::to_string(pid) + "\n";
  const bool written = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const int write_errno = written ? 0 : (errno != 0 ? errno : EIO);
  if (close(fd) != 0 || !written || rename(temp.c_str(), path.c_str()) != 0) {
    const int error = write_errno != 0 ? write_errno : errno;
    unlink(temp.c_str());
    return tl::unexpected(WriteError(path, error));
  }
  return {};
}

bool RemovePidfile(const std::string& path, pid_t pid) {
  if (ReadPidfile(path) != pid) return false;
  return unlink(path.c_str()) == 0;
}

}  // namespace svc::runtime::os
