// OutputCapture: read → strip_ansi → file, syslog, hook. One read buffer for all captures (the
// loop is single-threaded), so a thousand idle children cost no buffer memory.
#include "runtime/io/output_capture.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

namespace svc::runtime::io {
namespace {

// Input goes to [1, 1 + chunk); [0] is AnsiStripper's room for a held-back ESC.
char* ReadBuffer(std::size_t chunk_size) {
  thread_local std::vector<char> buffer;
  if (buffer.size() < chunk_size + 1) buffer.resize(chunk_size + 1);
  return buffer.data();
}

}  // namespace

OutputCapture::OutputCapture(int fd, RotatingFile* sink, CaptureOptions options)
    : fd_(fd), sink_(sink), options_(std::move(options)) {
  if (options_.chunk_size == 0) options_.chunk_size = 64 * 1024;
  if (options_.max_chunks_per_wakeup == 0) options_.max_chunks_per_wakeup = 1;
  if (options_.to_syslog) {
    if (!options_.syslog) options_.syslog = SystemSyslog();
    syslog_line_.reserve(kMaxSyslogLine);
  }
}

OutputCapture::~OutputCapture() { Close(); }

DrainResult OutputCapture::Drain() {
  for (std::size_t chunks = 0; chunks < options_.max_chunks_per_wakeup;) {
    if (fd_ < 0) return DrainResult::kEof;
    char* buffer = ReadBuffer(options_.chunk_size);
    const ssize_t n = read(fd_, buffer + 1, options_.chunk_size);
    if (n > 0) {
      ++chunks;
      const auto size = static_cast<std::size_t>(n);
      bytes_read_ += size;
      if (options_.strip_ansi) {
        Deliver(std::string_view(buffer, stripper_.StripShifted(buffer, size)));
      } else {
        Deliver(std::string_view(buffer + 1, size));
      }
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return DrainResult::kWouldBlock;
    if (n < 0 && notice_) {
      notice_(LogLevel::kError, "read error on " + options_.channel + " of '" + options_.name +
                                    "': " + std::strerror(errno));
    }
    Close();
    return DrainResult::kEof;
  }
  return DrainResult::kMore;
}

void OutputCapture::Deliver(std::string_view data) {
  if (data.empty()) return;
  if (sink_ != nullptr) WriteSink(data);
  if (options_.to_syslog) SyslogLines(data);
  if (hook_) hook_(data);
}

void OutputCapture::WriteSink(std::string_view data) {
  auto written = sink_->Write(data);
  if (written) {
    if (failing_ && notice_) {
      notice_(LogLevel::kWarn, options_.channel + " log of '" + options_.name +
                                   "' is writable again; " + std::to_string(dropped_since_report_) +
                                   " bytes of output were dropped");
    }
    failing_ = false;
    dropped_since_report_ = 0;
    return;
  }
  bytes_dropped_ += written.error().unwritten;
  dropped_since_report_ += written.error().unwritten;
  if (!failing_ && notice_) {
    notice_(LogLevel::kError, "cannot write " + options_.channel + " log of '" + options_.name +
                                  "': " + written.error().message +
                                  "; dropping output until it can be written");
  }
  failing_ = true;
}

// SyslogHandler with fmt "<name> %(message)s", but whole lines: a line split across reads is
// joined first, up to kMaxSyslogLine bytes.
void OutputCapture::SyslogLines(std::string_view data) {
  while (!data.empty()) {
    const std::size_t newline = data.find('\n');
    const std::size_t room = kMaxSyslogLine - syslog_line_.size();
    if (newline == std::string_view::npos && data.size() < room) {
      syslog_line_.append(data);
      return;
    }
    const std::size_t take = newline < room ? newline : room;
    syslog_line_.append(data.substr(0, take));
    options_.syslog(options_.syslog_priority, options_.name + " " + syslog_line_);
    syslog_line_.clear();
    data.remove_prefix(take < data.size() && data[take] == '\n' ? take + 1 : take);
  }
}

void OutputCapture::Flush() {
  const std::string_view held = stripper_.Finish();
  if (!held.empty()) Deliver(held);
  if (options_.to_syslog && !syslog_line_.empty()) {
    options_.syslog(options_.syslog_priority, options_.name + " " + syslog_line_);
    syslog_line_.clear();
  }
}

void OutputCapture::Attach(Loop& loop, std::function<void()> on_eof) {
  on_eof_ = std::move(on_eof);
  if (fd_ >= 0) watcher_ = loop.WatchReadable(fd_, [this] { OnReadable(); });
}

void OutputCapture::OnReadable() {
  if (Drain() != DrainResult::kEof) return;
  std::function<void()> on_eof = on_eof_;  // `this` may be gone once it returns
  if (on_eof) on_eof();
}

void OutputCapture::Close() {
  watcher_.reset();
  if (fd_ < 0) return;
  close(fd_);
  fd_ = -1;
  Flush();
}

}  // namespace svc::runtime::io
