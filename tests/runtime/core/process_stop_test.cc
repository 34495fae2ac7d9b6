// → STOPPING → STOPPED: stopsignal, SIGKILL after stopwaitsecs, group targets, signals.
#include <cerrno>
#include <csignal>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/runtime/core/core_harness.h"

namespace svc::runtime::core {
namespace {

using ::testing::ElementsAre;
using testing::Exited;
using testing::Harness;
using testing::Killed;
using testing::MakePlan;
using testing::MakeProcess;

void BootRunning(Harness& h) {
  h.Boot();
  h.Advance(1);
  ASSERT_EQ(h.State("a"), ProcessState::kRunning);
}

plan::Process WithGroups(bool stopasgroup, bool killasgroup) {
  plan::Process p = MakeProcess("a");
  p.stopasgroup = stopasgroup;
  p.killasgroup = killasgroup;
  return p;
}

TEST(ProcessStop, StopSendsStopsignalToThePid) {
  plan::Process p = MakeProcess("a");
  p.stopsignal = "INT";
  Harness h(MakePlan({p}));
  BootRunning(h);
  EXPECT_EQ(h.Stop("a").outcome, Outcome::kOk);
  EXPECT_EQ(h.State("a"), ProcessState::kStopping);
  ASSERT_EQ(h.signals.size(), 1u);
  EXPECT_EQ(h.signals[0].target, 100);
  EXPECT_EQ(h.signals[0].signo, SIGINT);
  EXPECT_EQ(h.logs.back(), "DEBG killing a (pid 100) with signal SIGINT");
  EXPECT_TRUE(h.Get("a").administrative_stop());
}

TEST(ProcessStop, StoppingEventCarriesPid) {
  Harness h(MakePlan({MakeProcess("a")}));
  BootRunning(h);
  static_cast<void>(h.Stop("a"));
  EXPECT_EQ(h.events.back(),
            "PROCESS_STATE_STOPPING processname:a groupname:a from_state:RUNNING pid:100");
}

TEST(ProcessStop, ReapWhileStoppingIsStopped) {
  Harness h(MakePlan({MakeProcess("a")}));
  BootRunning(h);
  static_cast<void>(h.Stop("a"));
  h.Exit("a", Exited(0));
  EXPECT_EQ(h.State("a"), ProcessState::kStopped);
  EXPECT_EQ(h.logs.back(), "INFO stopped: a (exit status 0)");
  EXPECT_EQ(h.events.back(),
            "PROCESS_STATE_STOPPED processname:a groupname:a from_state:STOPPING pid:100");
  EXPECT_EQ(h.core.NextDeadline(), std::nullopt);
}

TEST(ProcessStop, SignalDeathWhileStoppingIsWarn) {
  Harness h(MakePlan({MakeProcess("a")}));
  BootRunning(h);
  static_cast<void>(h.Stop("a"));
  h.Exit("a", Killed(SIGTERM));
  EXPECT_EQ(h.logs.back(), "WARN stopped: a (terminated by SIGTERM)");
}

TEST(ProcessStop, StoppedProcessIsNotAutostartedAgain) {
  Harness h(MakePlan({MakeProcess("a")}));
  BootRunning(h);
  static_cast<void>(h.Stop("a"));
  h.Exit("a", Exited(0));
  h.Advance(100);
  EXPECT_EQ(h.State("a"), ProcessState::kStopped);
  EXPECT_EQ(h.spawned.size(), 1u);
}

TEST(ProcessStop, SigkillExactlyAtStopwaitsecs) {
  plan::Process p = MakeProcess("a");
  p.stopwaitsecs = 7;
  Harness h(MakePlan({p}));
  BootRunning(h);
  static_cast<void>(h.Stop("a"));  // at 1001
  EXPECT_EQ(h.core.NextDeadline(), 1008);
  h.AdvanceTo(1007.999);
  EXPECT_EQ(h.signals.size(), 1u);
  h.AdvanceTo(1008);
  ASSERT_EQ(h.signals.size(), 2u);
  EXPECT_EQ(h.signals[1].signo, SIGKILL);
  EXPECT_EQ(h.signals[1].target, 100);
  EXPECT_THAT(h.LogsStartingWith("WARN"), ElementsAre("WARN killing 'a' (100) with SIGKILL"));
  EXPECT_EQ(h.logs.back(), "DEBG killing a (pid 100) with signal SIGKILL");
}

TEST(ProcessStop, SigkillEscalationEmitsNoNewEvent) {
  Harness h(MakePlan({MakeProcess("a")}));
  BootRunning(h);
  static_cast<void>(h.Stop("a"));
  const std::size_t events = h.events.size();
  h.Advance(10);
  EXPECT_EQ(h.signals.size(), 2u);
  EXPECT_EQ(h.events.size(), events);
  EXPECT_EQ(h.State("a"), ProcessState::kStopping);
}

TEST(ProcessStop, SigkillRepeatsEveryStopwaitsecs) {
  plan::Process p = MakeProcess("a");
  p.stopwaitsecs = 5;
  Harness h(MakePlan({p}));
  BootRunning(h);
  static_cast<void>(h.Stop("a"));
  h.Advance(15);
  ASSERT_EQ(h.signals.size(), 4u);
  EXPECT_EQ(h.signals[3].signo, SIGKILL);
  EXPECT_EQ(h.core.NextDeadline(), 1021);
}

TEST(ProcessStop, StopasgroupSignalsTheProcessGroup) {
  Harness h(MakePlan({WithGroups(true, true)}));
  BootRunning(h);
  static_cast<void>(h.Stop("a"));
  EXPECT_EQ(h.signals[0].target, -100);
  EXPECT_EQ(h.logs.back(), "DEBG killing a (pid 100) process group with signal SIGTERM");
  h.Advance(10);
  EXPECT_EQ(h.signals[1].target, -100);
}

TEST(ProcessStop, KillasgroupOnlyAppliesToTheSigkill) {
  Harness h(MakePlan({WithGroups(false, true)}));
  BootRunning(h);
  static_cast<void>(h.Stop("a"));
  EXPECT_EQ(h.signals[0].target, 100);
  h.Advance(10);
  EXPECT_EQ(h.signals[1].target, -100);
  EXPECT_EQ(h.logs.back(), "DEBG killing a (pid 100) process group with signal SIGKILL");
}

TEST(ProcessStop, StopWhileStartingStopsTheChild) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  EXPECT_EQ(h.Stop("a").outcome, Outcome::kOk);
  EXPECT_EQ(h.State("a"), ProcessState::kStopping);
  h.Exit("a", Killed(SIGTERM));
  EXPECT_EQ(h.State("a"), ProcessState::kStopped);
  EXPECT_THAT(h.StateEvents("a"), ElementsAre("STARTING", "STOPPING", "STOPPED"));
}

TEST(ProcessStop, StopInBackoffIsImmediateWithoutSignal) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  h.Exit("a", Exited(1));
  EXPECT_EQ(h.Stop("a").outcome, Outcome::kOk);
  EXPECT_EQ(h.State("a"), ProcessState::kStopped);
  EXPECT_TRUE(h.signals.empty());
  EXPECT_EQ(h.logs.back(), "DEBG Attempted to kill a, which is in BACKOFF state.");
  EXPECT_EQ(h.events.back(),
            "PROCESS_STATE_STOPPED processname:a groupname:a from_state:BACKOFF pid:0");
}

TEST(ProcessStop, StopOutsideRunningStatesIsNotRunning) {
  plan::Process p = MakeProcess("a");
  p.autostart = false;
  Harness h(MakePlan({p}));
  h.Boot();
  EXPECT_EQ(h.Stop("a").outcome, Outcome::kNotRunning);
}

TEST(ProcessStop, StopWhileStoppingIsNotRunning) {
  Harness h(MakePlan({MakeProcess("a")}));
  BootRunning(h);
  static_cast<void>(h.Stop("a"));
  EXPECT_EQ(h.Stop("a").outcome, Outcome::kNotRunning);
  EXPECT_EQ(h.signals.size(), 1u);
}

TEST(ProcessStop, StartWhileStoppingOnlyWarns) {
  Harness h(MakePlan({MakeProcess("a")}));
  BootRunning(h);
  static_cast<void>(h.Stop("a"));
  EXPECT_EQ(h.Start("a").outcome, Outcome::kOk);
  EXPECT_EQ(h.logs.back(), "WARN process 'a' already running");
  EXPECT_EQ(h.State("a"), ProcessState::kStopping);
  EXPECT_EQ(h.spawned.size(), 1u);
}

TEST(ProcessStop, WaitingStopReportsEveryTwoSeconds) {
  Harness h(MakePlan({MakeProcess("a")}));
  BootRunning(h);
  static_cast<void>(h.Stop("a", /*wait=*/true));
  EXPECT_EQ(h.logs.back(), "INFO waiting for a to stop");
  h.AdvanceTo(1002.9);
  EXPECT_EQ(h.LogsStartingWith("INFO waiting").size(), 1u);
  h.AdvanceTo(1003);
  EXPECT_EQ(h.LogsStartingWith("INFO waiting").size(), 2u);
  h.Exit("a", Exited(0));
  h.Advance(5);
  EXPECT_EQ(h.LogsStartingWith("INFO waiting").size(), 2u);
}

TEST(ProcessStop, StopWithoutWaitDoesNotReport) {
  Harness h(MakePlan({MakeProcess("a")}));
  BootRunning(h);
  static_cast<void>(h.Stop("a"));
  h.Advance(5);
  EXPECT_TRUE(h.LogsStartingWith("INFO waiting").empty());
}

TEST(ProcessStop, KillFailureMakesTheProcessUnknown) {
  Harness h(MakePlan({MakeProcess("a")}));
  BootRunning(h);
  static_cast<void>(h.Stop("a"));
  h.Apply(h.core.OnSignalFailed(h.Id("a"), SignalPurpose::kStop, EPERM, "Operation not permitted",
                                h.now));
  EXPECT_EQ(h.State("a"), ProcessState::kUnknown);
  EXPECT_EQ(h.logs.back(),
            "CRIT unknown problem killing a (100):[Errno 1] Operation not permitted");
  EXPECT_EQ(h.core.NextDeadline(), std::nullopt);
}

TEST(ProcessStop, StartFromUnknownIsRefused) {
  Harness h(MakePlan({MakeProcess("a")}));
  BootRunning(h);
  static_cast<void>(h.Stop("a"));
  h.Apply(h.core.OnSignalFailed(h.Id("a"), SignalPurpose::kStop, EPERM, "x", h.now));
  EXPECT_EQ(h.Start("a").outcome, Outcome::kUnknownState);
}

TEST(ProcessStop, ExitFromUnknownIsRecorded) {
  Harness h(MakePlan({MakeProcess("a")}));
  BootRunning(h);
  static_cast<void>(h.Stop("a"));
  h.Apply(h.core.OnSignalFailed(h.Id("a"), SignalPurpose::kStop, EPERM, "x", h.now));
  h.Exit("a", Exited(0));
  EXPECT_EQ(h.State("a"), ProcessState::kExited);
}

TEST(ProcessStop, NoSuchProcessIgnoresTheFailedKill) {
  Harness h(MakePlan({MakeProcess("a")}));
  BootRunning(h);
  static_cast<void>(h.Stop("a"));
  h.Apply(h.core.OnSignalFailed(h.Id("a"), SignalPurpose::kStop, ESRCH, "No such process", h.now));
  EXPECT_EQ(h.State("a"), ProcessState::kStopping);
  EXPECT_EQ(h.logs.back(),
            "DEBG unable to signal a (pid 100), it probably just exited on its own: [Errno 3] No "
            "such process");
}

TEST(ProcessSignal, SendsTheSignalToThePidOnly) {
  Harness h(MakePlan({WithGroups(true, true)}));
  BootRunning(h);
  const CommandResult result = h.core.SendSignal(h.Id("a"), SIGHUP, h.now);
  EXPECT_EQ(result.outcome, Outcome::kOk);
  h.Apply(result.effects);
  ASSERT_EQ(h.signals.size(), 1u);
  EXPECT_EQ(h.signals[0].target, 100);
  EXPECT_EQ(h.signals[0].purpose, SignalPurpose::kUser);
  EXPECT_EQ(h.logs.back(), "DEBG sending a (pid 100) sig SIGHUP");
  EXPECT_EQ(h.State("a"), ProcessState::kRunning);
}

TEST(ProcessSignal, NotSignallableOutsideStartingRunningStopping) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  h.Exit("a", Exited(1));  // BACKOFF
  EXPECT_EQ(h.core.SendSignal(h.Id("a"), SIGHUP, h.now).outcome, Outcome::kNotRunning);
}

TEST(ProcessSignal, FailureMakesTheProcessUnknown) {
  Harness h(MakePlan({MakeProcess("a")}));
  BootRunning(h);
  h.Apply(h.core.SendSignal(h.Id("a"), SIGHUP, h.now).effects);
  h.Apply(h.core.OnSignalFailed(h.Id("a"), SignalPurpose::kUser, EPERM, "Operation not permitted",
                                h.now));
  EXPECT_EQ(h.State("a"), ProcessState::kUnknown);
  EXPECT_EQ(h.logs.back(),
            "CRIT unknown problem sending sig a (100):[Errno 1] Operation not permitted");
}

TEST(ProcessSignal, NoSuchProcessIsLoggedAndIgnored) {
  Harness h(MakePlan({MakeProcess("a")}));
  BootRunning(h);
  h.Apply(h.core.SendSignal(h.Id("a"), SIGHUP, h.now).effects);
  h.Apply(h.core.OnSignalFailed(h.Id("a"), SignalPurpose::kUser, ESRCH, "No such process", h.now));
  EXPECT_EQ(h.State("a"), ProcessState::kRunning);
  EXPECT_EQ(h.logs.back(),
            "DEBG unable to signal a (pid 100), it probably just now exited on its own: [Errno 3] "
            "No such process");
}

}  // namespace
}  // namespace svc::runtime::core
