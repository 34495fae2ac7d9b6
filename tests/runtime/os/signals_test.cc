// Kill of a pid and of a process group, and the signal-name helpers.
#include "runtime/os/signals.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <cerrno>
#include <string>

#include <gtest/gtest.h>

#include "runtime/os/spawner.h"
#include "tests/runtime/os/os_test_util.h"

namespace svc::runtime::os {
namespace {

using ::svc::runtime::os::testing::ProcessGone;
using ::svc::runtime::os::testing::ReadUntil;
using ::svc::runtime::os::testing::WaitGone;
using ::svc::runtime::os::testing::WaitStatus;

// A shell that starts a background sleep (same process group) and prints its pid.
struct ShellWithGrandchild {
  SpawnResult shell;
  pid_t grandchild = 0;
  ShellWithGrandchild() {
    // Orphaned grandchildren come to us, so we can see them die and reap them.
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    SpawnRequest request;
    request.argv = {"/bin/sh", "-c", "sleep 60 & echo $!; wait"};
    request.process_name = "tree";
    auto spawned = Spawn(request);
    if (!spawned) return;
    shell = std::move(*spawned);
    grandchild = std::stoi(ReadUntil(shell.stdout_fd.get(), "\n"));
  }
};

TEST(Kill, ProcessGroupTakesGrandchildrenToo) {
  ShellWithGrandchild tree;
  ASSERT_GT(tree.grandchild, 0);
  ASSERT_TRUE(Kill(-tree.shell.pid, SIGTERM));
  const int status = WaitStatus(tree.shell.pid).value_or(-1);
  EXPECT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
  EXPECT_TRUE(WaitGone(tree.grandchild));
  waitpid(tree.grandchild, nullptr, WNOHANG);
}

TEST(Kill, PidAloneLeavesTheGrandchildRunning) {
  ShellWithGrandchild tree;
  ASSERT_GT(tree.grandchild, 0);
  ASSERT_TRUE(Kill(tree.shell.pid, "KILL"));
  EXPECT_TRUE(WIFSIGNALED(WaitStatus(tree.shell.pid).value_or(0)));
  EXPECT_FALSE(ProcessGone(tree.grandchild));  // quirk 20's orphan: why killasgroup exists
  ASSERT_TRUE(Kill(tree.grandchild, SIGKILL));
  EXPECT_TRUE(WaitStatus(tree.grandchild));
}

TEST(Kill, ErrorsAreErrnos) {
  ShellWithGrandchild tree;
  ASSERT_TRUE(Kill(-tree.shell.pid, SIGKILL));
  WaitStatus(tree.shell.pid);
  WaitGone(tree.grandchild);
  waitpid(tree.grandchild, nullptr, WNOHANG);
  auto gone = Kill(tree.shell.pid, SIGTERM);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error(), ESRCH);
  EXPECT_EQ(Kill(1234, "BOGUS").error(), EINVAL);
}

TEST(Kill, RefusesTheBroadcastTargets) {
  EXPECT_EQ(Kill(0, SIGTERM).error(), EINVAL);
  EXPECT_EQ(Kill(-1, SIGTERM).error(), EINVAL);
}

TEST(SignalNames, MatchPythonsSignalModule) {
  EXPECT_EQ(SignalName(SIGTERM), "SIGTERM");
  EXPECT_EQ(SignalName(SIGIO), "SIGPOLL");
  EXPECT_EQ(SignalNumber("hup"), SIGHUP);
  EXPECT_EQ(SignalNumber("SIGUSR2"), SIGUSR2);
  EXPECT_EQ(SignalNumber("9"), SIGKILL);
  EXPECT_EQ(SignalNumber("NOPE"), std::nullopt);
}

}  // namespace
}  // namespace svc::runtime::os
