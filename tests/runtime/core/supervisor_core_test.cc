// SupervisorCore: building from a plan, boot order, priorities, deadlines, groups at runtime.
#include "runtime/core/supervisor_core.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/runtime/core/core_harness.h"

namespace svc::runtime::core {
namespace {

using ::testing::ElementsAre;
using testing::Exited;
using testing::Harness;
using ::testing::HasSubstr;
using testing::MakePlan;
using testing::MakeProcess;

plan::Process WithPriority(std::string name, int64_t priority) {
  plan::Process p = MakeProcess(std::move(name));
  p.priority = priority;
  return p;
}

TEST(SupervisorCore, FromPlanRejectsAnUnknownMember) {
  plan::Plan plan = MakePlan({MakeProcess("a")});
  plan.groups[0].processes.push_back("ghost");
  auto core = SupervisorCore::FromPlan(plan);
  ASSERT_FALSE(core);
  EXPECT_EQ(core.error(), "group a names unknown process ghost");
}

// A hand-written plan may name a group twice: refused as a whole, whatever their order.
TEST(SupervisorCore, FromPlanRejectsTwinGroups) {
  plan::Plan plan = MakePlan({MakeProcess("b"), MakeProcess("a")});
  plan.groups.push_back(plan.groups[0]);
  auto core = SupervisorCore::FromPlan(plan);
  ASSERT_FALSE(core);
  EXPECT_EQ(core.error(), plan.groups[0].name);
}

// Many groups, each with its own member, found by name once the core is built.
TEST(SupervisorCore, FromPlanWithManyGroupsFindsEveryMember) {
  std::vector<plan::Process> processes;
  for (int i = 0; i < 50; ++i) processes.push_back(WithPriority("p" + std::to_string(i), 100 - i));
  plan::Plan plan = MakePlan(processes);
  auto core = SupervisorCore::FromPlan(plan);
  ASSERT_TRUE(core) << core.error();
  ASSERT_EQ(core->groups().size(), 50u);
  for (int i = 0; i < 50; ++i) {
    const std::string name = "p" + std::to_string(i);
    auto id = core->Find(name, name);
    ASSERT_TRUE(id) << name;
    EXPECT_EQ(core->process(*id).config().priority, 100 - i);
    EXPECT_EQ(core->FindGroup(name)->name, name);
  }
}

TEST(SupervisorCore, FromPlanRejectsABadStopsignal) {
  plan::Process p = MakeProcess("a");
  p.stopsignal = "BOGUS";
  auto core = SupervisorCore::FromPlan(MakePlan({p}));
  ASSERT_FALSE(core);
  EXPECT_THAT(core.error(), HasSubstr("invalid stopsignal 'BOGUS'"));
}

TEST(SupervisorCore, FromPlanRejectsABadAutorestart) {
  plan::Process p = MakeProcess("a");
  p.autorestart = "sometimes";
  EXPECT_FALSE(SupervisorCore::FromPlan(MakePlan({p})));
}

TEST(SupervisorCore, NothingRunsBeforeBoot) {
  Harness h(MakePlan({MakeProcess("a")}));
  EXPECT_FALSE(h.core.booted());
  EXPECT_EQ(h.State("a"), ProcessState::kStopped);
  EXPECT_EQ(h.core.NextDeadline(), std::nullopt);
}

TEST(SupervisorCore, BootAnnouncesGroupsThenRunningThenStarts) {
  plan::Process p = MakeProcess("b");
  p.autostart = false;
  Harness h(MakePlan({MakeProcess("a"), p}));
  h.Boot();
  EXPECT_THAT(h.events, ElementsAre("PROCESS_GROUP_ADDED a", "PROCESS_GROUP_ADDED b",
                                    "SUPERVISOR_STATE_CHANGE_RUNNING",
                                    "PROCESS_STATE_STARTING processname:a groupname:a "
                                    "from_state:STOPPED tries:0"));
  EXPECT_EQ(h.core.state(), SupervisorState::kRunning);
}

TEST(SupervisorCore, StartsGroupsInPriorityOrder) {
  Harness h(MakePlan({WithPriority("x", 300), WithPriority("y", 100), WithPriority("z", 200)}));
  h.Boot();
  EXPECT_THAT(h.spawned, ElementsAre("y", "z", "x"));
}

TEST(SupervisorCore, EqualPrioritiesStartByGroupName) {
  Harness h(MakePlan({MakeProcess("c"), MakeProcess("a"), MakeProcess("b")}));
  h.Boot();
  EXPECT_THAT(h.spawned, ElementsAre("a", "b", "c"));
}

TEST(SupervisorCore, StartsGroupMembersInPlanOrder) {
  plan::Process first = MakeProcess("web_00", "web");
  first.priority = 10;
  plan::Process second = MakeProcess("web_01", "web");
  second.priority = 20;
  Harness h(MakePlan({first, second}));
  h.Boot();
  EXPECT_THAT(h.spawned, ElementsAre("web_00", "web_01"));
}

TEST(SupervisorCore, NextDeadlineIsTheEarliestOfAllProcesses) {
  plan::Process a = MakeProcess("a");
  a.startsecs = 5;
  plan::Process b = MakeProcess("b");
  b.startsecs = 2;
  Harness h(MakePlan({a, b}));
  h.Boot();
  EXPECT_EQ(h.core.NextDeadline(), 1002);
}

TEST(SupervisorCore, NoDeadlineWhenEverythingIsSettled) {
  Harness h(MakePlan({MakeProcess("a"), MakeProcess("b")}));
  h.Boot();
  h.Advance(1);
  EXPECT_EQ(h.State("a"), ProcessState::kRunning);
  EXPECT_EQ(h.core.NextDeadline(), std::nullopt);
}

TEST(SupervisorCore, FindsProcessesByGroupAndName) {
  Harness h(MakePlan({MakeProcess("web_00", "web"), MakeProcess("db")}));
  ASSERT_TRUE(h.core.Find("web", "web_00"));
  EXPECT_EQ(h.core.process(*h.core.Find("web", "web_00")).config().group, "web");
  EXPECT_FALSE(h.core.Find("web", "db"));
  EXPECT_FALSE(h.core.Find("nope", "web_00"));
}

TEST(SupervisorCore, AddGroupAutostartsItsProcesses) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  const plan::Plan next = MakePlan({MakeProcess("a"), MakeProcess("c")});
  auto added = h.core.AddGroup(next, "c", h.now);
  ASSERT_TRUE(added);
  h.Apply(*added);
  EXPECT_EQ(h.events[h.events.size() - 2], "PROCESS_GROUP_ADDED c");
  EXPECT_EQ(h.State("c"), ProcessState::kStarting);
}

TEST(SupervisorCore, AddGroupRefusesAnActiveGroup) {
  Harness h(MakePlan({MakeProcess("a")}));
  auto added = h.core.AddGroup(MakePlan({MakeProcess("a")}), "a", h.now);
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().error, GroupError::kAlreadyAdded);
}

TEST(SupervisorCore, AddGroupRefusesAGroupNotInThePlan) {
  Harness h(MakePlan({MakeProcess("a")}));
  auto added = h.core.AddGroup(MakePlan({MakeProcess("a")}), "zzz", h.now);
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().error, GroupError::kNoSuchGroup);
}

TEST(SupervisorCore, RemoveGroupRefusesRunningProcesses) {
  Harness h(MakePlan({MakeProcess("a")}));
  h.Boot();
  auto removed = h.core.RemoveGroup("a");
  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error().error, GroupError::kStillRunning);
}

TEST(SupervisorCore, RemoveGroupDropsAStoppedGroup) {
  plan::Process p = MakeProcess("a");
  p.autorestart = "false";
  Harness h(MakePlan({p, MakeProcess("b")}));
  h.Boot();
  h.Advance(1);
  h.Exit("a", Exited(0));
  auto removed = h.core.RemoveGroup("a");
  ASSERT_TRUE(removed);
  h.Apply(*removed);
  EXPECT_EQ(h.events.back(), "PROCESS_GROUP_REMOVED a");
  EXPECT_EQ(h.core.FindGroup("a"), nullptr);
  EXPECT_EQ(h.core.groups().size(), 1u);
}

// The core keeps its processes in a vector sorted by id: removing a group in the middle moves
// the machines after it, and adding it again appends new ids. Every id must still find its own
// process, the removed ones none, and pids must still reach the right process.
TEST(SupervisorCore, RemovingAndAddingAMiddleGroupKeepsEveryIdRight) {
  plan::Process b0 = MakeProcess("b_0", "b");
  plan::Process b1 = MakeProcess("b_1", "b");
  b0.autorestart = b1.autorestart = "false";
  plan::Process a = MakeProcess("a");
  plan::Process c = MakeProcess("c");
  a.priority = 1;
  b0.priority = b1.priority = 2;
  c.priority = 3;
  const plan::Plan plan = MakePlan({a, b0, b1, c});
  Harness h(plan);
  h.Boot();
  h.Advance(1);
  const ProcessId id_a = h.Id("a"), id_c = h.Id("c");
  const ProcessId old_b0 = h.Id("b_0"), old_b1 = h.Id("b_1");
  h.Exit("b_0", Exited(0));
  h.Exit("b_1", Exited(0));
  auto removed = h.core.RemoveGroup("b");
  ASSERT_TRUE(removed);
  h.Apply(*removed);
  EXPECT_EQ(h.core.FindProcess(old_b0), nullptr);
  EXPECT_EQ(h.core.FindProcess(old_b1), nullptr);
  ASSERT_NE(h.core.FindProcess(id_c), nullptr);
  EXPECT_EQ(h.core.process(id_c).name(), "c");
  EXPECT_EQ(h.core.process(id_a).name(), "a");
  EXPECT_EQ(h.core.Find("c", "c"), id_c);

  h.Exit("c", Exited(3));  // its pid still maps to c after the machines moved
  EXPECT_EQ(h.State("c"), ProcessState::kStarting);  // autorestart: unexpected exit
  EXPECT_EQ(h.State("a"), ProcessState::kRunning);

  auto added = h.core.AddGroup(plan, "b", h.now);
  ASSERT_TRUE(added);
  h.Apply(*added);
  const ProcessId new_b0 = h.Id("b_0"), new_b1 = h.Id("b_1");
  EXPECT_NE(new_b0, old_b0);
  EXPECT_GT(static_cast<uint32_t>(new_b0), static_cast<uint32_t>(id_c));
  EXPECT_EQ(static_cast<uint32_t>(new_b1), static_cast<uint32_t>(new_b0) + 1);
  EXPECT_EQ(h.core.FindProcess(old_b0), nullptr);
  EXPECT_EQ(h.State("b_0"), ProcessState::kStarting);
  EXPECT_EQ(h.core.process(new_b1).group(), "b");
  ASSERT_NE(h.core.FindGroup("b"), nullptr);
  EXPECT_EQ(h.core.FindGroup("b")->members.size(), 2u);
  EXPECT_EQ(h.core.FindGroup("b")->members[1], new_b1);
  h.Advance(1);
  EXPECT_EQ(h.State("b_1"), ProcessState::kRunning);
  EXPECT_EQ(h.State("c"), ProcessState::kRunning);
}

TEST(SupervisorCore, RemoveGroupOfUnknownName) {
  Harness h(MakePlan({MakeProcess("a")}));
  EXPECT_EQ(h.core.RemoveGroup("zzz").error().error, GroupError::kNoSuchGroup);
}

}  // namespace
}  // namespace svc::runtime::core
