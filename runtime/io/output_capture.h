// One channel (stdout or stderr) of one child: read the non-blocking pipe when it is readable
// and write what arrives, raw, to the channel's RotatingFile (supervisord's POutputDispatcher
// without capture mode). Memory stays bounded: reads go through one shared fixed-size buffer,
// and output that cannot be logged is dropped and counted, never queued. A chatty pipe is read
// at most every coalesce_seconds, so one wake-up takes many lines (see OnReadable).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/io/log_level.h"
#include "runtime/io/loop.h"
#include "runtime/io/rotating_file.h"
#include "runtime/io/strip_ansi.h"
#include "runtime/io/syslog_sink.h"

namespace svc::runtime::io {

struct CaptureOptions {
  std::string name = {};     // process name: syslog lines are "<name> <line>"
  std::string channel = {};  // "stdout" or "stderr", for loss reports
  bool strip_ansi = false;
  bool to_syslog = false;   // stdout_syslog / stderr_syslog
  int syslog_priority = 6;  // LOG_INFO, as supervisord's syslog.syslog(msg)
  SyslogFn syslog = {};     // empty: SystemSyslog()
  std::size_t chunk_size = 64 * 1024;
  std::size_t max_chunks_per_wakeup = 4;  // then back to the loop, so one child cannot starve
  // A wake-up that brings fewer than coalesce_below bytes less than coalesce_seconds after the
  // previous read pauses the fd watcher: from then on the pipe is read every coalesce_seconds
  // (its buffer grown to kChattyPipeBytes, so the child does not block meanwhile) for as long
  // as each period brings something but less than half the pipe. 0: off.
  double coalesce_seconds = 0.008;
  std::size_t coalesce_below = 4096;
  int slot = -1;  // the owner's index of this capture (slot()); -1: the fd
};

// Sees every chunk after strip_ansi, whether or not it could be logged (the hook for
// PROCESS_LOG events and the DEBG main-log copy).
using ChunkHook = std::function<void(std::string_view data)>;
// Loss and recovery reports, for the main log.
using NoticeFn = std::function<void(LogLevel level, std::string_view message)>;

class OutputCapture;

// What every capture of a daemon may share, so that each holds a pointer, not two functions:
// loss reports, and what to do once a capture reached EOF (it may destroy the capture).
struct CaptureHooks {
  NoticeFn notice = {};
  std::function<void(OutputCapture& capture)> on_eof = {};
};

enum class DrainResult {
  kWouldBlock,  // the pipe is empty for now
  kMore,        // stopped after max_chunks_per_wakeup; the fd is still readable
  kEof,         // the child closed its end (or the read failed); pending output was flushed
};

class OutputCapture {
 public:
  // Takes ownership of `fd`, a non-blocking pipe read end. `sink` (not owned, may be null for
  // logfile=NONE) must outlive this object.
  OutputCapture(int fd, RotatingFile* sink, CaptureOptions options);
  ~OutputCapture();
  const RotatingFile* sink() const { return sink_; }
  // The sink is going away while the pipe may still deliver (a removed group's grandchild
  // holds it): from now on what arrives is read and dropped, so the writer never blocks.
  void DropSink() { sink_ = nullptr; }
  OutputCapture(const OutputCapture&) = delete;
  OutputCapture& operator=(const OutputCapture&) = delete;

  void set_chunk_hook(ChunkHook hook);
  // This capture's own notice function (Attach with shared hooks replaces it).
  void set_notice(NoticeFn notice);

  // Reads what is available, at most max_chunks_per_wakeup chunks, and logs it. A short read
  // means the pipe is empty: it returns kWouldBlock without reading again.
  DrainResult Drain();

  // Drains whenever the fd is readable, coalescing a chatty pipe's wake-ups (CaptureOptions).
  // At EOF it stops watching, closes the fd, then calls `on_eof`, which may destroy this object.
  // Before the loop reports a child's exit, every paused capture is drained (DrainPaused), so a
  // child's last output is logged before its exit, as without coalescing.
  void Attach(Loop& loop, std::function<void()> on_eof);
  // The same with hooks shared by many captures; hooks->on_eof gets this capture.
  void Attach(Loop& loop, std::shared_ptr<const CaptureHooks> hooks);

  // True while the fd watcher is paused to let a chatty pipe fill.
  bool paused() const { return paused_; }
  // Drains every paused capture now (at most max_chunks_per_wakeup chunks each: all a pipe
  // holds) and has it watch again; one that reaches EOF calls its on_eof. The loop runs it
  // before it reports a child's exit (Loop::BeforeChildExit).
  static void DrainPaused();

  // Stops watching, flushes pending output (a partial syslog line) and closes the fd.
  void Close();

  int fd() const { return fd_; }
  // CaptureOptions::slot, or the fd it was made with; still known once closed.
  int slot() const { return slot_; }
  uint64_t bytes_read() const { return bytes_read_; }
  uint64_t bytes_dropped() const { return rare_ ? rare_->bytes_dropped : 0; }
  // Output bytes held between reads: only a partial syslog line, never file output.
  std::size_t held_bytes() const { return rare_ && rare_->syslog ? rare_->syslog->line.size() : 0; }

  // Longest syslog line assembled before it is sent as is.
  static constexpr std::size_t kMaxSyslogLine = 4096;
  // Pipe buffer asked for (F_SETPIPE_SZ) when a capture first pauses. Kernel pages, used only
  // while output waits in them.
  static constexpr int kChattyPipeBytes = 256 * 1024;

 private:
  void Deliver(std::string_view data);
  void WriteSink(std::string_view data);
  void SyslogLines(std::string_view data);
  void Flush();
  void OnReadable();
  void OnPauseOver();
  void Pause(double now);
  void Unpause();
  void Ended();
  void Notice(LogLevel level, const std::string& message) const {
    if (hooks_ && hooks_->notice) hooks_->notice(level, message);
  }
  const char* channel() const { return stderr_ ? "stderr" : "stdout"; }

  // Only captures that send to syslog have one.
  struct SyslogState {
    SyslogFn send;
    int priority;
    std::string line;  // a partial line, up to kMaxSyslogLine
  };
  // What only some captures use: syslog, the DEBG hook, the pause timer (chatty children),
  // the count of a failing log. Allocated on first use.
  struct Rare {
    std::unique_ptr<SyslogState> syslog;
    ChunkHook hook;
    std::unique_ptr<Timer> pause;  // made on the first pause: quiet captures never have one
    uint32_t pipe_bytes = 0;       // the pipe's buffer size, known from the first pause on
    uint64_t dropped_since_report = 0;
    uint64_t bytes_dropped = 0;
  };
  // The read and coalescing limits (CaptureOptions), the same for nearly every capture: kept
  // once per distinct set (Intern), never freed.
  struct Limits {
    uint32_t chunk_size;
    uint32_t max_chunks;
    uint32_t coalesce_below;
    double coalesce_seconds;
    bool operator==(const Limits&) const = default;
  };
  static const Limits* Intern(const Limits& limits);
  Rare& rare() {
    if (!rare_) rare_ = std::make_unique<Rare>();
    return *rare_;
  }

  // A thousand programs have two thousand captures, nearly all idle: the members are kept
  // few and small (heap per program is measured by tests/bench/svcd_memory.py).
  int fd_;
  int slot_;
  RotatingFile* sink_;
  std::string name_;
  const Limits* limits_;
  double last_read_at_ = -1e9;  // loop time of the last wake-up that read
  Loop* loop_ = nullptr;
  std::unique_ptr<Rare> rare_;
  std::shared_ptr<const CaptureHooks> hooks_;
  IoWatch watch_;  // embedded: a heap block per capture cost more than the watcher
  uint64_t bytes_read_ = 0;
  AnsiStripper stripper_;
  bool stderr_;  // the channel, for loss reports
  bool strip_ansi_;
  bool failing_ = false;
  bool paused_ = false;
};

}  // namespace svc::runtime::io
