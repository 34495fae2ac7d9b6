// argv[0] → executable: supervisord's PATH choice and check texts, with quirk 19 fixed.
#include "runtime/os/command_path.h"

#include <unistd.h>

#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/runtime/os/os_test_util.h"

namespace svc::runtime::os {
namespace {

using ::svc::runtime::os::testing::TempDir;
using ::svc::runtime::os::testing::WriteFile;
using ::testing::ElementsAre;

TEST(SearchPath, ProgramEnvironmentPathWins) {
  EXPECT_THAT(SearchPath({{"PATH", "/a:/b"}}, "/c"), ElementsAre("/a", "/b"));
}

TEST(SearchPath, EmptyProgramPathIsStillUsed) {
  EXPECT_THAT(SearchPath({{"PATH", ""}}, "/c"), ElementsAre(""));
}

TEST(SearchPath, InheritedPathThenDefault) {
  EXPECT_THAT(SearchPath({}, "/c:/d"), ElementsAre("/c", "/d"));
  EXPECT_THAT(SearchPath({}, ""), ElementsAre("/bin", "/usr/bin", "/usr/local/bin"));
  EXPECT_THAT(SearchPath({}, std::nullopt), ElementsAre("/bin", "/usr/bin", "/usr/local/bin"));
}

TEST(ResolveCommand, FindsTheFirstExecutableOnPath) {
  TempDir dir;
  std::filesystem::create_directory(dir.Join("a"));
  std::filesystem::create_directory(dir.Join("b"));
  WriteFile(dir.Join("a/tool"), "#!/bin/sh\n", 0755);
  WriteFile(dir.Join("b/tool"), "#!/bin/sh\n", 0755);
  auto found = ResolveCommand({"tool", "x"}, {dir.Join("a"), dir.Join("b")});
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, dir.Join("a/tool"));
}

TEST(ResolveCommand, SkipsNonExecutablesAndDirectoriesOnPath) {
  TempDir dir;
  for (const char* sub : {"a", "b", "c", "c/tool"})
    std::filesystem::create_directory(dir.Join(sub));
  WriteFile(dir.Join("a/tool"), "#!/bin/sh\n", 0644);
  WriteFile(dir.Join("b/tool"), "#!/bin/sh\n", 0755);
  auto found = ResolveCommand({"tool"}, {dir.Join("c"), dir.Join("a"), dir.Join("b")});
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, dir.Join("b/tool"));
}

TEST(ResolveCommand, ReportsTheFirstExistingEntryWhenNoneIsExecutable) {
  TempDir dir;
  std::filesystem::create_directory(dir.Join("a"));
  std::filesystem::create_directory(dir.Join("b"));
  WriteFile(dir.Join("a/tool"), "#!/bin/sh\n", 0644);
  WriteFile(dir.Join("b/tool"), "#!/bin/sh\n", 0600);
  auto found = ResolveCommand({"tool"}, {dir.Join("missing"), dir.Join("a"), dir.Join("b")});
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().failure, core::SpawnFailure::kNotExecutable);
  EXPECT_EQ(found.error().message, "command at '" + dir.Join("a/tool") + "' is not executable");
}

TEST(ResolveCommand, NotFoundNamesTheProgramAsWritten) {
  TempDir dir;
  auto found = ResolveCommand({"nope"}, {dir.path()});
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().failure, core::SpawnFailure::kNotFound);
  EXPECT_EQ(found.error().message, "can't find command 'nope'");
  auto absolute = ResolveCommand({dir.Join("nope")}, {});
  ASSERT_FALSE(absolute);
  EXPECT_EQ(absolute.error().message, "can't find command '" + dir.Join("nope") + "'");
}

TEST(ResolveCommand, SlashPathsAreCheckedNotSearched) {
  TempDir dir;
  WriteFile(dir.Join("plain"), "data\n", 0644);
  auto plain = ResolveCommand({dir.Join("plain")}, {"/bin"});
  ASSERT_FALSE(plain);
  EXPECT_EQ(plain.error().message, "command at '" + dir.Join("plain") + "' is not executable");
  auto directory = ResolveCommand({dir.path()}, {"/bin"});
  ASSERT_FALSE(directory);
  EXPECT_EQ(directory.error().failure, core::SpawnFailure::kIsDirectory);
  EXPECT_EQ(directory.error().message, "command at '" + dir.path() + "' is a directory");
}

TEST(ResolveCommand, EmptyCommand) {
  auto found = ResolveCommand({}, {"/bin"});
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().failure, core::SpawnFailure::kCommandEmpty);
  EXPECT_EQ(found.error().message, "command is empty");
}

TEST(ResolveCommand, EmptyProgramNameFindsThePathDirectoryAsSupervisordDoes) {
  auto found = ResolveCommand({""}, {"/bin"});
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().message, "command at '/bin/' is a directory");
}

TEST(ResolveCommand, ModeBitsWithoutAccessIsNoPermission) {
  if (getuid() != 0) GTEST_SKIP() << "needs root to create a file another user cannot run";
  TempDir dir;
  WriteFile(dir.Join("owner-only"), "#!/bin/sh\n", 0700);
  const pid_t tester = fork();
  ASSERT_GE(tester, 0);
  if (tester == 0) {
    if (setgid(65534) != 0 || setuid(65534) != 0) _exit(2);
    auto found = ResolveCommand({dir.Join("owner-only")}, {});
    const bool ok =
        !found && found.error().failure == core::SpawnFailure::kNoPermission &&
        found.error().message == "no permission to run command '" + dir.Join("owner-only") + "'";
    _exit(ok ? 0 : 1);
  }
  EXPECT_EQ(WEXITSTATUS(testing::WaitStatus(tester).value_or(-1)), 0);
}

}  // namespace
}  // namespace svc::runtime::os
