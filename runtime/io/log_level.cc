// Level table: one row per supervisord level.
#include "runtime/io/log_level.h"

#include <syslog.h>

namespace svc::runtime::io {
namespace {

struct LevelRow {
  LogLevel level;
  std::string_view tag;
  std::string_view name;
  int priority;
};

constexpr LevelRow kLevels[] = {
    {LogLevel::kCritical, "CRIT", "critical", LOG_CRIT},
    {LogLevel::kError, "ERRO", "error", LOG_ERR},
    {LogLevel::kWarn, "WARN", "warn", LOG_WARNING},
    {LogLevel::kInfo, "INFO", "info", LOG_INFO},
    {LogLevel::kDebug, "DEBG", "debug", LOG_DEBUG},
    {LogLevel::kTrace, "TRAC", "trace", LOG_DEBUG},
    {LogLevel::kBlather, "BLAT", "blather", LOG_DEBUG},
};

const LevelRow* Find(LogLevel level) {
  for (const LevelRow& row : kLevels) {
    if (row.level == level) return &row;
  }
  return nullptr;
}

}  // namespace

std::string_view LevelTag(LogLevel level) {
  const LevelRow* row = Find(level);
  return row != nullptr ? row->tag : std::string_view("????");
}

std::optional<LogLevel> ParseLogLevel(std::string_view name) {
  for (const LevelRow& row : kLevels) {
    if (row.name == name) return row.level;
  }
  return std::nullopt;
}

int SyslogPriority(LogLevel level) {
  const LevelRow* row = Find(level);
  return row != nullptr ? row->priority : LOG_INFO;
}

}  // namespace svc::runtime::io
