// Process and supervisord states: 4.2.5's codes, names and state sets.
#include "runtime/core/states.h"

#include <gtest/gtest.h>

namespace svc::runtime::core {
namespace {

TEST(ProcessStates, CodesMatchSupervisor) {
  EXPECT_EQ(static_cast<int>(ProcessState::kStopped), 0);
  EXPECT_EQ(static_cast<int>(ProcessState::kStarting), 10);
  EXPECT_EQ(static_cast<int>(ProcessState::kRunning), 20);
  EXPECT_EQ(static_cast<int>(ProcessState::kBackoff), 30);
  EXPECT_EQ(static_cast<int>(ProcessState::kStopping), 40);
  EXPECT_EQ(static_cast<int>(ProcessState::kExited), 100);
  EXPECT_EQ(static_cast<int>(ProcessState::kFatal), 200);
  EXPECT_EQ(static_cast<int>(ProcessState::kUnknown), 1000);
}

TEST(ProcessStates, Names) {
  EXPECT_EQ(ProcessStateName(ProcessState::kStopped), "STOPPED");
  EXPECT_EQ(ProcessStateName(ProcessState::kStarting), "STARTING");
  EXPECT_EQ(ProcessStateName(ProcessState::kRunning), "RUNNING");
  EXPECT_EQ(ProcessStateName(ProcessState::kBackoff), "BACKOFF");
  EXPECT_EQ(ProcessStateName(ProcessState::kStopping), "STOPPING");
  EXPECT_EQ(ProcessStateName(ProcessState::kExited), "EXITED");
  EXPECT_EQ(ProcessStateName(ProcessState::kFatal), "FATAL");
  EXPECT_EQ(ProcessStateName(ProcessState::kUnknown), "UNKNOWN");
  EXPECT_EQ(ProcessStateName(static_cast<ProcessState>(5)), "");
}

TEST(ProcessStates, StoppedStates) {
  EXPECT_TRUE(IsStoppedState(ProcessState::kStopped));
  EXPECT_TRUE(IsStoppedState(ProcessState::kExited));
  EXPECT_TRUE(IsStoppedState(ProcessState::kFatal));
  EXPECT_TRUE(IsStoppedState(ProcessState::kUnknown));
  EXPECT_FALSE(IsStoppedState(ProcessState::kStarting));
  EXPECT_FALSE(IsStoppedState(ProcessState::kRunning));
  EXPECT_FALSE(IsStoppedState(ProcessState::kBackoff));
  EXPECT_FALSE(IsStoppedState(ProcessState::kStopping));
}

TEST(ProcessStates, RunningStatesExcludeStopping) {
  EXPECT_TRUE(IsRunningState(ProcessState::kStarting));
  EXPECT_TRUE(IsRunningState(ProcessState::kRunning));
  EXPECT_TRUE(IsRunningState(ProcessState::kBackoff));
  EXPECT_FALSE(IsRunningState(ProcessState::kStopping));
  EXPECT_FALSE(IsRunningState(ProcessState::kStopped));
  EXPECT_FALSE(IsRunningState(ProcessState::kExited));
}

TEST(ProcessStates, SignallableStates) {
  EXPECT_TRUE(IsSignallableState(ProcessState::kStarting));
  EXPECT_TRUE(IsSignallableState(ProcessState::kRunning));
  EXPECT_TRUE(IsSignallableState(ProcessState::kStopping));
  EXPECT_FALSE(IsSignallableState(ProcessState::kBackoff));
  EXPECT_FALSE(IsSignallableState(ProcessState::kExited));
  EXPECT_FALSE(IsSignallableState(ProcessState::kUnknown));
}

TEST(SupervisorStates, CodesAndNames) {
  EXPECT_EQ(static_cast<int>(SupervisorState::kFatal), 2);
  EXPECT_EQ(static_cast<int>(SupervisorState::kRunning), 1);
  EXPECT_EQ(static_cast<int>(SupervisorState::kRestarting), 0);
  EXPECT_EQ(static_cast<int>(SupervisorState::kShutdown), -1);
  EXPECT_EQ(SupervisorStateName(SupervisorState::kFatal), "FATAL");
  EXPECT_EQ(SupervisorStateName(SupervisorState::kRunning), "RUNNING");
  EXPECT_EQ(SupervisorStateName(SupervisorState::kRestarting), "RESTARTING");
  EXPECT_EQ(SupervisorStateName(SupervisorState::kShutdown), "SHUTDOWN");
}

}  // namespace
}  // namespace svc::runtime::core
