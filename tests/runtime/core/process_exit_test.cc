// RUNNING → EXITED and what follows: expected or not, autorestart true/false/unexpected.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "runtime/core/process_settings.h"
#include "tests/runtime/core/core_harness.h"

namespace svc::runtime::core {
namespace {

using ::testing::ElementsAre;
using testing::Exited;
using testing::Harness;
using testing::Killed;
using testing::MakePlan;
using testing::MakeProcess;

plan::Process WithAutorestart(std::string autorestart) {
  plan::Process p = MakeProcess("a");
  p.autorestart = std::move(autorestart);
  return p;
}

// Boots and lets "a" reach RUNNING.
void BootRunning(Harness& h) {
  h.Boot();
  h.Advance(1);
  ASSERT_EQ(h.State("a"), ProcessState::kRunning);
}

TEST(ProcessExit, ExpectedExitIsLoggedAtInfo) {
  Harness h(MakePlan({MakeProcess("a")}));
  BootRunning(h);
  h.Advance(3);
  h.Exit("a", Exited(0));
  EXPECT_EQ(h.State("a"), ProcessState::kExited);
  EXPECT_EQ(h.Get("a").exitstatus(), 0);
  EXPECT_EQ(h.Get("a").laststop(), 1004);
  EXPECT_EQ(h.Get("a").pid(), 0);
  EXPECT_EQ(h.logs.back(), "INFO exited: a (exit status 0; expected)");
  EXPECT_EQ(h.events.back(),
            "PROCESS_STATE_EXITED processname:a groupname:a from_state:RUNNING expected:1 "
            "pid:100");
}

TEST(ProcessExit, UnexpectedExitIsLoggedAtWarnWithBadExitCode) {
  Harness h(MakePlan({WithAutorestart("false")}));
  BootRunning(h);
  h.Exit("a", Exited(2));
  EXPECT_EQ(h.State("a"), ProcessState::kExited);
  EXPECT_EQ(h.Get("a").spawnerr(), "Bad exit code 2");
  EXPECT_EQ(h.logs.back(), "WARN exited: a (exit status 2; not expected)");
  EXPECT_EQ(h.events.back(),
            "PROCESS_STATE_EXITED processname:a groupname:a from_state:RUNNING expected:0 "
            "pid:100");
}

TEST(ProcessExit, ExitcodesDecideWhatIsExpected) {
  plan::Process p = MakeProcess("a");
  p.exitcodes = {0, 2};
  Harness h(MakePlan({p}));
  BootRunning(h);
  h.Exit("a", Exited(2));
  EXPECT_EQ(h.logs.back(), "INFO exited: a (exit status 2; expected)");
  EXPECT_EQ(h.State("a"), ProcessState::kExited);
}

TEST(ProcessExit, AutorestartUnexpectedRestartsAfterUnexpectedExit) {
  Harness h(MakePlan({WithAutorestart("unexpected")}));
  BootRunning(h);
  h.Exit("a", Exited(1));
  EXPECT_EQ(h.State("a"), ProcessState::kStarting);
  EXPECT_THAT(h.StateEvents("a"), ElementsAre("STARTING", "RUNNING", "EXITED", "STARTING"));
  EXPECT_EQ(h.Get("a").pid(), 101);
}

TEST(ProcessExit, AutorestartUnexpectedLeavesExpectedExitAlone) {
  Harness h(MakePlan({WithAutorestart("unexpected")}));
  BootRunning(h);
  h.Exit("a", Exited(0));
  h.Advance(60);
  EXPECT_EQ(h.State("a"), ProcessState::kExited);
}

TEST(ProcessExit, AutorestartTrueRestartsAfterExpectedExit) {
  Harness h(MakePlan({WithAutorestart("true")}));
  BootRunning(h);
  h.Exit("a", Exited(0));
  EXPECT_EQ(h.State("a"), ProcessState::kStarting);
  EXPECT_THAT(h.spawned, ElementsAre("a", "a"));
}

TEST(ProcessExit, AutorestartFalseNeverRestarts) {
  Harness h(MakePlan({WithAutorestart("false")}));
  BootRunning(h);
  h.Exit("a", Exited(1));
  h.Advance(60);
  EXPECT_EQ(h.State("a"), ProcessState::kExited);
  EXPECT_EQ(h.spawned.size(), 1u);
}

TEST(ProcessExit, SignalDeathIsNeverExpected) {
  plan::Process p = WithAutorestart("unexpected");
  p.exitcodes = {0, 255};
  Harness h(MakePlan({p}));
  BootRunning(h);
  h.Exit("a", Killed(9));
  EXPECT_EQ(h.logs[h.logs.size() - 2], "WARN exited: a (terminated by SIGKILL; not expected)");
  EXPECT_EQ(h.State("a"), ProcessState::kStarting);  // restarted: -1 is not in exitcodes
}

// The expected codes are kept as a bit set for 0-63 and a list for the rest: both halves and
// their edges count, and nothing else does.
TEST(ProcessExit, ExitCodesOnBothSidesOfTheBitSet) {
  plan::Process p;
  p.group = p.name = "a";
  p.exitcodes = {0, 63, 64, 255, -1};
  auto settings = ResolveSettings(p);
  ASSERT_TRUE(settings.has_value());
  for (int code : {0, 63, 64, 255, -1}) EXPECT_TRUE(settings->ExitExpected(code)) << code;
  for (int code : {1, 62, 65, 254, 256, -2}) EXPECT_FALSE(settings->ExitExpected(code)) << code;
  p.exitcodes = {};
  settings = ResolveSettings(p);
  ASSERT_TRUE(settings.has_value());
  EXPECT_FALSE(settings->ExitExpected(0));
}

TEST(ProcessExit, ExitAtExactlyStartsecsGoesThroughRunning) {
  plan::Process p = WithAutorestart("false");
  p.startsecs = 5;
  Harness h(MakePlan({p}));
  h.Boot();
  h.now = 1005;  // the exit is reported before the startsecs timer fired
  h.Exit("a", Exited(0));
  EXPECT_THAT(h.StateEvents("a"), ElementsAre("STARTING", "RUNNING", "EXITED"));
  EXPECT_TRUE(h.LogsStartingWith("INFO success").empty());
  EXPECT_EQ(h.logs.back(), "INFO exited: a (exit status 0; expected)");
}

TEST(ProcessExit, ExitWithStartsecsZeroIsAnOrdinaryExit) {
  plan::Process p = WithAutorestart("false");
  p.startsecs = 0;
  Harness h(MakePlan({p}));
  h.Boot();
  h.Exit("a", Exited(0));
  EXPECT_EQ(h.State("a"), ProcessState::kExited);
}

TEST(ProcessExit, LaststartInTheFutureAssumesNotTooQuick) {
  Harness h(MakePlan({WithAutorestart("false")}));
  BootRunning(h);
  h.now = 990;  // the wall clock went back
  h.Exit("a", Exited(0));
  EXPECT_THAT(h.LogsStartingWith("WARN"),
              ElementsAre("WARN process 'a' (100) laststart time is in the future, don't know how "
                          "long process was running so assuming it did not exit too quickly"));
  EXPECT_EQ(h.State("a"), ProcessState::kExited);
}

TEST(ProcessExit, UnknownPidIsLoggedAndIgnored) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  h.Apply(h.core.OnChildExited(4321, Exited(3), h.now));
  EXPECT_EQ(h.logs.back(), "INFO reaped unknown pid 4321 (exit status 3)");
  EXPECT_EQ(h.State("a"), ProcessState::kStarting);
}

}  // namespace
}  // namespace svc::runtime::core
