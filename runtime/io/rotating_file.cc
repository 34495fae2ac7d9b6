// RotatingFile: open/append/rename with raw syscalls, so every failure is an errno we report.
#include "runtime/io/rotating_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

namespace svc::runtime::io {
namespace {

std::string ErrnoText(int error_number) {
  char buf[256];
  // GNU strerror_r returns the message, which may or may not be `buf`.
  return strerror_r(error_number, buf, sizeof buf);
}

tl::unexpected<FileError> Fail(std::string_view op, std::string_view path, int error_number,
                               std::size_t unwritten = 0) {
  std::string message(op);
  message += ' ';
  message += path;
  message += ": ";
  message += ErrnoText(error_number);
  return tl::unexpected(FileError{error_number, std::move(message), unwritten});
}

// fd 1 or 2 when `path` names the daemon's own stdout or stderr.
int StandardFdFor(std::string_view path) {
  if (path == "/dev/stdout" || path == "/dev/fd/1" || path == "/proc/self/fd/1") return 1;
  if (path == "/dev/stderr" || path == "/dev/fd/2" || path == "/proc/self/fd/2") return 2;
  return -1;
}

// rename(2) that treats a missing source as done (supervisord's removeAndRename).
int RenameIfExists(const std::string& from, const std::string& to) {
  if (rename(from.c_str(), to.c_str()) == 0 || errno == ENOENT) return 0;
  return errno;
}

// The coarse clock is read from the vDSO without a system call; its tick (1-4 ms) is plenty
// for a once-a-second check.
double CoarseNow() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

bool IsSpecialLogPath(std::string_view path) {
  return StandardFdFor(path) >= 0 || path.starts_with("/dev/fd/") || path.starts_with("/proc/");
}

RotatingFile::RotatingFile(RotatingFileOptions options)
    : source_(options.path_source),
      maxbytes_(options.maxbytes),
      backups_(options.backups),
      recheck_seconds_(options.recheck_seconds),
      whole_writes_(options.whole_writes) {
  if (source_.make != nullptr) return;
  path_ = std::make_unique<char[]>(options.path.size() + 1);
  std::memcpy(path_.get(), options.path.c_str(), options.path.size() + 1);
}

std::string RotatingFile::path() const {
  if (source_.make != nullptr) return source_.make(source_.context);
  return path_ ? std::string(path_.get()) : std::string();
}

RotatingFile::~RotatingFile() { Close(); }

RotatingFile::RotatingFile(RotatingFile&& other) noexcept
    : path_(std::move(other.path_)),
      source_(other.source_),
      maxbytes_(other.maxbytes_),
      backups_(other.backups_),
      recheck_seconds_(other.recheck_seconds_),
      fd_(std::exchange(other.fd_, -1)),
      whole_writes_(other.whole_writes_),
      regular_(std::exchange(other.regular_, false)),
      rotates_(std::exchange(other.rotates_, false)),
      size_(std::exchange(other.size_, 0)),
      checked_at_(other.checked_at_) {}

RotatingFile& RotatingFile::operator=(RotatingFile&& other) noexcept {
  if (this != &other) {
    Close();
    path_ = std::move(other.path_);
    source_ = other.source_;
    maxbytes_ = other.maxbytes_;
    backups_ = other.backups_;
    recheck_seconds_ = other.recheck_seconds_;
    whole_writes_ = other.whole_writes_;
    fd_ = std::exchange(other.fd_, -1);
    regular_ = std::exchange(other.regular_, false);
    rotates_ = std::exchange(other.rotates_, false);
    size_ = std::exchange(other.size_, 0);
    checked_at_ = other.checked_at_;
  }
  return *this;
}

void RotatingFile::Close() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
  regular_ = false;
  rotates_ = false;
  size_ = 0;
}

tl::expected<void, FileError> RotatingFile::Open() {
  if (fd_ >= 0) return {};
  return OpenFile(/*truncate=*/false);
}

tl::expected<void, FileError> RotatingFile::OpenFile(bool truncate) {
  Close();
  const std::string path = this->path();
  if (const int standard = StandardFdFor(path); standard >= 0) {
    fd_ = fcntl(standard, F_DUPFD_CLOEXEC, 3);
    if (fd_ < 0) return Fail("dup", path, errno);
    return {};
  }
  // O_NONBLOCK only for the open itself: a FIFO without a reader fails with ENXIO instead of
  // hanging the daemon. Writes are blocking again, as supervisord's are.
  int flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
  if (truncate) flags |= O_TRUNC;
  fd_ = open(path.c_str(), flags, 0666);
  if (fd_ < 0) return Fail("open", path, errno);
  const int status = fcntl(fd_, F_GETFL);
  if (status >= 0) fcntl(fd_, F_SETFL, status & ~O_NONBLOCK);
  struct stat st {};
  if (fstat(fd_, &st) != 0) {
    const int error_number = errno;
    Close();
    return Fail("stat", path, error_number);
  }
  regular_ = S_ISREG(st.st_mode) && !IsSpecialLogPath(path);
  rotates_ = regular_ && maxbytes_ > 0;
  size_ = rotates_ ? st.st_size : 0;
  checked_at_ = CoarseNow();
  return {};
}

tl::expected<void, FileError> RotatingFile::Reopen() { return OpenFile(/*truncate=*/false); }

tl::expected<void, FileError> RotatingFile::Clear() {
  Close();
  const std::string path = this->path();
  if (!IsSpecialLogPath(path) && unlink(path.c_str()) != 0 && errno != ENOENT) {
    const int error_number = errno;
    (void)OpenFile(/*truncate=*/false);
    return Fail("remove", path, error_number);
  }
  return OpenFile(/*truncate=*/false);
}

tl::expected<void, FileError> RotatingFile::Write(std::string_view data) {
  if (fd_ < 0) {
    if (auto opened = OpenFile(/*truncate=*/false); !opened) {
      opened.error().unwritten = data.size();
      return opened;
    }
  }
  if (regular_ && RecheckDue(data.size())) {
    if (auto fresh = RefreshSize(); !fresh) {
      fresh.error().unwritten = data.size();
      return fresh;
    }
  }
  return rotates_ ? WriteRotating(data) : WriteAll(data);
}

// Between checks the size is tracked from our own writes (O_APPEND: they land at the end), so
// appends by another writer are counted from the next check on. A write that would reach
// maxbytes re-reads the size first, so a file truncated by someone else (copytruncate) is not
// rotated early.
bool RotatingFile::RecheckDue(std::size_t incoming) const {
  if (rotates_ && size_ + static_cast<int64_t>(incoming) >= maxbytes_) return true;
  return recheck_seconds_ <= 0.0 || CoarseNow() - checked_at_ >= recheck_seconds_;
}

// Re-reads the size (another writer, or a truncation, may have changed it) and opens the path
// again if the file was deleted under us.
tl::expected<void, FileError> RotatingFile::RefreshSize() {
  checked_at_ = CoarseNow();
  struct stat st {};
  if (fstat(fd_, &st) != 0) {
    const int error_number = errno;
    Close();
    return Fail("stat", path(), error_number);
  }
  if (st.st_nlink == 0) return OpenFile(/*truncate=*/false);
  if (rotates_) size_ = st.st_size;
  return {};
}

tl::expected<void, FileError> RotatingFile::WriteRotating(std::string_view data) {
  std::optional<FileError> report;  // a rename that failed while the new file opened fine
  auto rotate = [&]() -> bool {
    auto rotated = Rotate();
    if (!rotated && !report) report = std::move(rotated.error());
    return fd_ >= 0;
  };
  if (whole_writes_ && size_ > 0 && size_ + static_cast<int64_t>(data.size()) > maxbytes_ &&
      static_cast<int64_t>(data.size()) <= maxbytes_ && !rotate()) {
    report->unwritten = data.size();
    return tl::unexpected(std::move(*report));
  }
  while (!data.empty()) {
    if (size_ >= maxbytes_ && !rotate()) {
      report->unwritten = data.size();
      return tl::unexpected(std::move(*report));
    }
    const int64_t room = maxbytes_ - size_;
    const std::size_t n =
        room < static_cast<int64_t>(data.size()) ? static_cast<std::size_t>(room) : data.size();
    auto written = WriteAll(data.substr(0, n));
    if (!written) {
      written.error().unwritten += data.size() - n;
      return written;
    }
    size_ += static_cast<int64_t>(n);
    data.remove_prefix(n);
  }
  if (size_ >= maxbytes_) rotate();
  if (report) return tl::unexpected(std::move(*report));
  return {};
}

// supervisord's doRollover: .N-1 → .N … .1 → .2, file → .1, then a new empty file. A rename
// error is reported, but the new file is still started so logging goes on within bounds.
tl::expected<void, FileError> RotatingFile::Rotate() {
  Close();
  const std::string base = path();
  int first_error = 0;
  std::string failed;
  for (int64_t i = backups_ - 1; i >= 1; --i) {
    const std::string from = base + "." + std::to_string(i);
    if (const int error_number = RenameIfExists(from, base + "." + std::to_string(i + 1));
        error_number != 0 && first_error == 0) {
      first_error = error_number;
      failed = from;
    }
  }
  if (backups_ > 0) {
    if (const int error_number = RenameIfExists(base, base + ".1");
        error_number != 0 && first_error == 0) {
      first_error = error_number;
      failed = base;
    }
  }
  if (auto opened = OpenFile(/*truncate=*/true); !opened) return opened;
  if (first_error != 0) return Fail("rotate", failed, first_error);
  return {};
}

tl::expected<void, FileError> RotatingFile::WriteAll(std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = write(fd_, data.data(), data.size());
    if (n > 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    const int error_number = n < 0 ? errno : EIO;
    Close();
    return Fail("write", path(), error_number, data.size());
  }
  return {};
}

}  // namespace svc::runtime::io
