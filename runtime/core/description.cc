#include "runtime/core/description.h"

#include <array>
#include <cstdio>
#include <limits>

namespace svc::runtime::core {
namespace {

constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string RunningDescription(const ProcessMachine& process, Time now) {
  // Whole-second timestamps on both sides, as 4.2.5 builds datetimes from capped ints.
  int64_t uptime = CappedInt(now) - CappedInt(process.laststart());
  if (uptime < 0) uptime = 0;  // clock set back
  return "pid " + std::to_string(process.pid()) + ", uptime " + FormatUptime(uptime);
}

}  // namespace

int64_t CappedInt(Time value) {
  constexpr auto kMax = static_cast<Time>(std::numeric_limits<int32_t>::max());
  constexpr auto kMin = static_cast<Time>(std::numeric_limits<int32_t>::min());
  if (value >= kMax) return std::numeric_limits<int32_t>::max();
  if (value <= kMin) return std::numeric_limits<int32_t>::min();
  return static_cast<int64_t>(value);
}

std::string FormatUptime(int64_t seconds) {
  const int64_t days = seconds / 86400;
  const int64_t rest = seconds % 86400;
  char clock[32];
  std::snprintf(clock, sizeof clock, "%lld:%02lld:%02lld", static_cast<long long>(rest / 3600),
                static_cast<long long>(rest / 60 % 60), static_cast<long long>(rest % 60));
  if (days == 0) return clock;
  return std::to_string(days) + (days == 1 ? " day, " : " days, ") + clock;
}

std::string FormatStopTime(const std::tm& local) {
  const int hour12 = local.tm_hour % 12 == 0 ? 12 : local.tm_hour % 12;
  const char* month = local.tm_mon >= 0 && local.tm_mon < 12 ? kMonths[local.tm_mon] : "???";
  char text[32];
  std::snprintf(text, sizeof text, "%s %02d %02d:%02d %s", month, local.tm_mday, hour12,
                local.tm_min, local.tm_hour < 12 ? "AM" : "PM");
  return text;
}

std::string Describe(const ProcessMachine& process, Time now, const LocalTimeFormatter& local) {
  switch (process.state()) {
    case ProcessState::kRunning:
      return RunningDescription(process, now);
    case ProcessState::kBackoff:
    case ProcessState::kFatal:
      if (process.spawnerr() && !process.spawnerr()->empty()) return *process.spawnerr();
      return "unknown error (try \"tail " + process.name() + "\")";
    case ProcessState::kStopped:
    case ProcessState::kExited:
      // Started once: the stop time, even if it is 0 because it never exited (4.2.5 quirk:
      // stopped from BACKOFF shows the epoch, "Jan 01 12:00 AM" in UTC).
      if (CappedInt(process.laststart()) != 0) return local(CappedInt(process.laststop()));
      return "Not started";
    case ProcessState::kStarting:
    case ProcessState::kStopping:
    case ProcessState::kUnknown:
      return "";
  }
  return "";
}

}  // namespace svc::runtime::core
