#include "runtime/rpc/log_read.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <optional>

#include "runtime/os/unique_fd.h"

namespace svc::runtime::rpc {
namespace {

// Reads up to `length` bytes (-1: all) from `pos`.
tl::expected<std::string, FaultCode> ReadRange(int fd, int64_t pos, int64_t length) {
  std::string data;
  char buffer[65536];
  while (length < 0 || static_cast<int64_t>(data.size()) < length) {
    std::size_t want = sizeof buffer;
    if (length >= 0) {
      want = std::min<std::size_t>(want, static_cast<std::size_t>(length) - data.size());
    }
    ssize_t n = pread(fd, buffer, want, static_cast<off_t>(pos + data.size()));
    if (n < 0) return tl::unexpected(FaultCode::kFailed);
    if (n == 0) break;
    data.append(buffer, static_cast<std::size_t>(n));
  }
  return data;
}

struct OpenFile {
  os::UniqueFd fd;
  int64_t size = 0;
};

std::optional<OpenFile> Open(const std::string& path) {
  os::UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat st;
  if (!fd.valid() || fstat(fd.get(), &st) != 0) return std::nullopt;
  return OpenFile{std::move(fd), static_cast<int64_t>(st.st_size)};
}

}  // namespace

tl::expected<Window, FaultCode> ReadWindow(int64_t size, int64_t offset, int64_t length) {
  if (offset < 0) {
    if (length != 0) return tl::unexpected(FaultCode::kBadArguments);
    int64_t want = -offset;
    int64_t pos = std::max<int64_t>(0, size - want);
    return Window{pos, want};
  }
  if (length < 0) return tl::unexpected(FaultCode::kBadArguments);
  return Window{offset, length == 0 ? -1 : length};
}

TailWindow TailWindowFor(int64_t size, int64_t offset, int64_t length) {
  TailWindow tail;
  if (size > offset + length) {
    tail.overflow = true;
    offset = size - 1;
  }
  if (offset + length > size) {
    if (offset > size - 1) length = 0;
    offset = size - length;
  }
  offset = std::max<int64_t>(offset, 0);
  length = std::max<int64_t>(length, 0);
  tail.window = Window{offset, length};
  return tail;
}

tl::expected<std::string, FaultCode> ReadLogFile(const std::string& path, int64_t offset,
                                                 int64_t length) {
  auto file = Open(path);
  if (!file) return tl::unexpected(FaultCode::kFailed);
  auto window = ReadWindow(file->size, offset, length);
  if (!window) return tl::unexpected(window.error());
  return ReadRange(file->fd.get(), window->pos, window->length);
}

TailResult TailLogFile(const std::string& path, int64_t offset, int64_t length) {
  auto file = Open(path);
  if (!file) return {"", offset, false};
  TailWindow tail = TailWindowFor(file->size, offset, length);
  TailResult result{"", file->size, tail.overflow};
  if (tail.window.length > 0) {
    auto data = ReadRange(file->fd.get(), tail.window.pos, tail.window.length);
    if (!data) return {"", offset, false};
    result.data = std::move(*data);
  }
  return result;
}

}  // namespace svc::runtime::rpc
