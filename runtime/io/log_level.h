// Main-log levels with supervisord's numbers, printed tags and config names (loggers.py
// LevelsByName / LevelsByDescription), plus the syslog(3) priority each one maps to.
#pragma once

#include <optional>
#include <string_view>

namespace svc::runtime::io {

// Same numbers as supervisord and svc::runtime::core::LogLevel, so the daemon converts with a
// static_cast through int.
enum class LogLevel : int {
  kCritical = 50,
  kError = 40,
  kWarn = 30,
  kInfo = 20,
  kDebug = 10,
  kTrace = 5,
  kBlather = 3,
};

// "CRIT", "ERRO", "WARN", "INFO", "DEBG", "TRAC", "BLAT".
std::string_view LevelTag(LogLevel level);

// The `loglevel=` names: critical, error, warn, info, debug, trace, blather (lower case, as the
// compiler already normalised them). Anything else is nullopt.
std::optional<LogLevel> ParseLogLevel(std::string_view name);

// LOG_CRIT, LOG_ERR, LOG_WARNING, LOG_INFO; debug, trace and blather are LOG_DEBUG.
// supervisord sends everything at LOG_INFO (quirk 44); svc uses the real priority.
int SyslogPriority(LogLevel level);

}  // namespace svc::runtime::io
