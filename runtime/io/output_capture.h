// One channel (stdout or stderr) of one child: read the non-blocking pipe when it is readable
// and write what arrives, raw, to the channel's RotatingFile (supervisord's POutputDispatcher
// without capture mode). Memory stays bounded: reads go through one shared fixed-size buffer,
// and output that cannot be logged is dropped and counted, never queued.
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
};

// Sees every chunk after strip_ansi, whether or not it could be logged (the hook for
// PROCESS_LOG events and the DEBG main-log copy).
using ChunkHook = std::function<void(std::string_view data)>;
// Loss and recovery reports, for the main log.
using NoticeFn = std::function<void(LogLevel level, std::string_view message)>;

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
  OutputCapture(const OutputCapture&) = delete;
  OutputCapture& operator=(const OutputCapture&) = delete;

  void set_chunk_hook(ChunkHook hook) { hook_ = std::move(hook); }
  void set_notice(NoticeFn notice) { notice_ = std::move(notice); }

  // Reads what is available, at most max_chunks_per_wakeup chunks, and logs it.
  DrainResult Drain();

  // Drains whenever the fd is readable. At EOF it stops watching, closes the fd, then calls
  // `on_eof`, which may destroy this object.
  void Attach(Loop& loop, std::function<void()> on_eof);

  // Stops watching, flushes pending output (a partial syslog line) and closes the fd.
  void Close();

  int fd() const { return fd_; }
  uint64_t bytes_read() const { return bytes_read_; }
  uint64_t bytes_dropped() const { return bytes_dropped_; }
  // Output bytes held between reads: only a partial syslog line, never file output.
  std::size_t held_bytes() const { return syslog_line_.size(); }

  // Longest syslog line assembled before it is sent as is.
  static constexpr std::size_t kMaxSyslogLine = 4096;

 private:
  void Deliver(std::string_view data);
  void WriteSink(std::string_view data);
  void SyslogLines(std::string_view data);
  void Flush();
  void OnReadable();

  int fd_;
  RotatingFile* sink_;
  CaptureOptions options_;
  AnsiStripper stripper_;
  ChunkHook hook_;
  NoticeFn notice_;
  std::unique_ptr<Watcher> watcher_;
  std::function<void()> on_eof_;
  std::string syslog_line_;
  uint64_t bytes_read_ = 0;
  uint64_t bytes_dropped_ = 0;
  uint64_t dropped_since_report_ = 0;
  bool failing_ = false;
};

}  // namespace svc::runtime::io
