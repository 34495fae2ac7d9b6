// STOPPED → STARTING → RUNNING: autostart, spawn reports, startsecs, start commands.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/runtime/core/core_harness.h"

namespace svc::runtime::core {
namespace {

using ::testing::ElementsAre;
using testing::Exited;
using testing::Harness;
using testing::MakePlan;
using testing::MakeProcess;

plan::Process WithStartsecs(int64_t startsecs) {
  plan::Process p = MakeProcess("a");
  p.startsecs = startsecs;
  return p;
}

TEST(ProcessStart, AutostartSpawnsAtBootWithoutDelay) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  EXPECT_EQ(h.State("a"), ProcessState::kStarting);
  EXPECT_THAT(h.spawned, ElementsAre("a"));
  EXPECT_EQ(h.Get("a").laststart(), 1000);
  EXPECT_THAT(h.LogsStartingWith("INFO"), ElementsAre("INFO spawned: 'a' with pid 100"));
}

TEST(ProcessStart, StartingEventComesFromStoppedWithZeroTries) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  EXPECT_THAT(h.events, ::testing::Contains("PROCESS_STATE_STARTING processname:a groupname:a "
                                            "from_state:STOPPED tries:0"));
}

TEST(ProcessStart, AutostartFalseStaysStopped) {
  plan::Process p = MakeProcess("a");
  p.autostart = false;
  Harness h(MakePlan({p}));
  h.Boot();
  EXPECT_EQ(h.State("a"), ProcessState::kStopped);
  EXPECT_TRUE(h.spawned.empty());
  EXPECT_EQ(h.core.NextDeadline(), std::nullopt);
}

TEST(ProcessStart, StaysStartingBeforeStartsecs) {
  Harness h(MakePlan({WithStartsecs(5)}));
  h.Boot();
  h.AdvanceTo(1004.999);
  EXPECT_EQ(h.State("a"), ProcessState::kStarting);
  EXPECT_EQ(h.core.NextDeadline(), 1005);
}

TEST(ProcessStart, RunningOnceUpForStartsecs) {
  Harness h(MakePlan({WithStartsecs(5)}));
  h.Boot();
  h.AdvanceTo(1005);
  EXPECT_EQ(h.State("a"), ProcessState::kRunning);
  EXPECT_THAT(h.LogsStartingWith("INFO success"),
              ElementsAre("INFO success: a entered RUNNING state, process has stayed up for > "
                          "than 5 seconds (startsecs)"));
  EXPECT_THAT(h.StateEvents("a"), ElementsAre("STARTING", "RUNNING"));
}

TEST(ProcessStart, RunningEventCarriesPid) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  h.Advance(1);
  EXPECT_EQ(h.events.back(),
            "PROCESS_STATE_RUNNING processname:a groupname:a from_state:STARTING pid:100");
}

TEST(ProcessStart, StartsecsZeroIsRunningRightAfterSpawn) {
  Harness h(MakePlan({WithStartsecs(0)}));
  h.Boot();
  EXPECT_EQ(h.State("a"), ProcessState::kRunning);
  EXPECT_EQ(h.now, 1000);
}

TEST(ProcessStart, NoDeadlineOnceRunning) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  h.Advance(1);
  EXPECT_EQ(h.core.NextDeadline(), std::nullopt);
}

TEST(ProcessStart, SpawnFailureLogsSpawnerrAndBacksOff) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.fail_spawn["a"] = "can't find command '/nope'";
  h.Boot();
  EXPECT_EQ(h.State("a"), ProcessState::kBackoff);
  EXPECT_EQ(h.Get("a").spawnerr(), "can't find command '/nope'");
  EXPECT_THAT(h.LogsStartingWith("INFO"), ElementsAre("INFO spawnerr: can't find command '/nope'"));
  EXPECT_EQ(h.events.back(),
            "PROCESS_STATE_BACKOFF processname:a groupname:a from_state:STARTING tries:1");
}

TEST(ProcessStart, StartCommandSpawnsStoppedProcess) {
  plan::Process p = MakeProcess("a");
  p.autostart = false;
  Harness h(MakePlan({p}));
  h.Boot();
  const CommandResult result = h.Start("a");
  EXPECT_EQ(result.outcome, Outcome::kOk);
  EXPECT_EQ(h.State("a"), ProcessState::kStarting);
  EXPECT_EQ(h.Get("a").pid(), 100);
}

TEST(ProcessStart, StartCommandSpawnsExitedProcess) {
  plan::Process p = MakeProcess("a");
  p.autorestart = "false";
  Harness h(MakePlan({p}));
  h.Boot();
  h.Advance(2);
  h.Exit("a", Exited(0));
  ASSERT_EQ(h.State("a"), ProcessState::kExited);
  EXPECT_EQ(h.Start("a").outcome, Outcome::kOk);
  EXPECT_EQ(h.State("a"), ProcessState::kStarting);
  EXPECT_EQ(h.Get("a").exitstatus(), std::nullopt);
}

TEST(ProcessStart, StartCommandSpawnsFatalProcess) {
  plan::Process p = MakeProcess("a");
  p.startretries = 0;
  Harness h(MakePlan({p}));
  h.Boot();
  h.Exit("a", Exited(1));
  ASSERT_EQ(h.State("a"), ProcessState::kFatal);
  EXPECT_EQ(h.Start("a").outcome, Outcome::kOk);
  EXPECT_EQ(h.State("a"), ProcessState::kStarting);
  EXPECT_EQ(h.Get("a").spawnerr(), std::nullopt);
  EXPECT_EQ(h.events.back(),
            "PROCESS_STATE_STARTING processname:a groupname:a from_state:FATAL tries:0");
}

TEST(ProcessStart, StartCommandRejectsRunningStates) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  EXPECT_EQ(h.Start("a").outcome, Outcome::kAlreadyStarted);  // STARTING
  h.Advance(1);
  EXPECT_EQ(h.Start("a").outcome, Outcome::kAlreadyStarted);  // RUNNING
}

TEST(ProcessStart, StartCommandRejectsBackoff) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  h.Exit("a", Exited(1));
  ASSERT_EQ(h.State("a"), ProcessState::kBackoff);
  EXPECT_EQ(h.Start("a").outcome, Outcome::kAlreadyStarted);
}

TEST(ProcessStart, StartCommandOnUnknownProcessId) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  EXPECT_EQ(h.core.Start(ProcessId{99}, h.now).outcome, Outcome::kNoSuchProcess);
}

// Until the daemon reports the fork, a STARTING process has no pid and no timer: even with
// startsecs=0 it cannot become RUNNING, and a stop has nothing to signal.
TEST(ProcessStart, PendingSpawnIsLeftAloneUntilReported) {
  plan::Process a = WithStartsecs(0);
  plan::Process b = MakeProcess("b");
  b.startsecs = 0;
  Harness h(MakePlan({a, b}));
  const Effects boot = h.core.Boot(h.now);  // not applied: both spawns are pending
  const ProcessId id_a = h.Id("a");
  const ProcessId id_b = h.Id("b");
  static_cast<void>(h.core.OnSpawned(id_a, 100, h.now));
  EXPECT_EQ(h.core.process(id_a).state(), ProcessState::kRunning);
  EXPECT_EQ(h.core.process(id_b).state(), ProcessState::kStarting);
  EXPECT_TRUE(h.core.process(id_b).spawn_pending());
  const CommandResult stop = h.core.Stop(id_b, false, h.now);
  EXPECT_EQ(stop.outcome, Outcome::kFailed);
  EXPECT_EQ(stop.message, "attempted to kill b with sig SIGTERM but it wasn't running");
  EXPECT_EQ(boot.size(), 7u);  // 2 group events, RUNNING, 2 × (STARTING event, SpawnRequest)
}

}  // namespace
}  // namespace svc::runtime::core
