// Group construction (compiler/groups.cc) end to end: [group:x] membership, eventlistener pools,
// fcgi-program sockets, and the (priority, name) order supervisord 4.2.5 starts groups in.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/compiler/test_util.h"

namespace svc::compiler {
namespace {

using ::svc::compiler::testing::ErrorCodes;
using ::svc::compiler::testing::FindCode;
using Strings = std::vector<std::string>;

class GroupsTest : public ::svc::compiler::testing::ConfigTest {};

TEST_F(GroupsTest, GroupMembersLandInTheGroup) {
  auto r = Build(
      "[group:g]\nprograms=b,a\npriority=5\n"
      "[program:a]\ncommand=/bin/a %(group_name)s\npriority=3\n"
      "[program:b]\ncommand=/bin/b\npriority=1\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(GroupNames(r), Strings{"g"});
  // Order of programs= (supervisord: group_processes.extend in list order).
  EXPECT_EQ(ProcessNames(r), (Strings{"g:b", "g:a"}));
  EXPECT_EQ(r.Group("g")->priority, 5);
}

TEST_F(GroupsTest, GroupMemberSeesGroupNameAndKeepsOwnPriority) {
  auto r = Build(
      "[group:g]\nprograms=a\npriority=5\n[program:a]\ncommand=/bin/a %(group_name)s\n"
      "priority=3\n");
  ASSERT_TRUE(r.plan) << r.Text();
  const auto* a = r.Process("g", "a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->command, "/bin/a g");
  EXPECT_EQ(a->priority, 3);
  EXPECT_EQ(a->group, "g");
  EXPECT_EQ(a->program, "a");
}

TEST_F(GroupsTest, ProgramInTwoGroupsIsCopiedIntoEach) {
  auto r = Build("[group:g1]\nprograms=a\n[group:g2]\nprograms=a\n[program:a]\ncommand=/bin/a\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(ProcessNames(r), (Strings{"g1:a", "g2:a"}));
}

TEST_F(GroupsTest, EmptyGroupIsAllowed) {
  auto r = Build("[group:g]\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(GroupNames(r), Strings{"g"});
  EXPECT_TRUE(r.Group("g")->processes.empty());
}

TEST_F(GroupsTest, UnknownGroupMemberIsAnError) {
  auto r = Build("[group:g]\nprograms=nope\n");
  EXPECT_FALSE(r.plan);
  EXPECT_EQ(ErrorCodes(r.sink), Strings{"unknown-group-member"});
}

TEST_F(GroupsTest, AmbiguousGroupMemberIsAnError) {
  auto r = Build(
      "[group:g]\nprograms=a\n[program:a]\ncommand=/bin/a\n[fcgi-program:a]\ncommand=/bin/a\n"
      "socket=tcp://127.0.0.1:9000\n");
  EXPECT_FALSE(r.plan);
  EXPECT_EQ(ErrorCodes(r.sink), Strings{"ambiguous-group-member"});
}

TEST_F(GroupsTest, FcgiProgramInGroupLosesItsSocket) {
  auto r = Build(
      "[group:g]\nprograms=f\n[fcgi-program:f]\ncommand=/bin/f\nsocket=tcp://127.0.0.1:9000\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(GroupNames(r), Strings{"g"});
  EXPECT_FALSE(r.Group("g")->socket);
  EXPECT_NE(FindCode(r.sink, "fcgi-in-group"), nullptr);
}

TEST_F(GroupsTest, GroupsSortByPriorityThenName) {
  auto r = Build(
      "[program:c]\ncommand=/bin/c\npriority=1\n"
      "[program:b]\ncommand=/bin/b\n"
      "[program:a]\ncommand=/bin/a\n"
      "[group:z]\npriority=1\n"
      "[eventlistener:ev]\ncommand=/bin/ev\nevents=TICK_5\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(GroupNames(r), (Strings{"ev", "c", "z", "a", "b"}));
}

TEST_F(GroupsTest, DuplicateGroupNameKeepsTheOneSortingFirst) {
  auto r = Build("[group:foo]\npriority=1\n[program:foo]\ncommand=/bin/foo\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(GroupNames(r), Strings{"foo"});
  EXPECT_TRUE(r.Group("foo")->processes.empty());
  EXPECT_NE(FindCode(r.sink, "duplicate-group"), nullptr);
}

TEST_F(GroupsTest, EventListenerPoolDefaults) {
  auto r = Build("[eventlistener:ev]\ncommand=/bin/ev\nevents=tick_5,PROCESS_STATE,tick_5\n");
  ASSERT_TRUE(r.plan) << r.Text();
  const auto* g = r.Group("ev");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->kind, "eventlistener");
  EXPECT_EQ(g->priority, -1);
  EXPECT_EQ(g->buffer_size, 10);
  EXPECT_EQ(g->result_handler, "supervisor.dispatchers:default_handler");
  EXPECT_EQ(g->events, (Strings{"PROCESS_STATE", "TICK_5"}));
  const auto* p = r.Process("ev", "ev");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->kind, "eventlistener");
  EXPECT_EQ(p->priority, 999);
}

TEST_F(GroupsTest, EventListenerNeedsEvents) {
  auto r = Build("[eventlistener:ev]\ncommand=/bin/ev\n");
  EXPECT_FALSE(r.plan);
  EXPECT_EQ(ErrorCodes(r.sink), Strings{"missing-events"});
}

TEST_F(GroupsTest, EventListenerUnknownEventType) {
  auto r = Build("[eventlistener:ev]\ncommand=/bin/ev\nevents=TICK_7\n");
  EXPECT_FALSE(r.plan);
  EXPECT_EQ(ErrorCodes(r.sink), Strings{"unknown-event-type"});
}

TEST_F(GroupsTest, EventListenerCannotRedirectStderr) {
  auto r = Build("[eventlistener:ev]\ncommand=/bin/ev\nevents=TICK_5\nredirect_stderr=true\n");
  EXPECT_FALSE(r.plan);
  EXPECT_EQ(ErrorCodes(r.sink), Strings{"listener-redirect-stderr"});
}

TEST_F(GroupsTest, EventListenerBufferSizeMustBePositive) {
  auto r = Build("[eventlistener:ev]\ncommand=/bin/ev\nevents=TICK_5\nbuffer_size=0\n");
  EXPECT_FALSE(r.plan);
  EXPECT_EQ(ErrorCodes(r.sink), Strings{"bad-buffer-size"});
}

TEST_F(GroupsTest, FcgiUnixSocket) {
  auto r = Build("[fcgi-program:f]\ncommand=/bin/f\nsocket=unix:///tmp/%(program_name)s.sock\n");
  ASSERT_TRUE(r.plan) << r.Text();
  const auto* g = r.Group("f");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->kind, "fcgi-program");
  ASSERT_TRUE(g->socket);
  EXPECT_EQ(g->socket->url, "unix:///tmp/f.sock");
  EXPECT_EQ(g->socket->mode, 0700);
  EXPECT_FALSE(g->socket->backlog);
  EXPECT_EQ(r.Process("f", "f")->kind, "fcgi-program");
}

TEST_F(GroupsTest, FcgiTcpSocketWithBacklog) {
  auto r = Build(
      "[fcgi-program:f]\ncommand=/bin/f\nsocket=tcp://127.0.0.1:9000\n"
      "socket_backlog=64\n");
  ASSERT_TRUE(r.plan) << r.Text();
  ASSERT_TRUE(r.Group("f")->socket);
  EXPECT_EQ(r.Group("f")->socket->url, "tcp://127.0.0.1:9000");
  EXPECT_EQ(r.Group("f")->socket->backlog, 64);
  EXPECT_FALSE(r.Group("f")->socket->mode);
}

TEST_F(GroupsTest, FcgiNeedsSocket) {
  auto r = Build("[fcgi-program:f]\ncommand=/bin/f\n");
  EXPECT_FALSE(r.plan);
  EXPECT_EQ(ErrorCodes(r.sink), Strings{"missing-socket"});
}

TEST_F(GroupsTest, FcgiRelativeUnixPathIsAnError) {
  auto r = Build("[fcgi-program:f]\ncommand=/bin/f\nsocket=unix://rel.sock\n");
  EXPECT_FALSE(r.plan);
  EXPECT_EQ(ErrorCodes(r.sink), Strings{"bad-socket"});
}

TEST_F(GroupsTest, FcgiSocketModeWithTcpIsAnError) {
  auto r = Build("[fcgi-program:f]\ncommand=/bin/f\nsocket=tcp://h:9000\nsocket_mode=0600\n");
  EXPECT_FALSE(r.plan);
  EXPECT_EQ(ErrorCodes(r.sink), Strings{"bad-socket"});
}

// supervisord's InetStreamSocketConfig lower-cases the host of its url.
TEST_F(GroupsTest, FcgiTcpHostIsLowerCasedAsSupervisordDoes) {
  auto r = Build("[fcgi-program:f]\ncommand=/bin/f\nsocket=tcp://LocalHost:9000\n");
  ASSERT_TRUE(r.plan) << r.Text();
  EXPECT_EQ(r.Group("f")->socket->url, "tcp://localhost:9000");
}

}  // namespace
}  // namespace svc::compiler
