// The wall clock going backwards (_check_and_adjust_for_system_clock_rollback): deadlines are
// pulled back so a jump does not stretch startsecs, backoff or stopwaitsecs.
#include <csignal>

#include <gtest/gtest.h>

#include "tests/runtime/core/core_harness.h"

namespace svc::runtime::core {
namespace {

using testing::Exited;
using testing::Harness;
using testing::MakePlan;
using testing::MakeProcess;

TEST(ClockRollback, StartingRestartsTheStartsecsWindowAtNow) {
  plan::Process p = MakeProcess("a");
  p.startsecs = 5;
  Harness h(MakePlan({p}));
  h.Boot();
  h.now = 900;
  h.Apply(h.core.OnTimer(h.now));
  EXPECT_EQ(h.Get("a").laststart(), 900);
  EXPECT_EQ(h.core.NextDeadline(), 905);
}

TEST(ClockRollback, BackoffRetryIsPulledBack) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  h.Exit("a", Exited(1));  // retry due at 1001
  h.now = 900;
  h.Apply(h.core.OnTimer(h.now));
  EXPECT_EQ(h.core.NextDeadline(), 901);
}

TEST(ClockRollback, StopDeadlineIsPulledBack) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  h.Advance(1);
  static_cast<void>(h.Stop("a"));  // SIGKILL due at 1011
  h.now = 900;
  h.Apply(h.core.OnTimer(h.now));
  EXPECT_EQ(h.core.NextDeadline(), 910);
}

TEST(ClockRollback, RunningKeepsItsUptimeWithinStartsecs) {
  plan::Process p = MakeProcess("a");
  p.startsecs = 10;
  Harness h(MakePlan({p}));
  h.Boot();
  h.Advance(10);
  ASSERT_EQ(h.State("a"), ProcessState::kRunning);
  h.now = 1005;  // after laststart but within startsecs of it
  h.Apply(h.core.OnTimer(h.now));
  EXPECT_EQ(h.Get("a").laststart(), 995);
}

}  // namespace
}  // namespace svc::runtime::core
