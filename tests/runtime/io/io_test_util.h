// Helpers for the runtime/io tests: a private temporary directory per test, whole-file reads,
// pipes, and a deterministic byte pattern.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace svc::runtime::io::testing {

// mkdtemp under $TMPDIR (or /tmp); removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// The whole content of `path`, or "<missing>" when it cannot be opened.
std::string ReadFile(const std::string& path);
bool Exists(const std::string& path);
long long FileSize(const std::string& path);  // -1 when missing

// pipe2(O_CLOEXEC); the read end also O_NONBLOCK when asked. {read, write}.
std::vector<int> MakePipe(bool nonblocking_read);

// Reads everything currently available from a non-blocking fd.
std::string ReadAvailable(int fd);

// `size` bytes whose content depends on position, so lost, doubled or reordered bytes show.
std::string Pattern(std::size_t size, unsigned seed = 1);

// Reassembles a rotated log: path.N … path.1, then path.
std::string ReadRotated(const std::string& path, int backups);

}  // namespace svc::runtime::io::testing
