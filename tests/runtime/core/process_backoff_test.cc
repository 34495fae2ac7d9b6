// STARTING → BACKOFF → STARTING … → FATAL: quick exits, backoff delays, startretries.
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

plan::Process WithRetries(int64_t startretries) {
  plan::Process p = MakeProcess("a");
  p.startretries = startretries;
  return p;
}

TEST(ProcessBackoff, ExitBeforeStartsecsBacksOff) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  h.Advance(0.5);
  h.Exit("a", Exited(0));
  EXPECT_EQ(h.State("a"), ProcessState::kBackoff);
  EXPECT_EQ(h.Get("a").pid(), 0);
  EXPECT_EQ(h.Get("a").exitstatus(), std::nullopt);
  EXPECT_EQ(h.Get("a").spawnerr(), "Exited too quickly (process log may have details)");
  EXPECT_THAT(h.LogsStartingWith("WARN"),
              ElementsAre("WARN exited: a (exit status 0; not expected)"));
}

TEST(ProcessBackoff, BackoffEventCarriesTries) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  h.Exit("a", Exited(1));
  EXPECT_EQ(h.events.back(),
            "PROCESS_STATE_BACKOFF processname:a groupname:a from_state:STARTING tries:1");
}

TEST(ProcessBackoff, FirstRetryAfterOneSecond) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  h.Advance(0.5);
  h.Exit("a", Exited(1));
  EXPECT_EQ(h.core.NextDeadline(), 1001.5);
  h.AdvanceTo(1001.49);
  EXPECT_EQ(h.State("a"), ProcessState::kBackoff);
  h.AdvanceTo(1001.5);
  EXPECT_EQ(h.State("a"), ProcessState::kStarting);
  EXPECT_EQ(h.events.back(),
            "PROCESS_STATE_STARTING processname:a groupname:a from_state:BACKOFF tries:1");
}

TEST(ProcessBackoff, DelaysGrowByOneSecondPerTry) {
  Harness h(MakePlan({WithRetries(5)}));
  h.Boot();
  std::vector<Time> delays;
  for (int attempt = 0; attempt < 4; ++attempt) {
    h.Exit("a", Exited(1));
    const Time exited_at = h.now;
    const std::optional<Time> retry = h.core.NextDeadline();
    ASSERT_TRUE(retry);
    delays.push_back(*retry - exited_at);
    h.AdvanceTo(*retry);
  }
  EXPECT_THAT(delays, ElementsAre(1, 2, 3, 4));
}

TEST(ProcessBackoff, FatalAfterStartretriesPlusOneAttempts) {
  Harness h(MakePlan({WithRetries(2)}));
  h.Boot();
  for (int attempt = 0; attempt < 3; ++attempt) {
    ASSERT_EQ(h.State("a"), ProcessState::kStarting);
    h.Exit("a", Exited(1));
    if (std::optional<Time> retry = h.core.NextDeadline()) h.AdvanceTo(*retry);
  }
  EXPECT_EQ(h.State("a"), ProcessState::kFatal);
  EXPECT_EQ(h.spawned.size(), 3u);
  EXPECT_THAT(h.LogsStartingWith("INFO gave up"),
              ElementsAre("INFO gave up: a entered FATAL state, too many start retries too "
                          "quickly"));
}

TEST(ProcessBackoff, FatalIsImmediateAfterTheLastQuickExit) {
  Harness h(MakePlan({WithRetries(0)}));
  h.Boot();
  h.Exit("a", Exited(1));
  EXPECT_EQ(h.State("a"), ProcessState::kFatal);
  EXPECT_THAT(h.StateEvents("a"), ElementsAre("STARTING", "BACKOFF", "FATAL"));
  EXPECT_EQ(h.events.back(), "PROCESS_STATE_FATAL processname:a groupname:a from_state:BACKOFF");
  EXPECT_EQ(h.core.NextDeadline(), std::nullopt);
}

TEST(ProcessBackoff, FatalKeepsTheSpawnErrorAndResetsTheCounter) {
  Harness h(MakePlan({WithRetries(0)}));
  h.Boot();
  h.Exit("a", Exited(1));
  EXPECT_EQ(h.Get("a").backoff(), 0);
  EXPECT_EQ(h.Get("a").spawnerr(), "Exited too quickly (process log may have details)");
  EXPECT_TRUE(h.Get("a").system_stop());
}

TEST(ProcessBackoff, SpawnErrorsUseUpRetriesToo) {
  Harness h(MakePlan({WithRetries(1)}));
  h.fail_spawn["a"] = "can't find command 'x'";
  h.Boot();
  h.Advance(5);
  EXPECT_EQ(h.State("a"), ProcessState::kFatal);
  EXPECT_EQ(h.spawned.size(), 2u);
}

TEST(ProcessBackoff, RunningResetsTheCounter) {
  Harness h(MakePlan({WithRetries(1)}));
  h.Boot();
  h.Exit("a", Exited(1));
  h.Advance(1);  // retry
  h.Advance(1);  // stays up startsecs
  EXPECT_EQ(h.State("a"), ProcessState::kRunning);
  EXPECT_EQ(h.Get("a").backoff(), 0);
}

TEST(ProcessBackoff, RetriesAgainAfterRunningWithAFreshCounter) {
  plan::Process p = WithRetries(1);
  p.autorestart = "true";
  Harness h(MakePlan({p}));
  h.Boot();
  h.Exit("a", Exited(1));
  h.Advance(1);
  h.Advance(1);
  h.Exit("a", Exited(0));  // after RUNNING: EXITED, autorestart
  ASSERT_EQ(h.State("a"), ProcessState::kStarting);
  h.Exit("a", Exited(1));
  EXPECT_EQ(h.State("a"), ProcessState::kBackoff);
  EXPECT_EQ(h.Get("a").backoff(), 1);
}

TEST(ProcessBackoff, NoRetriesWhileShuttingDown) {
  plan::Process a = MakeProcess("a");
  plan::Process b = MakeProcess("b");
  b.priority = a.priority + 1;  // a higher number: b's group is stopped first
  Harness h(MakePlan({a, b}));
  h.Boot();
  h.Exit("a", Exited(1));
  h.Apply(h.core.Shutdown(h.now));  // a waits its turn in BACKOFF
  ASSERT_EQ(h.State("b"), ProcessState::kStopping);
  h.Advance(5);
  EXPECT_EQ(h.State("a"), ProcessState::kBackoff);
  EXPECT_EQ(h.spawned.size(), 2u);
}

// 4.2.5 quirk kept: stopping a process in BACKOFF does not reset its counter, so the next
// start has fewer retries left.
TEST(ProcessBackoff, StopInBackoffKeepsTheCounter) {
  Harness h(MakePlan({WithRetries(3)}));
  h.Boot();
  h.Exit("a", Exited(1));
  h.Advance(1);
  h.Exit("a", Exited(1));
  ASSERT_EQ(h.Get("a").backoff(), 2);
  EXPECT_EQ(h.Stop("a").outcome, Outcome::kOk);
  EXPECT_EQ(h.State("a"), ProcessState::kStopped);
  EXPECT_EQ(h.Get("a").backoff(), 2);
  ASSERT_EQ(h.Start("a").outcome, Outcome::kOk);
  h.Exit("a", Exited(1));
  h.Advance(3);
  h.Exit("a", Exited(1));
  EXPECT_EQ(h.State("a"), ProcessState::kFatal);
}

}  // namespace
}  // namespace svc::runtime::core
