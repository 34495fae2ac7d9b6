// Loop: one-shot timers fire once and never early, fd readiness, signals and child exits
// arrive as callbacks, and an idle loop does not spin.
#include "runtime/io/loop.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "runtime/io/main_log.h"
#include "tests/runtime/io/io_test_util.h"

namespace svc::runtime::io {
namespace {

using testing::MakePipe;

TEST(LoopTest, TimerFiresOnceAtItsDeadline) {
  Loop loop;
  loop.UpdateNow();
  const double deadline = SystemWallClock() + 0.05;
  int fired = 0;
  double fired_at = 0;
  auto timer = loop.NewTimer([&] {
    ++fired;
    fired_at = SystemWallClock();
  });
  EXPECT_FALSE(timer->active());
  timer->ArmAt(deadline);
  EXPECT_TRUE(timer->active());
  loop.Run();  // returns when the one-shot timer is done: nothing else is watched
  EXPECT_EQ(fired, 1);
  EXPECT_GE(fired_at, deadline - 0.001);
  EXPECT_LT(fired_at, deadline + 0.5);
  EXPECT_FALSE(timer->active());
}

TEST(LoopTest, RearmingReplacesTheDeadline) {
  Loop loop;
  loop.UpdateNow();
  int fired = 0;
  auto timer = loop.NewTimer([&] { ++fired; });
  timer->ArmAt(loop.Now() + 3600);
  timer->ArmAt(loop.Now() + 0.01);
  loop.Run();
  EXPECT_EQ(fired, 1);
}

TEST(LoopTest, PastDeadlineFiresOnTheNextIteration) {
  Loop loop;
  int fired = 0;
  auto timer = loop.NewTimer([&] { ++fired; });
  timer->ArmAt(loop.Now() - 100);
  loop.RunOnce(/*block=*/false);
  loop.RunOnce(/*block=*/false);
  EXPECT_EQ(fired, 1);
}

TEST(LoopTest, StoppedTimerNeverFires) {
  Loop loop;
  int fired = 0;
  auto timer = loop.NewTimer([&] { ++fired; });
  timer->ArmAt(loop.Now() + 0.01);
  timer->Stop();
  loop.Run();  // nothing watched: returns at once
  EXPECT_EQ(fired, 0);
}

TEST(LoopTest, ReadableFdCallsBack) {
  Loop loop;
  const std::vector<int> fds = MakePipe(/*nonblocking_read=*/true);
  std::string got;
  auto watcher = loop.WatchReadable(fds[0], [&] {
    got = testing::ReadAvailable(fds[0]);
    loop.Break();
  });
  auto timer = loop.NewTimer([&] { ASSERT_EQ(write(fds[1], "ping", 4), 4); });
  loop.UpdateNow();
  timer->ArmAt(loop.Now() + 0.01);
  loop.Run();
  EXPECT_EQ(got, "ping");
  close(fds[0]);
  close(fds[1]);
}

TEST(LoopTest, WritableFdCallsBack) {
  Loop loop;
  const std::vector<int> fds = MakePipe(/*nonblocking_read=*/false);
  int calls = 0;
  std::unique_ptr<Watcher> watcher;
  watcher = loop.WatchWritable(fds[1], [&] {
    ++calls;
    watcher.reset();  // a callback may destroy its own watcher
  });
  loop.Run();
  EXPECT_EQ(calls, 1);
  close(fds[0]);
  close(fds[1]);
}

// IoWatch, the embedded watcher: calls back with its owner while the fd is readable, stays
// quiet once stopped, starts again, and may be destroyed (with its owner) from its callback.
TEST(LoopTest, EmbeddedIoWatchCallsBackWithItsOwner) {
  struct Owner {
    Loop* loop;
    int fd;
    int calls = 0;
    std::string got;
    IoWatch watch;
  };
  Loop loop;
  const std::vector<int> fds = MakePipe(/*nonblocking_read=*/true);
  std::unique_ptr<Owner> owner(new Owner{&loop, fds[0], 0, {}, {}});
  owner->watch.Set(
      loop, fds[0], /*writable=*/false,
      [](void* self) {
        auto* o = static_cast<Owner*>(self);
        ++o->calls;
        o->got += testing::ReadAvailable(o->fd);
        o->loop->Break();
      },
      owner.get());
  EXPECT_FALSE(owner->watch.active());
  owner->watch.Start();
  EXPECT_TRUE(owner->watch.active());
  ASSERT_EQ(write(fds[1], "ping", 4), 4);
  loop.Run();
  EXPECT_EQ(owner->calls, 1);
  EXPECT_EQ(owner->got, "ping");

  owner->watch.Stop();
  EXPECT_FALSE(owner->watch.active());
  ASSERT_EQ(write(fds[1], "x", 1), 1);
  loop.RunOnce(/*block=*/false);
  EXPECT_EQ(owner->calls, 1);  // stopped: the byte waits
  owner->watch.Start();
  loop.Run();
  EXPECT_EQ(owner->calls, 2);
  EXPECT_EQ(owner->got, "pingx");

  // Destroying the owner (and its watch) inside the callback.
  struct Doomed {
    std::unique_ptr<Doomed>* holder;
    Loop* loop;
    IoWatch watch;
  };
  std::unique_ptr<Doomed> doomed;
  doomed.reset(new Doomed{&doomed, &loop, {}});
  doomed->watch.Set(
      loop, fds[1], /*writable=*/true,
      [](void* self) {
        auto* d = static_cast<Doomed*>(self);
        Loop* l = d->loop;
        d->holder->reset();
        l->Break();
      },
      doomed.get());
  doomed->watch.Start();
  owner.reset();  // stops the read watch
  loop.Run();
  EXPECT_EQ(doomed, nullptr);
  close(fds[0]);
  close(fds[1]);
}

TEST(LoopTest, IdleLoopDoesNotSpin) {
  Loop loop;
  const std::vector<int> fds = MakePipe(/*nonblocking_read=*/true);
  auto quiet = loop.WatchReadable(fds[0], [] {});
  auto stop = loop.NewTimer([&] { loop.Break(); });
  loop.UpdateNow();
  stop->ArmAt(loop.Now() + 0.3);
  const unsigned before = loop.Iterations();
  loop.Run();
  EXPECT_LE(loop.Iterations() - before, 2u);
  close(fds[0]);
  close(fds[1]);
}

TEST(LoopTest, SignalsArriveOnTheLoop) {
  Loop loop;
  std::vector<int> seen;
  auto record = [&](int signo) {
    seen.push_back(signo);
    if (seen.size() == 2) loop.Break();
  };
  auto usr2 = loop.WatchSignal(SIGUSR2, [&] { record(SIGUSR2); });
  auto hup = loop.WatchSignal(SIGHUP, [&] { record(SIGHUP); });
  raise(SIGUSR2);
  raise(SIGHUP);
  loop.Run();
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<int>{SIGHUP, SIGUSR2}));
}

TEST(LoopTest, ChildExitIsReportedWithItsStatus) {
  Loop loop;
  int pid_seen = 0;
  int status_seen = 0;
  auto children = loop.WatchChildren([&](int pid, int status) {
    pid_seen = pid;
    status_seen = status;
    loop.Break();
  });
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) _exit(3);
  loop.Run();
  EXPECT_EQ(pid_seen, pid);
  ASSERT_TRUE(WIFEXITED(status_seen));
  EXPECT_EQ(WEXITSTATUS(status_seen), 3);
}

// Children that exited together are all reaped in one iteration, each reported once.
TEST(LoopTest, ChildrenThatExitTogetherAreReapedInOneIteration) {
  Loop loop;
  std::vector<int> seen;
  auto children = loop.WatchChildren([&](int pid, int) { seen.push_back(pid); });
  std::vector<int> pids;
  for (int i = 0; i < 20; ++i) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) _exit(0);
    pids.push_back(pid);
  }
  // Every child is a zombie before the loop looks (waitid with WNOWAIT reaps nothing).
  for (int pid : pids) {
    siginfo_t info{};
    ASSERT_EQ(waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT), 0);
  }
  const unsigned before = loop.Iterations();
  while (seen.size() < pids.size() && loop.Iterations() - before < 100) loop.RunOnce();
  std::sort(seen.begin(), seen.end());
  std::sort(pids.begin(), pids.end());
  EXPECT_EQ(seen, pids);
  EXPECT_LE(loop.Iterations() - before, 2u);
}

int hook_runs = 0;
void CountHookRun() { ++hook_runs; }

TEST(LoopTest, BeforeChildExitHooksRunFirstAndOnce) {
  Loop loop;
  Loop::BeforeChildExit(&CountHookRun);
  Loop::BeforeChildExit(&CountHookRun);  // registered once
  hook_runs = 0;
  int runs_at_callback = -1;
  auto children = loop.WatchChildren([&](int, int) {
    runs_at_callback = hook_runs;
    loop.Break();
  });
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) _exit(0);
  loop.Run();
  EXPECT_EQ(runs_at_callback, 1);
}

}  // namespace
}  // namespace svc::runtime::io
