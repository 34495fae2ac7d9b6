// svcd's own OS chores: daemonize, pidfile, rlimits, setuid, reaping.
#include "runtime/os/daemon_os.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/runtime/os/os_test_util.h"

namespace svc::runtime::os {
namespace {

using ::svc::runtime::os::testing::ReadFile;
using ::svc::runtime::os::testing::ReadUntilEof;
using ::svc::runtime::os::testing::TempDir;
using ::svc::runtime::os::testing::WaitGone;
using ::svc::runtime::os::testing::WaitStatus;
using ::svc::runtime::os::testing::WriteFile;

// Runs `body` in a forked child and returns what it wrote to the pipe it was given.
template <typename Body>
std::string InChild(Body body) {
  int ends[2];
  if (pipe2(ends, O_CLOEXEC) != 0) return "pipe failed";
  const pid_t pid = fork();
  if (pid == 0) {
    close(ends[0]);
    const std::string out = body();
    testing::WriteAllFd(ends[1], out);
    _exit(0);
  }
  close(ends[1]);
  fcntl(ends[0], F_SETFL, O_NONBLOCK);
  std::string out = ReadUntilEof(ends[0]);
  close(ends[0]);
  WaitStatus(pid);
  return out;
}

pid_t StartSleeper() {
  const pid_t pid = fork();
  if (pid == 0) {
    pause();
    _exit(0);
  }
  return pid;
}

TEST(Pidfile, WritesPidAndNewline) {
  TempDir dir;
  const std::string path = dir.Join("svcd.pid");
  ASSERT_TRUE(WritePidfile(path, getpid()));
  EXPECT_EQ(ReadFile(path), std::to_string(getpid()) + "\n");
  EXPECT_EQ(ReadPidfile(path), getpid());
  EXPECT_EQ(std::filesystem::directory_iterator(dir.path())->path(), path);  // no temp left
}

TEST(Pidfile, RefusesToClobberALiveInstance) {
  TempDir dir;
  const std::string path = dir.Join("svcd.pid");
  const pid_t other = StartSleeper();
  WriteFile(path, std::to_string(other) + "\n");
  auto refused = WritePidfile(path, getpid());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().owner, other);
  EXPECT_EQ(refused.error().message, "could not write pidfile " + path + ": it names pid " +
                                         std::to_string(other) + ", which is still running");
  EXPECT_EQ(ReadPidfile(path), other);
  kill(other, SIGKILL);
  WaitStatus(other);
  EXPECT_TRUE(WritePidfile(path, getpid()));  // now stale
  EXPECT_EQ(ReadPidfile(path), getpid());
}

TEST(Pidfile, ZombieOwnerCountsAsDead) {
  TempDir dir;
  const std::string path = dir.Join("svcd.pid");
  const pid_t zombie = fork();
  if (zombie == 0) _exit(0);
  ASSERT_TRUE(WaitGone(zombie));
  WriteFile(path, std::to_string(zombie) + "\n");
  EXPECT_TRUE(WritePidfile(path, getpid()));
  WaitStatus(zombie);
}

TEST(Pidfile, OverwritesGarbageAndOwnPid) {
  TempDir dir;
  const std::string path = dir.Join("svcd.pid");
  WriteFile(path, "not a pid\n");
  EXPECT_TRUE(WritePidfile(path, getpid()));
  EXPECT_TRUE(WritePidfile(path, getpid()));  // SIGHUP restart in the same process
}

TEST(Pidfile, UnwritableDirectoryIsAnError) {
  auto failed = WritePidfile("/nonexistent/dir/svcd.pid", getpid());
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().error_number, ENOENT);
  EXPECT_THAT(failed.error().message,
              ::testing::StartsWith("could not write pidfile /nonexistent/dir/svcd.pid"));
}

TEST(Pidfile, RemoveOnlyWhenItStillNamesUs) {
  TempDir dir;
  const std::string path = dir.Join("svcd.pid");
  WriteFile(path, "999999\n");
  EXPECT_FALSE(RemovePidfile(path, getpid()));
  EXPECT_TRUE(std::filesystem::exists(path));
  ASSERT_TRUE(WritePidfile(path, getpid()));
  EXPECT_TRUE(RemovePidfile(path, getpid()));
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(ReapAll, ReapsEveryExitedChildWithItsStatus) {
  std::set<std::pair<pid_t, int>> expected;
  for (int code : {3, 4, 5}) {
    const pid_t pid = fork();
    if (pid == 0) _exit(code);
    expected.insert({pid, code});
  }
  std::set<std::pair<pid_t, int>> seen;
  for (int round = 0; round < 500 && seen.size() < expected.size(); ++round) {
    // Leftovers of other tests (run in the same process) may show up too: keep only ours.
    for (const Reaped& r : ReapAll()) {
      if (expected.count({r.pid, WEXITSTATUS(r.status)}) != 0) {
        seen.insert({r.pid, WEXITSTATUS(r.status)});
      }
    }
    usleep(10000);
  }
  EXPECT_EQ(seen, expected);
}

TEST(ReapAll, ReapsAdoptedOrphansLikePid1) {
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  int ends[2];
  ASSERT_EQ(pipe(ends), 0);
  const pid_t middle = fork();
  if (middle == 0) {
    const pid_t orphan = fork();
    if (orphan == 0) {
      usleep(100000);
      _exit(7);
    }
    write(ends[1], &orphan, sizeof orphan);
    _exit(0);
  }
  close(ends[1]);
  pid_t orphan = 0;
  ASSERT_EQ(read(ends[0], &orphan, sizeof orphan), static_cast<ssize_t>(sizeof orphan));
  close(ends[0]);
  std::set<pid_t> seen;
  int orphan_status = -1;
  for (int round = 0; round < 500 && seen.size() < 2; ++round) {
    for (const Reaped& r : ReapAll()) {
      if (r.pid == middle || r.pid == orphan) seen.insert(r.pid);
      if (r.pid == orphan) orphan_status = WEXITSTATUS(r.status);
    }
    usleep(10000);
  }
  EXPECT_EQ(seen, (std::set<pid_t>{middle, orphan}));
  EXPECT_EQ(orphan_status, 7);
}

TEST(Rlimits, RaisesALowSoftLimit) {
  const std::string out = InChild([] {
    const rlimit low{64, 4096};
    setrlimit(RLIMIT_NOFILE, &low);
    auto raised = RaiseRlimits(100, 0);
    rlimit now{};
    getrlimit(RLIMIT_NOFILE, &now);
    if (!raised) return raised.error();
    std::string text;
    for (const std::string& info : *raised) text += info + "|";
    return text + std::to_string(now.rlim_cur);
  });
  EXPECT_EQ(out, "Increased RLIMIT_NOFILE limit to 100|100");
}

TEST(Rlimits, NothingToDoWhenHighEnough) {
  const std::string out = InChild([] {
    const rlimit plenty{4096, 4096};
    setrlimit(RLIMIT_NOFILE, &plenty);
    auto raised = RaiseRlimits(1024, 0);
    return raised ? std::to_string(raised->size()) : raised.error();
  });
  EXPECT_EQ(out, "0");
}

TEST(Rlimits, FailureNamesTheRealHardLimit) {
  const std::string out = InChild([] {
    const rlimit low{64, 128};
    setrlimit(RLIMIT_NOFILE, &low);
    // Without CAP_SYS_RESOURCE the hard limit cannot go up.
    if (getuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) return std::string("uid");
    auto raised = RaiseRlimits(1000, 0);
    return raised ? std::string("raised") : raised.error();
  });
  EXPECT_EQ(out,
            "The minimum number of file descriptors required to run this process is 1000 as per "
            "the \"minfds\" command-line argument or config file setting. The current environment "
            "will only allow you to open 128 file descriptors.  Either raise the number of usable "
            "file descriptors in your environment (see README.rst) or lower the minfds setting in "
            "the config file to allow the process to start.");
}

TEST(Rlimits, ProcessLimitHasItsOwnText) {
  const std::string out = InChild([] {
    const rlimit low{10, 20};
    setrlimit(RLIMIT_NPROC, &low);
    if (getuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) return std::string("uid");
    auto raised = RaiseRlimits(0, 50);
    return raised ? std::string("raised") : raised.error();
  });
  EXPECT_EQ(out,
            "The minimum number of available processes required to run this program is 50 as per "
            "the \"minprocs\" command-line argument or config file setting. The current "
            "environment will only allow you to open 20 processes.  Either raise the number of "
            "usable processes in your environment (see README.rst) or lower the minprocs setting "
            "in the config file to allow the program to start.");
}

TEST(SetDaemonUser, SameUidIsANoOp) {
  auto uid = SetDaemonUser(std::to_string(getuid()));
  ASSERT_TRUE(uid) << uid.error();
  EXPECT_EQ(*uid, getuid());
}

TEST(SetDaemonUser, UnknownUserTexts) {
  EXPECT_EQ(SetDaemonUser("svc-no-such-user").error(), "Can't find username 'svc-no-such-user'");
  EXPECT_EQ(SetDaemonUser("4242424").error(), "Can't find uid 4242424");
}

TEST(SetDaemonUser, RootBecomesTheUserThenCannotGoBack) {
  if (getuid() != 0) GTEST_SKIP() << "needs root";
  const std::string out = InChild([] {
    auto first = SetDaemonUser("nobody");
    if (!first) return first.error();
    std::string text = std::to_string(*first) + " " + std::to_string(getuid()) + " " +
                       std::to_string(getgid()) + " ";
    auto back = SetDaemonUser("root");
    return text + (back ? std::string("back") : back.error());
  });
  EXPECT_EQ(out, "65534 65534 65534 Can't drop privilege as nonroot user");
}

TEST(Daemonize, ParentExitsAndTheChildIsASessionLeaderInTheDirectory) {
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  TempDir dir;
  const std::string report = dir.Join("report");
  const pid_t launcher = fork();
  ASSERT_GE(launcher, 0);
  if (launcher == 0) {
    auto daemonized = Daemonize({dir.path(), mode_t{027}});
    if (!daemonized) _exit(3);
    std::string text = std::to_string(getsid(0) == getpid()) + " " +
                       std::to_string(daemonized->changed_directory) + " " +
                       std::filesystem::current_path().string() + " ";
    const mode_t old = umask(0);
    text += std::to_string(old) + " ";
    for (int fd = 0; fd <= 2; ++fd) {
      text += std::filesystem::read_symlink("/proc/self/fd/" + std::to_string(fd)).string() + " ";
    }
    std::ofstream(report + ".tmp") << text;
    std::filesystem::rename(report + ".tmp", report);
    _exit(0);
  }
  const int status = WaitStatus(launcher).value_or(-1);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  for (int round = 0; round < 500 && !std::filesystem::exists(report); ++round) usleep(10000);
  EXPECT_EQ(ReadFile(report), "1 1 " + dir.path() + " 23 /dev/null /dev/null /dev/null ");
  while (!ReapAll().empty()) {
  }
}

TEST(Daemonize, BadDirectoryIsReportedInPythonsWords) {
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  TempDir dir;
  const std::string report = dir.Join("report");
  const pid_t launcher = fork();
  ASSERT_GE(launcher, 0);
  if (launcher == 0) {
    auto daemonized = Daemonize({"/nonexistent/svc", std::nullopt});
    std::ofstream(report + ".tmp")
        << (daemonized ? daemonized->chdir_error.value_or("none") : std::string("failed"));
    std::filesystem::rename(report + ".tmp", report);
    _exit(0);
  }
  WaitStatus(launcher);
  for (int round = 0; round < 500 && !std::filesystem::exists(report); ++round) usleep(10000);
  EXPECT_EQ(ReadFile(report),
            "can't chdir into '/nonexistent/svc': [Errno 2] No such file or directory: "
            "'/nonexistent/svc'");
  while (!ReapAll().empty()) {
  }
}

}  // namespace
}  // namespace svc::runtime::os
