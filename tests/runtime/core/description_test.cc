// The getProcessInfo description per state (reference §2.6).
#include "runtime/core/description.h"

#include <gtest/gtest.h>

#include "tests/runtime/core/core_harness.h"

namespace svc::runtime::core {
namespace {

using testing::Exited;
using testing::Harness;
using testing::MakePlan;
using testing::MakeProcess;

std::string FakeLocal(int64_t epoch) { return "local(" + std::to_string(epoch) + ")"; }

std::string Describe(const Harness& h, std::string_view name) {
  return core::Describe(h.Get(name), h.now, FakeLocal);
}

TEST(Description, RunningShowsPidAndUptime) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  h.Advance(5.7);
  EXPECT_EQ(Describe(h, "a"), "pid 100, uptime 0:00:05");
}

TEST(Description, UptimeUsesWholeSecondTimestamps) {
  Harness h(MakePlan({MakeProcess("a")}), 1000.9);
  h.Boot();
  h.AdvanceTo(1002.1);  // 1.2 s, but 1002 - 1000 = 2 whole seconds
  EXPECT_EQ(Describe(h, "a"), "pid 100, uptime 0:00:02");
}

TEST(Description, UptimeNeverNegative) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  h.Advance(2);
  h.now = 900;
  EXPECT_EQ(Describe(h, "a"), "pid 100, uptime 0:00:00");
}

TEST(Description, BackoffShowsSpawnError) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  h.Exit("a", Exited(1));
  EXPECT_EQ(Describe(h, "a"), "Exited too quickly (process log may have details)");
}

TEST(Description, FatalShowsSpawnError) {
  plan::Process p = MakeProcess("a");
  p.startretries = 0;
  Harness h(MakePlan({p}));
  h.fail_spawn["a"] = "can't find command 'x'";
  h.Boot();
  ASSERT_EQ(h.State("a"), ProcessState::kFatal);
  EXPECT_EQ(Describe(h, "a"), "can't find command 'x'");
}

TEST(Description, EmptySpawnErrorSuggestsTail) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.fail_spawn["a"] = "";
  h.Boot();
  EXPECT_EQ(Describe(h, "a"), "unknown error (try \"tail a\")");
}

TEST(Description, NeverStartedIsNotStarted) {
  plan::Process p = MakeProcess("a");
  p.autostart = false;
  Harness h(MakePlan({p}));
  h.Boot();
  EXPECT_EQ(Describe(h, "a"), "Not started");
}

TEST(Description, ExitedShowsLocalStopTime) {
  plan::Process p = MakeProcess("a");
  p.autorestart = "false";
  Harness h(MakePlan({p}));
  h.Boot();
  h.Advance(3.5);
  h.Exit("a", Exited(0));
  EXPECT_EQ(Describe(h, "a"), "local(1003)");
}

TEST(Description, StoppedFromBackoffShowsTheEpoch) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.fail_spawn["a"] = "boom";
  h.Boot();
  static_cast<void>(h.Stop("a"));
  EXPECT_EQ(Describe(h, "a"), "local(0)");
}

TEST(Description, StartingStoppingUnknownAreEmpty) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  EXPECT_EQ(Describe(h, "a"), "");
  static_cast<void>(h.Stop("a"));
  EXPECT_EQ(Describe(h, "a"), "");
}

TEST(FormatUptime, PythonTimedeltaText) {
  EXPECT_EQ(FormatUptime(0), "0:00:00");
  EXPECT_EQ(FormatUptime(5), "0:00:05");
  EXPECT_EQ(FormatUptime(36000), "10:00:00");
  EXPECT_EQ(FormatUptime(93784), "1 day, 2:03:04");
  EXPECT_EQ(FormatUptime(259201), "3 days, 0:00:01");
}

TEST(FormatStopTime, MonthDayTwelveHourClock) {
  std::tm afternoon{};
  afternoon.tm_mon = 10;
  afternoon.tm_mday = 24;
  afternoon.tm_hour = 15;
  afternoon.tm_min = 40;
  EXPECT_EQ(FormatStopTime(afternoon), "Nov 24 03:40 PM");
  std::tm midnight{};
  midnight.tm_mday = 1;
  EXPECT_EQ(FormatStopTime(midnight), "Jan 01 12:00 AM");
  std::tm noon{};
  noon.tm_mon = 5;
  noon.tm_mday = 9;
  noon.tm_hour = 12;
  noon.tm_min = 5;
  EXPECT_EQ(FormatStopTime(noon), "Jun 09 12:05 PM");
}

TEST(CappedInt, TruncatesAndClampsToXmlRpcInt) {
  EXPECT_EQ(CappedInt(1000.9), 1000);
  EXPECT_EQ(CappedInt(4e9), 2147483647);
  EXPECT_EQ(CappedInt(-4e9), -2147483648LL);
}

}  // namespace
}  // namespace svc::runtime::core
