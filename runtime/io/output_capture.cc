// OutputCapture: read → strip_ansi → file, syslog, hook. One read buffer for all captures (the
// loop is single-threaded), so a thousand idle children cost no buffer memory.
#include "runtime/io/output_capture.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
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

// The captures whose watcher is paused: few (only chatty children), so a vector does.
std::vector<OutputCapture*>& PausedCaptures() {
  thread_local std::vector<OutputCapture*> paused;
  return paused;
}

}  // namespace

OutputCapture::OutputCapture(int fd, RotatingFile* sink, CaptureOptions options)
    : fd_(fd),
      slot_(options.slot >= 0 ? options.slot : fd),
      sink_(sink),
      name_(std::move(options.name)),
      limits_(Intern(
          Limits{static_cast<uint32_t>(options.chunk_size > 0 ? options.chunk_size : 64 * 1024),
                 static_cast<uint32_t>(std::max<std::size_t>(options.max_chunks_per_wakeup, 1)),
                 static_cast<uint32_t>(options.coalesce_below), options.coalesce_seconds})),
      stderr_(options.channel == "stderr"),
      strip_ansi_(options.strip_ansi) {
  if (options.to_syslog) {
    rare().syslog = std::make_unique<SyslogState>(SyslogState{
        options.syslog ? std::move(options.syslog) : SystemSyslog(), options.syslog_priority, {}});
  }
}

OutputCapture::~OutputCapture() { Close(); }

const OutputCapture::Limits* OutputCapture::Intern(const Limits& limits) {
  thread_local std::vector<std::unique_ptr<Limits>> interned;
  for (const std::unique_ptr<Limits>& known : interned) {
    if (*known == limits) return known.get();
  }
  interned.push_back(std::make_unique<Limits>(limits));
  return interned.back().get();
}

void OutputCapture::set_notice(NoticeFn notice) {
  auto hooks = std::make_shared<CaptureHooks>();
  hooks->notice = std::move(notice);
  if (hooks_) hooks->on_eof = hooks_->on_eof;
  hooks_ = std::move(hooks);
}

void OutputCapture::set_chunk_hook(ChunkHook hook) {
  if (hook) {
    rare().hook = std::move(hook);
  } else if (rare_) {
    rare_->hook = nullptr;
  }
}

DrainResult OutputCapture::Drain() {
  const uint32_t chunk_size = limits_->chunk_size;
  for (uint32_t chunks = 0; chunks < limits_->max_chunks;) {
    if (fd_ < 0) return DrainResult::kEof;
    char* buffer = ReadBuffer(chunk_size);
    const ssize_t n = read(fd_, buffer + 1, chunk_size);
    if (n > 0) {
      ++chunks;
      const auto size = static_cast<std::size_t>(n);
      bytes_read_ += size;
      if (strip_ansi_) {
        Deliver(std::string_view(buffer, stripper_.StripShifted(buffer, size)));
      } else {
        Deliver(std::string_view(buffer + 1, size));
      }
      // A pipe read returns all that is queued up to the size asked for: a short one emptied
      // it, and reading again would only cost a system call to hear EAGAIN.
      if (size < chunk_size) return DrainResult::kWouldBlock;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return DrainResult::kWouldBlock;
    if (n < 0) {
      Notice(LogLevel::kError, std::string("read error on ") + channel() + " of '" + name_ +
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
  if (!rare_) return;
  if (rare_->syslog) SyslogLines(data);
  if (rare_->hook) rare_->hook(data);
}

void OutputCapture::WriteSink(std::string_view data) {
  auto written = sink_->Write(data);
  if (written) {
    if (failing_) {
      Notice(LogLevel::kWarn,
             std::string(channel()) + " log of '" + name_ + "' is writable again; " +
                 std::to_string(rare_->dropped_since_report) + " bytes of output were dropped");
      rare_->dropped_since_report = 0;
    }
    failing_ = false;
    return;
  }
  Rare& rare = this->rare();
  rare.bytes_dropped += written.error().unwritten;
  rare.dropped_since_report += written.error().unwritten;
  if (!failing_) {
    Notice(LogLevel::kError, std::string("cannot write ") + channel() + " log of '" + name_ +
                                 "': " + written.error().message +
                                 "; dropping output until it can be written");
  }
  failing_ = true;
}

// SyslogHandler with fmt "<name> %(message)s", but whole lines: a line split across reads is
// joined first, up to kMaxSyslogLine bytes.
void OutputCapture::SyslogLines(std::string_view data) {
  SyslogState& syslog = *rare_->syslog;
  std::string& line = syslog.line;
  while (!data.empty()) {
    const std::size_t newline = data.find('\n');
    const std::size_t room = kMaxSyslogLine - line.size();
    if (newline == std::string_view::npos && data.size() < room) {
      line.append(data);
      return;
    }
    const std::size_t take = newline < room ? newline : room;
    line.append(data.substr(0, take));
    syslog.send(syslog.priority, name_ + " " + line);
    line.clear();
    data.remove_prefix(take < data.size() && data[take] == '\n' ? take + 1 : take);
  }
}

void OutputCapture::Flush() {
  const std::string_view held = stripper_.Finish();
  if (!held.empty()) Deliver(held);
  SyslogState* syslog = rare_ ? rare_->syslog.get() : nullptr;
  if (syslog && !syslog->line.empty()) {
    syslog->send(syslog->priority, name_ + " " + syslog->line);
    syslog->line.clear();
    syslog->line.shrink_to_fit();
  }
}

void OutputCapture::Attach(Loop& loop, std::function<void()> on_eof) {
  auto hooks = std::make_shared<CaptureHooks>();
  if (hooks_) hooks->notice = hooks_->notice;
  if (on_eof) hooks->on_eof = [on_eof = std::move(on_eof)](OutputCapture&) { on_eof(); };
  Attach(loop, std::move(hooks));
}

void OutputCapture::Attach(Loop& loop, std::shared_ptr<const CaptureHooks> hooks) {
  loop_ = &loop;
  Loop::BeforeChildExit(&OutputCapture::DrainPaused);
  hooks_ = std::move(hooks);
  if (fd_ >= 0) {
    watch_.Set(
        loop, fd_, false, [](void* self) { static_cast<OutputCapture*>(self)->OnReadable(); },
        this);
    watch_.Start();
  }
}

// Coalescing: each wake-up costs the same few system calls however much it reads, so a child
// writing short lines back to back would cost one wake-up per line or two. When a wake-up
// brings little soon after the previous one, the watcher pauses for coalesce_seconds (a
// one-shot timer, armed only while output is streaming: an idle capture arms nothing).
void OutputCapture::OnReadable() {
  const uint64_t before = bytes_read_;
  if (Drain() == DrainResult::kEof) return Ended();
  const double now = loop_->Now();
  const bool little = bytes_read_ - before < limits_->coalesce_below;
  const bool soon = now - last_read_at_ < limits_->coalesce_seconds;
  last_read_at_ = now;
  if (limits_->coalesce_seconds > 0.0 && little && soon) Pause(now);
}

// The pause is over: read what gathered. While every period brings output (but less than half
// the pipe) the capture stays paused, so a steady stream costs one wake-up per period. A period
// that brings nothing (the child went quiet) or half a pipe or more (a writer fast enough to
// fill it) goes back to the watcher, which reads as soon as data arrives.
void OutputCapture::OnPauseOver() {
  const uint64_t before = bytes_read_;
  const DrainResult result = Drain();
  if (result == DrainResult::kEof) return Ended();
  const uint64_t got = bytes_read_ - before;
  last_read_at_ = loop_->Now();
  if (result == DrainResult::kWouldBlock && got > 0 && got < rare_->pipe_bytes / 2) {
    rare_->pause->ArmAt(last_read_at_ + limits_->coalesce_seconds);
    return;
  }
  Unpause();
  watch_.Start();
}

void OutputCapture::Pause(double now) {
  watch_.Stop();
  Rare& rare = this->rare();
  if (!rare.pause) {
    rare.pause = loop_->NewTimer([this] { OnPauseOver(); });
    // Room for a chatty child to keep writing during the pause (best effort: an unprivileged
    // user over its pipe quota keeps the default size).
    (void)fcntl(fd_, F_SETPIPE_SZ, kChattyPipeBytes);
    const int size = fcntl(fd_, F_GETPIPE_SZ);
    rare.pipe_bytes = size > 0 ? static_cast<uint32_t>(size) : 65536;
  }
  rare.pause->ArmAt(now + limits_->coalesce_seconds);
  paused_ = true;
  PausedCaptures().push_back(this);
}

void OutputCapture::Unpause() {
  if (!paused_) return;
  paused_ = false;
  if (rare_ && rare_->pause) rare_->pause->Stop();
  std::erase(PausedCaptures(), this);
}

void OutputCapture::Ended() {
  Unpause();
  const std::shared_ptr<const CaptureHooks> hooks = hooks_;  // `this` may be gone after on_eof
  if (hooks && hooks->on_eof) hooks->on_eof(*this);
}

// A child's exit is near: read what waits and watch again, so its EOF comes without a pause.
void OutputCapture::DrainPaused() {
  const std::vector<OutputCapture*> paused = PausedCaptures();  // on_eof may destroy some
  for (OutputCapture* capture : paused) {
    const auto& now = PausedCaptures();
    if (std::find(now.begin(), now.end(), capture) == now.end()) continue;
    if (capture->Drain() == DrainResult::kEof) {
      capture->Ended();
      continue;
    }
    capture->last_read_at_ = capture->loop_->Now();
    capture->Unpause();
    capture->watch_.Start();
  }
}

void OutputCapture::Close() {
  Unpause();
  if (rare_) rare_->pause.reset();
  watch_.Stop();
  if (fd_ < 0) return;
  close(fd_);
  fd_ = -1;
  Flush();
}

}  // namespace svc::runtime::io
