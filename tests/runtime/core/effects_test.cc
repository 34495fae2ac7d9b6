// Event names and payloads (reference §5.3) and log level tags.
#include "runtime/core/effects.h"

#include <gtest/gtest.h>

namespace svc::runtime::core {
namespace {

ProcessStateEvent Event(ProcessState from, ProcessState to) {
  return ProcessStateEvent{ProcessId{}, "g", "p", from, to, true, 4242, 2};
}

TEST(EventPayload, StartingAndBackoffCarryTries) {
  EXPECT_EQ(EventPayload(Event(ProcessState::kStopped, ProcessState::kStarting)),
            "processname:p groupname:g from_state:STOPPED tries:2");
  EXPECT_EQ(EventPayload(Event(ProcessState::kStarting, ProcessState::kBackoff)),
            "processname:p groupname:g from_state:STARTING tries:2");
}

TEST(EventPayload, RunningStoppingStoppedCarryPid) {
  EXPECT_EQ(EventPayload(Event(ProcessState::kStarting, ProcessState::kRunning)),
            "processname:p groupname:g from_state:STARTING pid:4242");
  EXPECT_EQ(EventPayload(Event(ProcessState::kRunning, ProcessState::kStopping)),
            "processname:p groupname:g from_state:RUNNING pid:4242");
  EXPECT_EQ(EventPayload(Event(ProcessState::kStopping, ProcessState::kStopped)),
            "processname:p groupname:g from_state:STOPPING pid:4242");
}

TEST(EventPayload, ExitedCarriesExpectedAndPid) {
  ProcessStateEvent event = Event(ProcessState::kRunning, ProcessState::kExited);
  event.expected = false;
  EXPECT_EQ(EventPayload(event),
            "processname:p groupname:g from_state:RUNNING expected:0 pid:4242");
}

TEST(EventPayload, FatalAndUnknownCarryNothingMore) {
  EXPECT_EQ(EventPayload(Event(ProcessState::kBackoff, ProcessState::kFatal)),
            "processname:p groupname:g from_state:BACKOFF");
  EXPECT_EQ(EventPayload(Event(ProcessState::kRunning, ProcessState::kUnknown)),
            "processname:p groupname:g from_state:RUNNING");
}

TEST(EventName, ProcessSupervisorAndGroupEvents) {
  EXPECT_EQ(EventName(Event(ProcessState::kStarting, ProcessState::kRunning)),
            "PROCESS_STATE_RUNNING");
  EXPECT_EQ(EventName(SupervisorStateEvent{true}), "SUPERVISOR_STATE_CHANGE_RUNNING");
  EXPECT_EQ(EventName(SupervisorStateEvent{false}), "SUPERVISOR_STATE_CHANGE_STOPPING");
  EXPECT_EQ(EventName(GroupEvent{true, "g"}), "PROCESS_GROUP_ADDED");
  EXPECT_EQ(EventName(GroupEvent{false, "g"}), "PROCESS_GROUP_REMOVED");
  EXPECT_EQ(EventPayload(GroupEvent{true, "g"}), "groupname:g\n");
}

TEST(LogLevelTag, SupervisorTags) {
  EXPECT_EQ(LogLevelTag(LogLevel::kCritical), "CRIT");
  EXPECT_EQ(LogLevelTag(LogLevel::kError), "ERRO");
  EXPECT_EQ(LogLevelTag(LogLevel::kWarn), "WARN");
  EXPECT_EQ(LogLevelTag(LogLevel::kInfo), "INFO");
  EXPECT_EQ(LogLevelTag(LogLevel::kDebug), "DEBG");
  EXPECT_EQ(LogLevelTag(LogLevel::kTrace), "TRAC");
  EXPECT_EQ(LogLevelTag(LogLevel::kBlather), "BLAT");
}

}  // namespace
}  // namespace svc::runtime::core
