// supervisord's main log (options.make_logger): "YYYY-MM-DD HH:MM:SS,mmm LEVL message" lines in
// a rotating file, level filtering, an optional copy on stdout (nodaemon and not silent), and
// logfile=syslog with real priorities and no timestamp prefix (quirk 44 fixed).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "runtime/io/log_level.h"
#include "runtime/io/rotating_file.h"
#include "runtime/io/syslog_sink.h"

namespace svc::runtime::io {

// Wall-clock seconds since the epoch, like time.time() and svc::runtime::core::Time.
using WallClock = std::function<double()>;
double SystemWallClock();

struct MainLogOptions {
  std::string logfile = {};  // absolute path; "syslog" for syslog(3); "" for no file
  int64_t maxbytes = 50 * 1024 * 1024;
  int64_t backups = 10;
  LogLevel level = LogLevel::kInfo;
  bool echo_to_stdout = false;   // supervisord: nodaemon and not silent
  int stdout_fd = 1;             // where the echo goes
  int error_fd = 2;              // where a failing log file is reported; -1 for nowhere
  WallClock clock = {};          // empty: SystemWallClock
  SyslogFn syslog = {};          // empty: SystemSyslog()
  double recheck_seconds = 1.0;  // RotatingFileOptions::recheck_seconds
};

// One line as supervisord formats it (LogRecord.asdict), in local time, milliseconds truncated:
// "2024-05-01 12:00:00,123 INFO message\n". Multi-line messages are kept as they are.
std::string FormatLogLine(double now, LogLevel level, std::string_view message);

class MainLog {
 public:
  explicit MainLog(MainLogOptions options);

  // Opens the file at startup so a bad path is reported at once; Log opens it lazily too.
  [[nodiscard]] tl::expected<void, FileError> Open();

  // Whether a message at `level` would be written (level >= loglevel).
  bool Enabled(LogLevel level) const { return level >= options_.level; }

  // Writes `message` if Enabled(level), stamped with the clock or with `now`. A file that
  // cannot be written loses the line (counted in lost_lines()); the failure is reported once
  // on error_fd, and a WARN line with the count is logged when the file works again.
  void Log(LogLevel level, std::string_view message);
  void LogAt(double now, LogLevel level, std::string_view message);

  // SIGUSR2 ("supervisord logreopen") and the clearLog RPC. No-ops for syslog.
  [[nodiscard]] tl::expected<void, FileError> Reopen();
  [[nodiscard]] tl::expected<void, FileError> Clear();

  LogLevel level() const { return options_.level; }
  void set_level(LogLevel level) { options_.level = level; }
  bool to_syslog() const { return options_.logfile == "syslog"; }
  const std::string& logfile() const { return options_.logfile; }
  uint64_t lost_lines() const { return lost_lines_; }
  const std::optional<FileError>& last_error() const { return last_error_; }

 private:
  void WriteFile(double now, std::string_view line);
  void ToSyslog(LogLevel level, std::string_view message);
  void Echo(std::string_view line);

  MainLogOptions options_;
  std::optional<RotatingFile> file_;
  uint64_t lost_lines_ = 0;
  std::optional<FileError> last_error_;
};

}  // namespace svc::runtime::io
