#include "runtime/core/effects.h"

#include <array>

namespace svc::runtime::core {
namespace {

struct LevelRow {
  LogLevel level;
  std::string_view tag;
};

constexpr std::array<LevelRow, 7> kLevels = {{
    {LogLevel::kCritical, "CRIT"},
    {LogLevel::kError, "ERRO"},
    {LogLevel::kWarn, "WARN"},
    {LogLevel::kInfo, "INFO"},
    {LogLevel::kDebug, "DEBG"},
    {LogLevel::kTrace, "TRAC"},
    {LogLevel::kBlather, "BLAT"},
}};

// Which extra key:value pairs follow from_state, per target state (events.py get_extra_values).
enum class Extras { kNone, kTries, kPid, kExpectedPid };

Extras ExtrasFor(ProcessState to) {
  switch (to) {
    case ProcessState::kStarting:
    case ProcessState::kBackoff:
      return Extras::kTries;
    case ProcessState::kRunning:
    case ProcessState::kStopping:
    case ProcessState::kStopped:
      return Extras::kPid;
    case ProcessState::kExited:
      return Extras::kExpectedPid;
    case ProcessState::kFatal:
    case ProcessState::kUnknown:
      return Extras::kNone;
  }
  return Extras::kNone;
}

}  // namespace

std::string_view LogLevelTag(LogLevel level) {
  for (const LevelRow& row : kLevels) {
    if (row.level == level) return row.tag;
  }
  return {};
}

std::string EventName(const ProcessStateEvent& event) {
  return "PROCESS_STATE_" + std::string(ProcessStateName(event.to));
}

std::string EventPayload(const ProcessStateEvent& event) {
  std::string payload = "processname:" + event.name + " groupname:" + event.group +
                        " from_state:" + std::string(ProcessStateName(event.from));
  switch (ExtrasFor(event.to)) {
    case Extras::kTries:
      payload += " tries:" + std::to_string(event.tries);
      break;
    case Extras::kPid:
      payload += " pid:" + std::to_string(event.pid);
      break;
    case Extras::kExpectedPid:
      payload += std::string(" expected:") + (event.expected ? "1" : "0") +
                 " pid:" + std::to_string(event.pid);
      break;
    case Extras::kNone:
      break;
  }
  return payload;
}

std::string_view EventName(const SupervisorStateEvent& event) {
  return event.running ? "SUPERVISOR_STATE_CHANGE_RUNNING" : "SUPERVISOR_STATE_CHANGE_STOPPING";
}

std::string_view EventName(const GroupEvent& event) {
  return event.added ? "PROCESS_GROUP_ADDED" : "PROCESS_GROUP_REMOVED";
}

std::string EventPayload(const GroupEvent& event) { return "groupname:" + event.group + "\n"; }

}  // namespace svc::runtime::core
