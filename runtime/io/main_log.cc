// MainLog: format once, then fan out to the file (or syslog) and the stdout echo.
#include "runtime/io/main_log.h"

#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <utility>

namespace svc::runtime::io {
namespace {

// Best effort: the echo and the failure report must never stop the daemon (EPIPE included;
// svcd ignores SIGPIPE).
void WriteBestEffort(int fd, std::string_view data) {
  while (fd >= 0 && !data.empty()) {
    const ssize_t n = write(fd, data.data(), data.size());
    if (n > 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      return;
    }
  }
}

}  // namespace

double SystemWallClock() {
  struct timespec ts {};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

std::string FormatLogLine(double now, LogLevel level, std::string_view message) {
  const double whole = std::floor(now);
  const time_t seconds = static_cast<time_t>(whole);
  int millis = static_cast<int>((now - whole) * 1000.0);
  millis = millis < 0 ? 0 : (millis > 999 ? 999 : millis);
  struct tm local {};
  localtime_r(&seconds, &local);
  char stamp[64];
  const std::size_t n = strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &local);
  const char millis_text[] = {',', static_cast<char>('0' + millis / 100),
                              static_cast<char>('0' + millis / 10 % 10),
                              static_cast<char>('0' + millis % 10), ' '};
  std::string line(stamp, n);
  line.append(millis_text, sizeof millis_text);
  line += LevelTag(level);
  line += ' ';
  line += message;
  line += '\n';
  return line;
}

MainLog::MainLog(MainLogOptions options) : options_(std::move(options)) {
  if (!options_.clock) options_.clock = SystemWallClock;
  if (!options_.syslog) options_.syslog = SystemSyslog();
  if (!options_.logfile.empty() && !to_syslog()) {
    file_.emplace(RotatingFileOptions{options_.logfile, options_.maxbytes, options_.backups, true,
                                      options_.recheck_seconds});
  }
}

tl::expected<void, FileError> MainLog::Open() {
  if (!file_) return {};
  return file_->Open();
}

void MainLog::Log(LogLevel level, std::string_view message) {
  if (!Enabled(level)) return;
  LogAt(options_.clock(), level, message);
}

void MainLog::LogAt(double now, LogLevel level, std::string_view message) {
  if (!Enabled(level)) return;
  if (to_syslog()) {
    ToSyslog(level, message);
    if (options_.echo_to_stdout) Echo(FormatLogLine(now, level, message));
    return;
  }
  const std::string line = FormatLogLine(now, level, message);
  if (file_) WriteFile(now, line);
  if (options_.echo_to_stdout) Echo(line);
}

void MainLog::WriteFile(double now, std::string_view line) {
  if (last_error_) {
    // Say what was lost before the first line that makes it, so the gap is visible in place.
    const std::string notice =
        FormatLogLine(now, LogLevel::kWarn,
                      "main log could not be written, " + std::to_string(lost_lines_) +
                          " message(s) lost: " + last_error_->message);
    if (!file_->Write(notice)) {
      ++lost_lines_;
      return;
    }
    last_error_.reset();
  }
  if (auto written = file_->Write(line); !written) {
    ++lost_lines_;
    last_error_ = std::move(written.error());
    WriteBestEffort(options_.error_fd, "svcd: main log: " + last_error_->message + "\n");
  }
}

void MainLog::ToSyslog(LogLevel level, std::string_view message) {
  // SyslogHandler.emit: one syslog message per line of message.rstrip('\n').
  while (message.ends_with('\n')) message.remove_suffix(1);
  const int priority = SyslogPriority(level);
  for (;;) {
    const std::size_t end = message.find('\n');
    options_.syslog(priority, message.substr(0, end));
    if (end == std::string_view::npos) break;
    message.remove_prefix(end + 1);
  }
}

void MainLog::Echo(std::string_view line) { WriteBestEffort(options_.stdout_fd, line); }

tl::expected<void, FileError> MainLog::Reopen() {
  if (!file_) return {};
  return file_->Reopen();
}

tl::expected<void, FileError> MainLog::Clear() {
  if (!file_) return {};
  return file_->Clear();
}

}  // namespace svc::runtime::io
