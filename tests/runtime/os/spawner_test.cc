// Spawn with real forks: what the child gets (argv, env, cwd, umask, process group, fds,
// signal state), its pipes, and the supervisord texts of every failure before and after fork.
#include "runtime/os/spawner.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/runtime/os/os_test_util.h"

namespace svc::runtime::os {
namespace {

using ::svc::runtime::os::testing::OpenFds;
using ::svc::runtime::os::testing::ProcessGroupOf;
using ::svc::runtime::os::testing::ProcList;
using ::svc::runtime::os::testing::ReadUntil;
using ::svc::runtime::os::testing::ReadUntilEof;
using ::svc::runtime::os::testing::StatusField;
using ::svc::runtime::os::testing::TempDir;
using ::svc::runtime::os::testing::WaitStatus;
using ::svc::runtime::os::testing::WriteAllFd;
using ::svc::runtime::os::testing::WriteFile;
using ::testing::Contains;
using ::testing::ElementsAre;

SpawnRequest Request(std::vector<std::string> argv) {
  SpawnRequest request;
  request.argv = std::move(argv);
  request.process_name = "probe";
  request.group_name = "probes";
  request.inherited_environment = std::vector<std::string>{"PATH=/usr/bin:/bin"};
  return request;
}

// A running /bin/cat that has finished starting up (a line went through it), so /proc shows
// the state it exec'd with. Closing stdin ends it.
struct Cat {
  SpawnResult result;
  explicit Cat(SpawnResult spawned) : result(std::move(spawned)) {
    WriteAllFd(result.stdin_fd.get(), "ping\n");
    EXPECT_EQ(ReadUntil(result.stdout_fd.get(), "ping\n"), "ping\n");
  }
  int Finish() {
    result.stdin_fd.Reset();
    return WaitStatus(result.pid).value_or(-1);
  }
};

TEST(Spawn, ChildGetsArgvEnvironmentCwdUmaskAndOwnProcessGroup) {
  TempDir dir;
  SpawnRequest request = Request({"cat", "-"});
  request.directory = dir.path();
  request.umask = 027;
  auto spawned = Spawn(request);
  ASSERT_TRUE(spawned) << spawned.error().message;
  EXPECT_FALSE(spawned->child_failure);
  Cat cat(std::move(*spawned));
  const pid_t pid = cat.result.pid;
  EXPECT_THAT(ProcList(pid, "cmdline"), ElementsAre("cat", "-"));
  EXPECT_EQ(std::filesystem::read_symlink("/proc/" + std::to_string(pid) + "/cwd"), dir.path());
  EXPECT_EQ(StatusField(pid, "Umask"), "0027");
  EXPECT_EQ(ProcessGroupOf(pid), pid);
  EXPECT_EQ(WEXITSTATUS(cat.Finish()), 0);
}

TEST(Spawn, EnvironmentLayersInheritedThenSupervisorThenConfigured) {
  SpawnRequest request = Request({"cat"});
  request.inherited_environment =
      std::vector<std::string>{"PATH=/usr/bin:/bin", "KEEP=inherited", "OVER=inherited",
                               "SUPERVISOR_ENABLED=0", "KEEP=second copy ignored"};
  request.server_url = "unix:///tmp/svc.sock";
  request.environment = {{"OVER", "configured"}, {"SUPERVISOR_GROUP_NAME", "mine"}};
  auto spawned = Spawn(request);
  ASSERT_TRUE(spawned) << spawned.error().message;
  Cat cat(std::move(*spawned));
  EXPECT_THAT(ProcList(cat.result.pid, "environ"),
              ElementsAre("PATH=/usr/bin:/bin", "KEEP=inherited", "OVER=configured",
                          "SUPERVISOR_ENABLED=1", "SUPERVISOR_SERVER_URL=unix:///tmp/svc.sock",
                          "SUPERVISOR_PROCESS_NAME=probe", "SUPERVISOR_GROUP_NAME=mine"));
  cat.Finish();
}

TEST(Spawn, NoServerUrlMeansNoVariable) {
  auto spawned = Spawn(Request({"cat"}));
  ASSERT_TRUE(spawned);
  Cat cat(std::move(*spawned));
  const std::vector<std::string> env = ProcList(cat.result.pid, "environ");
  EXPECT_TRUE(std::none_of(env.begin(), env.end(), [](const std::string& entry) {
    return entry.rfind("SUPERVISOR_SERVER_URL=", 0) == 0;
  }));
  cat.Finish();
}

TEST(Spawn, DefaultsToSvcdsOwnEnvironment) {
  setenv("SVC_OS_TEST_MARKER", "from-svcd", 1);
  SpawnRequest request = Request({"cat"});
  request.inherited_environment.reset();
  auto spawned = Spawn(request);
  ASSERT_TRUE(spawned);
  Cat cat(std::move(*spawned));
  EXPECT_THAT(ProcList(cat.result.pid, "environ"), Contains("SVC_OS_TEST_MARKER=from-svcd"));
  cat.Finish();
}

TEST(Spawn, OnlyStdioReachesTheChild) {
  const int leaked = open("/dev/null", O_RDONLY);  // no O_CLOEXEC on purpose
  ASSERT_GE(leaked, 3);
  auto spawned = Spawn(Request({"cat"}));
  close(leaked);
  ASSERT_TRUE(spawned);
  Cat cat(std::move(*spawned));
  EXPECT_THAT(OpenFds(cat.result.pid), ElementsAre(0, 1, 2));
  cat.Finish();
}

// The child starts on svcd's own fd table and unshares it: svcd must keep exactly its fds, and
// hold no reference to the child's pipe ends (or it would never see their EOF).
TEST(Spawn, SvcdKeepsItsFdsAndNoChildPipeEnd) {
  ReserveSpawnSlots();
  const std::vector<int> before = OpenFds(getpid());
  auto spawned = Spawn(Request({"cat"}));
  ASSERT_TRUE(spawned);
  std::vector<int> after = OpenFds(getpid());
  std::erase_if(after, [&](int fd) {
    return fd == spawned->stdin_fd.get() || fd == spawned->stdout_fd.get() ||
           fd == spawned->stderr_fd.get();
  });
  EXPECT_EQ(after, before);
  Cat cat(std::move(*spawned));
  EXPECT_THAT(OpenFds(cat.result.pid), ElementsAre(0, 1, 2));
  EXPECT_EQ(WEXITSTATUS(cat.Finish()), 0);
  char byte = 0;  // the parent end is non-blocking: EAGAIN if anyone still held the write end
  EXPECT_EQ(read(cat.result.stdout_fd.get(), &byte, 1), 0) << "EOF once cat has exited";
}

TEST(Spawn, SignalsAreResetAndUnblockedInTheChild) {
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  struct sigaction old_pipe {};
  sigaction(SIGPIPE, &ignore, &old_pipe);
  sigset_t usr1, old_mask;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  sigprocmask(SIG_BLOCK, &usr1, &old_mask);
  auto spawned = Spawn(Request({"cat"}));
  sigprocmask(SIG_SETMASK, &old_mask, nullptr);
  sigaction(SIGPIPE, &old_pipe, nullptr);
  ASSERT_TRUE(spawned);
  Cat cat(std::move(*spawned));
  EXPECT_EQ(StatusField(cat.result.pid, "SigIgn"), "0000000000000000");
  EXPECT_EQ(StatusField(cat.result.pid, "SigBlk"), "0000000000000000");
  cat.Finish();
}

TEST(Spawn, ParentEndsAreNonBlockingAndCloseOnExec) {
  auto spawned = Spawn(Request({"cat"}));
  ASSERT_TRUE(spawned);
  for (const UniqueFd* fd : {&spawned->stdin_fd, &spawned->stdout_fd, &spawned->stderr_fd}) {
    ASSERT_TRUE(fd->valid());
    EXPECT_NE(fcntl(fd->get(), F_GETFL) & O_NONBLOCK, 0);
    EXPECT_NE(fcntl(fd->get(), F_GETFD) & FD_CLOEXEC, 0);
  }
  Cat cat(std::move(*spawned));
  cat.Finish();
}

TEST(Spawn, StdoutAndStderrPipesCarrySeparateStreams) {
  auto spawned = Spawn(Request({"/bin/sh", "-c", "echo out; echo err >&2"}));
  ASSERT_TRUE(spawned);
  EXPECT_EQ(ReadUntilEof(spawned->stdout_fd.get()), "out\n");
  EXPECT_EQ(ReadUntilEof(spawned->stderr_fd.get()), "err\n");
  EXPECT_EQ(WEXITSTATUS(WaitStatus(spawned->pid).value_or(-1)), 0);
}

TEST(Spawn, RedirectStderrSharesTheStdoutPipe) {
  SpawnRequest request = Request({"/bin/sh", "-c", "echo out; echo err >&2"});
  request.redirect_stderr = true;
  auto spawned = Spawn(request);
  ASSERT_TRUE(spawned);
  EXPECT_FALSE(spawned->stderr_fd.valid());
  EXPECT_EQ(ReadUntilEof(spawned->stdout_fd.get()), "out\nerr\n");
  EXPECT_EQ(WEXITSTATUS(WaitStatus(spawned->pid).value_or(-1)), 0);
}

TEST(Spawn, StdinSocketBecomesFdZero) {
  int ends[2];
  ASSERT_EQ(pipe2(ends, O_CLOEXEC), 0);
  SpawnRequest request = Request({"cat"});
  request.stdin_socket = ends[0];
  auto spawned = Spawn(request);
  close(ends[0]);
  ASSERT_TRUE(spawned);
  EXPECT_FALSE(spawned->stdin_fd.valid());
  WriteAllFd(ends[1], "via socket\n");
  close(ends[1]);
  EXPECT_EQ(ReadUntilEof(spawned->stdout_fd.get()), "via socket\n");
  EXPECT_EQ(WEXITSTATUS(WaitStatus(spawned->pid).value_or(-1)), 0);
}

TEST(Spawn, BadDirectoryIsReportedAtOnceAndInTheStderrLog) {
  SpawnRequest request = Request({"cat"});
  request.directory = "/nonexistent/svc-dir";
  auto spawned = Spawn(request);
  ASSERT_TRUE(spawned);
  ASSERT_TRUE(spawned->child_failure);
  EXPECT_EQ(spawned->child_failure->step, ChildStep::kChdir);
  EXPECT_EQ(spawned->child_failure->error_number, ENOENT);
  EXPECT_EQ(spawned->child_failure->message, "couldn't chdir to /nonexistent/svc-dir: ENOENT");
  EXPECT_EQ(ReadUntilEof(spawned->stderr_fd.get()),
            "supervisor: couldn't chdir to /nonexistent/svc-dir: ENOENT\n"
            "supervisor: child process was not spawned\n");
  const int status = WaitStatus(spawned->pid).value_or(-1);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 127);
}

TEST(Spawn, ExecFailureGoesToStdoutWhenRedirected) {
  TempDir dir;
  WriteFile(dir.Join("broken"), "#!/nonexistent/interpreter\n", 0755);
  SpawnRequest request = Request({dir.Join("broken"), "arg"});
  request.redirect_stderr = true;
  auto spawned = Spawn(request);
  ASSERT_TRUE(spawned) << spawned.error().message;
  ASSERT_TRUE(spawned->child_failure);
  EXPECT_EQ(spawned->child_failure->step, ChildStep::kExec);
  EXPECT_EQ(spawned->child_failure->message, "couldn't exec " + dir.Join("broken") + ": ENOENT");
  EXPECT_EQ(ReadUntilEof(spawned->stdout_fd.get()),
            "supervisor: couldn't exec " + dir.Join("broken") +
                ": ENOENT\n"
                "supervisor: child process was not spawned\n");
  EXPECT_EQ(WEXITSTATUS(WaitStatus(spawned->pid).value_or(-1)), 127);
}

TEST(Spawn, ExecOfAFileWithoutFormatIsEnoexec) {
  TempDir dir;
  WriteFile(dir.Join("garbage"), std::string("\x01\x02\x03\x04 not a program\n"), 0755);
  auto spawned = Spawn(Request({dir.Join("garbage")}));
  ASSERT_TRUE(spawned);
  ASSERT_TRUE(spawned->child_failure);
  EXPECT_EQ(spawned->child_failure->message, "couldn't exec " + dir.Join("garbage") + ": ENOEXEC");
  EXPECT_EQ(WEXITSTATUS(WaitStatus(spawned->pid).value_or(-1)), 127);
}

TEST(Spawn, CommandChecksFailBeforeFork) {
  TempDir dir;
  SpawnRequest request = Request({"svc-no-such-program"});
  request.environment = {{"PATH", dir.path()}};
  auto missing = Spawn(request);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().failure, core::SpawnFailure::kNotFound);
  EXPECT_EQ(missing.error().message, "can't find command 'svc-no-such-program'");

  auto empty = Spawn(Request({}));
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message, "command is empty");

  auto directory = Spawn(Request({dir.path()}));
  ASSERT_FALSE(directory);
  EXPECT_EQ(directory.error().message, "command at '" + dir.path() + "' is a directory");
}

TEST(Spawn, NonExecutableOnPathIsSkippedForALaterExecutable) {
  TempDir dir;
  std::filesystem::create_directory(dir.Join("a"));
  std::filesystem::create_directory(dir.Join("b"));
  WriteFile(dir.Join("a/tool"), "#!/bin/sh\necho wrong\n", 0644);
  WriteFile(dir.Join("b/tool"), "#!/bin/sh\necho right\n", 0755);
  SpawnRequest request = Request({"tool"});
  request.environment = {{"PATH", dir.Join("a") + ":" + dir.Join("b")}};
  auto spawned = Spawn(request);
  ASSERT_TRUE(spawned) << spawned.error().message;
  EXPECT_EQ(ReadUntilEof(spawned->stdout_fd.get()), "right\n");
  EXPECT_EQ(WEXITSTATUS(WaitStatus(spawned->pid).value_or(-1)), 0);
}

TEST(Spawn, InheritedPathIsSearchedWhenTheProgramSetsNone) {
  TempDir dir;
  WriteFile(dir.Join("tool"), "#!/bin/sh\necho found\n", 0755);
  SpawnRequest request = Request({"tool"});
  request.inherited_environment = std::vector<std::string>{"PATH=" + dir.path()};
  auto spawned = Spawn(request);
  ASSERT_TRUE(spawned) << spawned.error().message;
  EXPECT_EQ(ReadUntilEof(spawned->stdout_fd.get()), "found\n");
  EXPECT_EQ(WEXITSTATUS(WaitStatus(spawned->pid).value_or(-1)), 0);
}

TEST(Spawn, TooManyOpenFilesIsSupervisordsText) {
  const pid_t tester = fork();
  ASSERT_GE(tester, 0);
  if (tester == 0) {
    const int lowest_free = open("/dev/null", O_RDONLY);
    close(lowest_free);
    const rlimit tight{static_cast<rlim_t>(lowest_free) + 1, static_cast<rlim_t>(lowest_free) + 1};
    setrlimit(RLIMIT_NOFILE, &tight);
    auto spawned = Spawn(Request({"cat"}));
    const bool ok = !spawned && spawned.error().failure == core::SpawnFailure::kTooManyFiles &&
                    spawned.error().message == "too many open files to spawn 'probe'";
    _exit(ok ? 0 : 1);
  }
  EXPECT_EQ(WEXITSTATUS(WaitStatus(tester).value_or(-1)), 0);
}

TEST(Spawn, UnknownUserIsReportedByTheChildLikeDropPrivileges) {
  SpawnRequest request = Request({"cat"});
  request.user = "svc-no-such-user";
  auto spawned = Spawn(request);
  ASSERT_TRUE(spawned);
  ASSERT_TRUE(spawned->child_failure);
  EXPECT_EQ(spawned->child_failure->step, ChildStep::kSetuid);
  EXPECT_EQ(spawned->child_failure->message,
            "couldn't setuid to svc-no-such-user: Can't find username 'svc-no-such-user'");
  EXPECT_EQ(ReadUntilEof(spawned->stderr_fd.get()),
            "supervisor: couldn't setuid to svc-no-such-user: Can't find username "
            "'svc-no-such-user'\nsupervisor: child process was not spawned\n");
  EXPECT_EQ(WEXITSTATUS(WaitStatus(spawned->pid).value_or(-1)), 127);
}

TEST(Spawn, RootDropsToTheConfiguredUser) {
  if (getuid() != 0) GTEST_SKIP() << "needs root";
  SpawnRequest request = Request({"cat"});
  request.user = "nobody";
  request.inherited_environment = std::vector<std::string>{"PATH=/usr/bin:/bin", "HOME=/root"};
  auto spawned = Spawn(request);
  ASSERT_TRUE(spawned);
  ASSERT_FALSE(spawned->child_failure) << spawned->child_failure->message;
  Cat cat(std::move(*spawned));
  EXPECT_EQ(StatusField(cat.result.pid, "Uid"), "65534\t65534\t65534\t65534");
  EXPECT_EQ(StatusField(cat.result.pid, "Gid"), "65534\t65534\t65534\t65534");
  EXPECT_EQ(StatusField(cat.result.pid, "Groups"), "65534 ");  // the kernel adds a space
  // supervisord leaves HOME, USER and LOGNAME alone.
  EXPECT_THAT(ProcList(cat.result.pid, "environ"), Contains("HOME=/root"));
  cat.Finish();
}

TEST(Spawn, NonRootCannotSwitchUsers) {
  if (getuid() != 0) GTEST_SKIP() << "needs root to become someone else first";
  const pid_t tester = fork();
  ASSERT_GE(tester, 0);
  if (tester == 0) {
    if (setgid(65534) != 0 || setuid(65534) != 0) _exit(2);
    SpawnRequest request = Request({"cat"});
    request.user = "root";
    auto spawned = Spawn(request);
    bool ok = spawned && spawned->child_failure &&
              spawned->child_failure->message ==
                  "couldn't setuid to 0: Can't drop privilege as nonroot user";
    if (spawned) ok = ok && WEXITSTATUS(WaitStatus(spawned->pid).value_or(-1)) == 127;
    _exit(ok ? 0 : 1);
  }
  EXPECT_EQ(WEXITSTATUS(WaitStatus(tester).value_or(-1)), 0);
}

TEST(Spawn, SameUserAsSvcdNeedsNoSwitch) {
  SpawnRequest request = Request({"cat"});
  request.user = std::to_string(getuid());
  auto spawned = Spawn(request);
  ASSERT_TRUE(spawned);
  EXPECT_FALSE(spawned->child_failure);
  Cat cat(std::move(*spawned));
  cat.Finish();
}

TEST(MakeSpawnRequest, TakesThePlanProcessAndFallsBackToSvcdsUrl) {
  plan::Process process;
  process.name = "web_01";
  process.group = "web";
  process.argv = {"/bin/true"};
  process.environment = {{"A", "1"}};
  process.directory = "/srv";
  process.umask = 022;
  process.user = "nobody";
  process.redirect_stderr = true;
  SpawnRequest request = MakeSpawnRequest(process, "unix:///run/svc.sock");
  EXPECT_EQ(request.argv, process.argv);
  EXPECT_EQ(request.process_name, "web_01");
  EXPECT_EQ(request.group_name, "web");
  EXPECT_EQ(request.server_url, "unix:///run/svc.sock");
  EXPECT_EQ(request.directory, "/srv");
  EXPECT_EQ(request.umask, mode_t{022});
  EXPECT_EQ(request.user, "nobody");
  EXPECT_TRUE(request.redirect_stderr);
  process.serverurl = "http://elsewhere:9001";
  EXPECT_EQ(MakeSpawnRequest(process, "unix:///run/svc.sock").server_url, "http://elsewhere:9001");
}

}  // namespace
}  // namespace svc::runtime::os
