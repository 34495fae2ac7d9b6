// A log file with supervisord's size rotation (loggers.RotatingFileHandler: file.log →
// file.log.1 … file.log.N), except that a file never grows past maxbytes (quirk 43).
// Errors are returned, never thrown; a file that cannot be opened is retried on the next call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace svc::runtime::io {

// What went wrong, as errno and a line for the main log: "open /var/log/x.log: No such file or
// directory". For Write, `unwritten` is how many bytes of that call were dropped.
struct FileError {
  int error_number = 0;
  std::string message;
  std::size_t unwritten = 0;
};

// A path a RotatingFile asks for whenever it needs one (open, rotation, removal, an error
// message) instead of keeping its own copy: ChildLogs derives a thousand AUTO log paths from
// one directory and a few bytes each.
struct PathSource {
  std::string (*make)(const void* context) = nullptr;
  const void* context = nullptr;  // must outlive the file
};

struct RotatingFileOptions {
  std::string path = {};
  int64_t maxbytes = 0;  // 0: never rotate
  int64_t backups = 0;   // 0: truncate on rollover, keep no backup
  // Roll over before a write that does not fit instead of splitting it (the main log keeps
  // its lines whole); a write larger than maxbytes is still split.
  bool whole_writes = false;
  // How often, while writing, the file is checked (fstat) for deletion and for a size changed
  // by someone else; it is always checked before a write that reaches maxbytes. 0: before
  // every write. A check per write would cost a system call per line of a chatty child.
  double recheck_seconds = 1.0;
  PathSource path_source = {};  // when set, used instead of `path`
};

class RotatingFile {
 public:
  // Does not open; call Open() to report a bad path early, or let the first Write() open it.
  explicit RotatingFile(RotatingFileOptions options);
  ~RotatingFile();
  RotatingFile(RotatingFile&& other) noexcept;
  RotatingFile& operator=(RotatingFile&& other) noexcept;
  RotatingFile(const RotatingFile&) = delete;
  RotatingFile& operator=(const RotatingFile&) = delete;

  // Opens in append mode (O_APPEND|O_CLOEXEC, created 0666 & ~umask) unless already open.
  // /dev/stdout and /dev/stderr duplicate fd 1 or 2, which also works when they are sockets.
  [[nodiscard]] tl::expected<void, FileError> Open();

  // Appends all of `data`. A rotating file rolls over before a byte would take it past
  // maxbytes, so one write may be split across files, and it rolls over as soon as it is
  // full, as supervisord does. Non-regular files (ttys, pipes, /dev/null) and special paths
  // (IsSpecialLogPath) are written without seeking or rotating. A regular file that was deleted
  // (its directory too) is opened again by path, at the next check (recheck_seconds). On error
  // the rest of `data` is dropped, the file is closed, and the next Write or Reopen tries again.
  [[nodiscard]] tl::expected<void, FileError> Write(std::string_view data);

  // SIGUSR2 (supervisord's handler.reopen): close and open the same path in append mode, so a
  // file moved away by logrotate is replaced by a new one.
  [[nodiscard]] tl::expected<void, FileError> Reopen();

  // clearLog / clearProcessLogs: remove the file (backups stay) and open a new empty one.
  // Special paths are only reopened, never removed.
  [[nodiscard]] tl::expected<void, FileError> Clear();

  void Close();

  std::string path() const;
  bool is_open() const { return fd_ >= 0; }
  // True while open on a regular file with maxbytes > 0 and not a special path.
  bool rotates() const { return rotates_; }
  // Size of the current file as last seen plus what was written since (0 when not rotating).
  int64_t size() const { return size_; }

 private:
  [[nodiscard]] tl::expected<void, FileError> OpenFile(bool truncate);
  [[nodiscard]] tl::expected<void, FileError> Rotate();
  [[nodiscard]] tl::expected<void, FileError> WriteAll(std::string_view data);
  [[nodiscard]] tl::expected<void, FileError> RefreshSize();
  bool RecheckDue(std::size_t incoming) const;
  [[nodiscard]] tl::expected<void, FileError> WriteRotating(std::string_view data);

  // The options, unpacked into small members: a thousand programs keep two thousand files.
  std::unique_ptr<char[]> path_;  // NUL-terminated, sized to fit; null with a source_
  PathSource source_;
  int64_t maxbytes_;
  int64_t backups_;
  double recheck_seconds_;
  int fd_ = -1;
  bool whole_writes_;
  bool regular_ = false;  // a regular file, not a special path: checked for deletion
  bool rotates_ = false;
  int64_t size_ = 0;
  double checked_at_ = 0.0;  // CLOCK_MONOTONIC_COARSE seconds of the last fstat
};

// True for paths svc never renames, removes or rotates even when they lead to a regular file:
// /dev/stdout, /dev/stderr, /dev/fd/*, /proc/*. (Other non-regular files, such as /dev/null or
// a tty, are recognised by their type.)
bool IsSpecialLogPath(std::string_view path);

}  // namespace svc::runtime::io
