// supervisord's mood: shutdown and restart in reverse priority order, daemon signals.
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

plan::Process WithPriority(std::string name, int64_t priority, std::string group = "") {
  plan::Process p = MakeProcess(std::move(name), std::move(group));
  p.priority = priority;
  return p;
}

// Three groups a (100), b (200), c (300), all RUNNING.
Harness ThreeRunningGroups() {
  Harness h(MakePlan({WithPriority("a", 100), WithPriority("b", 200), WithPriority("c", 300)}));
  h.Boot();
  h.Advance(1);
  return h;
}

std::vector<std::string> SignalledNames(const Harness& h) {
  std::vector<std::string> names;
  for (const SignalRequest& s : h.signals) names.push_back(h.core.process(s.process).name());
  return names;
}

TEST(Shutdown, SigtermLogsAndAnnouncesStopping) {
  Harness h = ThreeRunningGroups();
  h.Apply(h.core.OnDaemonSignal(SIGTERM, h.now));
  EXPECT_EQ(h.core.state(), SupervisorState::kShutdown);
  EXPECT_EQ(h.LogsStartingWith("WARN")[0], "WARN received SIGTERM indicating exit request");
  EXPECT_THAT(h.events, ::testing::Contains("SUPERVISOR_STATE_CHANGE_STOPPING"));
}

TEST(Shutdown, SigintAndSigquitAlsoShutDown) {
  for (int signo : {SIGINT, SIGQUIT}) {
    Harness h = ThreeRunningGroups();
    h.Apply(h.core.OnDaemonSignal(signo, h.now));
    EXPECT_EQ(h.core.state(), SupervisorState::kShutdown);
  }
}

TEST(Shutdown, StopsTheHighestPriorityNumberGroupFirst) {
  Harness h = ThreeRunningGroups();
  h.Apply(h.core.Shutdown(h.now));
  EXPECT_THAT(SignalledNames(h), ElementsAre("c"));
}

TEST(Shutdown, StopsTheNextGroupOnlyOnceThePreviousHasStopped) {
  Harness h = ThreeRunningGroups();
  h.Apply(h.core.Shutdown(h.now));
  h.Exit("c", Killed(SIGTERM));
  EXPECT_THAT(SignalledNames(h), ElementsAre("c", "b"));
  h.Exit("b", Killed(SIGTERM));
  EXPECT_THAT(SignalledNames(h), ElementsAre("c", "b", "a"));
  EXPECT_FALSE(h.finished);
}

// svc stops groups of equal priority together (4.2.5 stops them one at a time): a tier is
// signalled at once, and the next tier only once every process of this one has stopped.
TEST(Shutdown, StopsGroupsOfEqualPriorityTogether) {
  Harness h(MakePlan({WithPriority("a", 100), WithPriority("b", 300), WithPriority("c", 300),
                      WithPriority("d", 300)}));
  h.Boot();
  h.Advance(1);
  h.Apply(h.core.Shutdown(h.now));
  EXPECT_THAT(SignalledNames(h), ElementsAre("d", "c", "b"));
  h.Exit("c", Killed(SIGTERM));
  h.Exit("d", Killed(SIGTERM));
  EXPECT_THAT(SignalledNames(h), ElementsAre("d", "c", "b"));
  h.Exit("b", Killed(SIGTERM));
  EXPECT_THAT(SignalledNames(h), ElementsAre("d", "c", "b", "a"));
  h.Exit("a", Killed(SIGTERM));
  EXPECT_TRUE(h.finished);
}

// A tier of many groups costs one lookup per group per event, not a scan of every group.
TEST(Shutdown, LargeTierStopsAndFinishes) {
  std::vector<plan::Process> processes;
  for (int i = 0; i < 500; ++i) processes.push_back(WithPriority("p" + std::to_string(i), 999));
  Harness h(MakePlan(processes));
  h.Boot();
  h.Advance(1);
  h.Apply(h.core.Shutdown(h.now));
  ASSERT_EQ(h.signals.size(), 500u);
  for (int i = 0; i < 500; ++i) h.Exit("p" + std::to_string(i), Killed(SIGTERM));
  EXPECT_TRUE(h.finished);
}

TEST(Shutdown, FinishesOnceEveryProcessIsStopped) {
  Harness h = ThreeRunningGroups();
  h.Apply(h.core.Shutdown(h.now));
  for (const char* name : {"c", "b", "a"}) h.Exit(name, Killed(SIGTERM));
  ASSERT_TRUE(h.finished);
  EXPECT_EQ(h.finished->mood, SupervisorState::kShutdown);
  EXPECT_TRUE(h.core.finished());
  EXPECT_EQ(h.core.NextDeadline(), std::nullopt);
}

TEST(Shutdown, StopsGroupMembersInDescendingPriority) {
  Harness h(MakePlan(
      {WithPriority("m1", 1, "g"), WithPriority("m2", 2, "g"), WithPriority("m3", 2, "g")}));
  h.Boot();
  h.Advance(1);
  h.Apply(h.core.Shutdown(h.now));
  EXPECT_THAT(SignalledNames(h), ElementsAre("m3", "m2", "m1"));
}

TEST(Shutdown, BackoffGivesUpWithoutRetry) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  h.Exit("a", Exited(1));
  h.Apply(h.core.Shutdown(h.now));
  EXPECT_EQ(h.State("a"), ProcessState::kFatal);
  EXPECT_TRUE(h.LogsStartingWith("INFO gave up").empty());
  EXPECT_TRUE(h.finished);
}

TEST(Shutdown, NoAutorestartWhileShuttingDown) {
  plan::Process a = WithPriority("a", 100);
  a.autorestart = "true";
  Harness h(MakePlan({a, WithPriority("b", 200)}));
  h.Boot();
  h.Advance(1);
  h.Apply(h.core.Shutdown(h.now));  // b is stopping; a waits
  h.Exit("a", Exited(0));
  EXPECT_EQ(h.State("a"), ProcessState::kExited);
  h.Exit("b", Killed(SIGTERM));
  EXPECT_TRUE(h.finished);
  EXPECT_EQ(h.spawned.size(), 2u);
}

TEST(Shutdown, StartIsRefusedWhileShuttingDown) {
  plan::Process a = MakeProcess("a");
  a.autostart = false;
  Harness h(MakePlan({a, MakeProcess("b")}));
  h.Boot();
  h.Apply(h.core.Shutdown(h.now));
  EXPECT_EQ(h.Start("a").outcome, Outcome::kShuttingDown);
}

TEST(Shutdown, StartingProcessesAreStoppedToo) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  h.Apply(h.core.Shutdown(h.now));
  EXPECT_EQ(h.State("a"), ProcessState::kStopping);
}

TEST(Shutdown, WaitingToDieIsReportedEveryThreeSeconds) {
  Harness h(MakePlan({WithPriority("a", 100), WithPriority("b", 200)}));
  h.Boot();
  h.Advance(1);
  h.Apply(h.core.Shutdown(h.now));
  EXPECT_THAT(h.LogsStartingWith("INFO waiting"), ElementsAre("INFO waiting for a, b to die"));
  EXPECT_EQ(h.core.NextDeadline(), 1004);
  h.AdvanceTo(1004);
  EXPECT_EQ(h.LogsStartingWith("INFO waiting").size(), 2u);
  EXPECT_EQ(h.LogsStartingWith("BLAT").back(), "BLAT b state: STOPPING");
}

TEST(Shutdown, EscalatesToSigkillAfterEachProgramsStopwaitsecs) {
  plan::Process a = MakeProcess("a");
  a.stopwaitsecs = 2;
  a.killasgroup = true;
  Harness h(MakePlan({a}));
  h.Boot();
  h.Advance(1);
  h.Apply(h.core.Shutdown(h.now));
  h.Advance(2);
  ASSERT_EQ(h.signals.size(), 2u);
  EXPECT_EQ(h.signals[1].signo, SIGKILL);
  EXPECT_EQ(h.signals[1].target, -100);
  h.Exit("a", Killed(SIGKILL));
  EXPECT_TRUE(h.finished);
}

TEST(Shutdown, NothingRunningFinishesAtOnce) {
  Harness h(MakePlan({}));
  h.Boot();
  h.Apply(h.core.OnDaemonSignal(SIGTERM, h.now));
  ASSERT_TRUE(h.finished);
  EXPECT_THAT(h.events,
              ElementsAre("SUPERVISOR_STATE_CHANGE_RUNNING", "SUPERVISOR_STATE_CHANGE_STOPPING"));
}

TEST(Shutdown, RpcShutdownLogsNoSignalLine) {
  Harness h(MakePlan({}));
  h.Boot();
  h.Apply(h.core.Shutdown(h.now));
  EXPECT_TRUE(h.logs.empty());
  EXPECT_TRUE(h.finished);
}

TEST(Restart, SighupStopsEverythingThenFinishesWithRestarting) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  h.Advance(1);
  h.Apply(h.core.OnDaemonSignal(SIGHUP, h.now));
  EXPECT_EQ(h.LogsStartingWith("WARN")[0], "WARN received SIGHUP indicating restart request");
  EXPECT_EQ(h.core.state(), SupervisorState::kRestarting);
  h.Exit("a", Killed(SIGTERM));
  ASSERT_TRUE(h.finished);
  EXPECT_EQ(h.finished->mood, SupervisorState::kRestarting);
}

TEST(Restart, SighupIsIgnoredDuringShutdown) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  h.Apply(h.core.Shutdown(h.now));
  h.Apply(h.core.OnDaemonSignal(SIGHUP, h.now));
  EXPECT_EQ(h.logs.back(), "WARN ignored SIGHUP indicating restart request (shutdown in progress)");
  EXPECT_EQ(h.core.state(), SupervisorState::kShutdown);
}

TEST(Restart, SigtermDuringRestartShutsDownInstead) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  h.Apply(h.core.Restart(h.now));
  h.Apply(h.core.OnDaemonSignal(SIGTERM, h.now));
  h.Exit("a", Killed(SIGTERM));
  ASSERT_TRUE(h.finished);
  EXPECT_EQ(h.finished->mood, SupervisorState::kShutdown);
}

TEST(DaemonSignals, Sigusr2ReopensLogs) {
  Harness h(MakePlan({}));
  h.Boot();
  h.Apply(h.core.OnDaemonSignal(SIGUSR2, h.now));
  EXPECT_THAT(h.logs, ElementsAre("INFO received SIGUSR2 indicating log reopen request",
                                  "INFO supervisord logreopen"));
  EXPECT_EQ(h.reopened, 1);
  EXPECT_EQ(h.core.state(), SupervisorState::kRunning);
}

TEST(DaemonSignals, SigchldOnlyLogsAtDebug) {
  Harness h(MakePlan({}));
  h.Boot();
  h.Apply(h.core.OnDaemonSignal(SIGCHLD, h.now));
  EXPECT_THAT(h.logs, ElementsAre("DEBG received SIGCHLD indicating a child quit"));
}

TEST(DaemonSignals, OtherSignalsMeanNothing) {
  Harness h(MakePlan({}));
  h.Boot();
  h.Apply(h.core.OnDaemonSignal(SIGUSR1, h.now));
  EXPECT_THAT(h.logs, ElementsAre("BLAT received SIGUSR1 indicating nothing"));
  EXPECT_EQ(h.core.state(), SupervisorState::kRunning);
}

}  // namespace
}  // namespace svc::runtime::core
