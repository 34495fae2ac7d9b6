// RotatingFile: supervisord's rotation naming, with files that never exceed maxbytes (quirk
// 43 fixed), special targets, and recovery from vanished files and directories.
#include "runtime/io/rotating_file.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "tests/runtime/io/io_test_util.h"

namespace svc::runtime::io {
namespace {

using testing::Exists;
using testing::FileSize;
using testing::MakePipe;
using testing::Pattern;
using testing::ReadAvailable;
using testing::ReadFile;
using testing::ReadRotated;
using testing::TempDir;

TEST(RotatingFileTest, NamesBackupsLikeSupervisordAndKeepsAtMostBackups) {
  TempDir dir;
  const std::string log = dir.File("app.log");
  RotatingFile file({log, 10, 3});
  for (char c : std::string("ABCDE")) ASSERT_TRUE(file.Write(std::string(10, c)));
  // Each write fills the file exactly, which rolls it over at once, as supervisord does.
  EXPECT_EQ(ReadFile(log), "");
  EXPECT_EQ(ReadFile(log + ".1"), std::string(10, 'E'));
  EXPECT_EQ(ReadFile(log + ".2"), std::string(10, 'D'));
  EXPECT_EQ(ReadFile(log + ".3"), std::string(10, 'C'));
  EXPECT_FALSE(Exists(log + ".4"));
}

// A file without its own path (ChildLogs' AUTO logs) asks its PathSource every time: opening,
// rotating, clearing and path() all use the derived path, and a move keeps the source.
TEST(RotatingFileTest, PathSourceIsUsedForEveryPathOperation) {
  TempDir dir;
  const std::string log = dir.File("derived.log");
  RotatingFileOptions options{"ignored-when-a-source-is-set", 10, 2};
  options.path_source = {
      [](const void* context) { return *static_cast<const std::string*>(context); }, &log};
  RotatingFile first(std::move(options));
  EXPECT_EQ(first.path(), log);
  ASSERT_TRUE(first.Open());
  RotatingFile file(std::move(first));
  EXPECT_EQ(file.path(), log);
  for (char c : std::string("ABC")) ASSERT_TRUE(file.Write(std::string(10, c)));
  EXPECT_EQ(ReadFile(log), "");
  EXPECT_EQ(ReadFile(log + ".1"), std::string(10, 'C'));
  EXPECT_EQ(ReadFile(log + ".2"), std::string(10, 'B'));
  ASSERT_TRUE(file.Write("xy"));
  ASSERT_TRUE(file.Clear());
  EXPECT_EQ(ReadFile(log), "");
  EXPECT_FALSE(Exists(dir.File("ignored-when-a-source-is-set")));
}

TEST(RotatingFileTest, NeverExceedsMaxbytesForAnyWriteSize) {
  constexpr int64_t kMax = 64;
  constexpr int kBackups = 40;
  const std::string stream = Pattern(700);
  for (std::size_t size = 1; size <= 3 * kMax; ++size) {
    TempDir dir;
    const std::string log = dir.File("out.log");
    RotatingFile file({log, kMax, kBackups});
    for (std::size_t at = 0; at < stream.size(); at += size) {
      ASSERT_TRUE(file.Write(std::string_view(stream).substr(at, size))) << "size " << size;
      ASSERT_LE(FileSize(log), kMax) << "size " << size;
      ASSERT_LE(FileSize(log + ".1"), kMax) << "size " << size;
    }
    for (int i = 1; i <= kBackups; ++i) {
      ASSERT_LE(FileSize(log + "." + std::to_string(i)), kMax) << "size " << size;
    }
    ASSERT_EQ(ReadRotated(log, kBackups), stream) << "size " << size;
  }
}

TEST(RotatingFileTest, SplitsOneLargeWriteAcrossFiles) {
  TempDir dir;
  const std::string log = dir.File("big.log");
  RotatingFile file({log, 100, 5});
  const std::string data = Pattern(250);
  ASSERT_TRUE(file.Write(data));
  EXPECT_EQ(ReadFile(log + ".2"), data.substr(0, 100));
  EXPECT_EQ(ReadFile(log + ".1"), data.substr(100, 100));
  EXPECT_EQ(ReadFile(log), data.substr(200));
}

TEST(RotatingFileTest, BackupsZeroTruncatesOnRollover) {
  TempDir dir;
  const std::string log = dir.File("t.log");
  RotatingFile file({log, 10, 0});
  ASSERT_TRUE(file.Write("0123456789abcdefghijXYZ"));
  EXPECT_EQ(ReadFile(log), "XYZ");
  EXPECT_FALSE(Exists(log + ".1"));
}

TEST(RotatingFileTest, MaxbytesZeroNeverRotates) {
  TempDir dir;
  const std::string log = dir.File("n.log");
  RotatingFile file({log, 0, 3});
  const std::string data = Pattern(100000);
  for (std::size_t at = 0; at < data.size(); at += 999) {
    ASSERT_TRUE(file.Write(std::string_view(data).substr(at, 999)));
  }
  EXPECT_FALSE(file.rotates());
  EXPECT_EQ(ReadFile(log), data);
  EXPECT_FALSE(Exists(log + ".1"));
}

TEST(RotatingFileTest, AppendsToAnExistingFileAndRotatesAnOversizedOneFirst) {
  TempDir dir;
  const std::string log = dir.File("old.log");
  { ASSERT_TRUE(RotatingFile({log, 0, 0}).Write(std::string(50, 'o'))); }
  RotatingFile file({log, 20, 2});  // maxbytes lowered since the last run
  ASSERT_TRUE(file.Write("new"));
  EXPECT_EQ(ReadFile(log + ".1"), std::string(50, 'o'));
  EXPECT_EQ(ReadFile(log), "new");
}

TEST(RotatingFileTest, OpensWithCloexecAndAppend) {
  TempDir dir;
  RotatingFile file({dir.File("f.log"), 100, 1});
  ASSERT_TRUE(file.Open());
  EXPECT_TRUE(file.is_open());
  EXPECT_TRUE(file.rotates());
}

TEST(RotatingFileTest, ReopenAfterTheFileWasMovedAway) {
  TempDir dir;
  const std::string log = dir.File("m.log");
  RotatingFile file({log, 1000, 2});
  ASSERT_TRUE(file.Write("a"));
  ASSERT_EQ(rename(log.c_str(), dir.File("m.log.moved").c_str()), 0);
  ASSERT_TRUE(file.Write("b"));  // like supervisord: still the moved file until SIGUSR2
  ASSERT_TRUE(file.Reopen());
  ASSERT_TRUE(file.Write("c"));
  EXPECT_EQ(ReadFile(dir.File("m.log.moved")), "ab");
  EXPECT_EQ(ReadFile(log), "c");
}

TEST(RotatingFileTest, DeletedFileIsCreatedAgainOnTheNextWrite) {
  TempDir dir;
  const std::string log = dir.File("d.log");
  RotatingFile file({log, 0, 0, false, /*recheck_seconds=*/0.0});
  ASSERT_TRUE(file.Write("gone"));
  ASSERT_EQ(unlink(log.c_str()), 0);
  ASSERT_TRUE(file.Write("back"));
  EXPECT_EQ(ReadFile(log), "back");
}

// Between checks the file is not stat'ed on every write; the deletion is seen at the next one.
TEST(RotatingFileTest, DeletedFileIsCreatedAgainAtTheNextCheck) {
  TempDir dir;
  const std::string log = dir.File("d.log");
  RotatingFile file({log, 0, 0, false, /*recheck_seconds=*/0.05});
  ASSERT_TRUE(file.Write("gone"));
  ASSERT_EQ(unlink(log.c_str()), 0);
  usleep(100 * 1000);
  ASSERT_TRUE(file.Write("back"));
  EXPECT_EQ(ReadFile(log), "back");
}

// The tracked size is re-read before a write that would reach maxbytes: a file truncated by
// someone else (logrotate's copytruncate) is not rotated early.
TEST(RotatingFileTest, ExternalTruncationIsSeenBeforeRotating) {
  TempDir dir;
  const std::string log = dir.File("t.log");
  RotatingFile file({log, 100, 2, false, /*recheck_seconds=*/3600.0});
  ASSERT_TRUE(file.Write(std::string(60, 'a')));
  ASSERT_EQ(truncate(log.c_str(), 0), 0);
  ASSERT_TRUE(file.Write(std::string(50, 'b')));
  EXPECT_EQ(ReadFile(log), std::string(50, 'b'));
  EXPECT_FALSE(Exists(log + ".1"));
}

// Appends by someone else are counted from the next check on.
TEST(RotatingFileTest, ForeignAppendsAreCountedAtTheNextCheck) {
  TempDir dir;
  const std::string log = dir.File("f.log");
  RotatingFile file({log, 100, 2, false, /*recheck_seconds=*/0.05});
  ASSERT_TRUE(file.Write(std::string(10, 'a')));
  RotatingFile other({log, 0, 0});
  ASSERT_TRUE(other.Write(std::string(85, 'o')));
  usleep(100 * 1000);
  ASSERT_TRUE(file.Write(std::string(10, 'b')));
  EXPECT_EQ(FileSize(log + ".1"), 100);
  EXPECT_EQ(ReadFile(log), std::string(5, 'b'));
}

TEST(RotatingFileTest, DirectoryRemovedThenRecreated) {
  TempDir dir;
  const std::string sub = dir.File("logs");
  ASSERT_EQ(mkdir(sub.c_str(), 0700), 0);
  const std::string log = sub + "/r.log";
  RotatingFile file({log, 100, 3, false, /*recheck_seconds=*/0.0});
  ASSERT_TRUE(file.Write("first"));
  std::filesystem::remove_all(sub);

  auto failed = file.Write("lost");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().error_number, ENOENT);
  EXPECT_EQ(failed.error().unwritten, 4u);
  EXPECT_EQ(failed.error().message, "open " + log + ": No such file or directory");
  EXPECT_FALSE(file.Write("lost again"));
  EXPECT_FALSE(file.Reopen());

  ASSERT_EQ(mkdir(sub.c_str(), 0700), 0);
  ASSERT_TRUE(file.Write("second"));
  EXPECT_EQ(ReadFile(log), "second");
}

TEST(RotatingFileTest, OpenReportsAMissingDirectory) {
  TempDir dir;
  RotatingFile file({dir.File("nope/x.log"), 10, 1});
  auto opened = file.Open();
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().error_number, ENOENT);
  EXPECT_FALSE(file.is_open());
}

TEST(RotatingFileTest, ClearRemovesTheFileButKeepsBackups) {
  TempDir dir;
  const std::string log = dir.File("c.log");
  RotatingFile file({log, 10, 2});
  ASSERT_TRUE(file.Write("0123456789abc"));
  ASSERT_TRUE(file.Clear());
  EXPECT_EQ(ReadFile(log), "");
  EXPECT_EQ(ReadFile(log + ".1"), "0123456789");
  ASSERT_TRUE(file.Write("z"));
  EXPECT_EQ(ReadFile(log), "z");
}

TEST(RotatingFileTest, PipeTargetIsWrittenWithoutSeekingOrRotating) {
  const std::vector<int> fds = MakePipe(/*nonblocking_read=*/true);
  RotatingFile file({"/proc/self/fd/" + std::to_string(fds[1]), 10, 2});
  const std::string data = Pattern(30);
  ASSERT_TRUE(file.Write(data));
  EXPECT_FALSE(file.rotates());
  EXPECT_EQ(ReadAvailable(fds[0]), data);
  ASSERT_TRUE(file.Reopen());
  ASSERT_TRUE(file.Write("again"));
  EXPECT_EQ(ReadAvailable(fds[0]), "again");
  close(fds[0]);
  close(fds[1]);
}

TEST(RotatingFileTest, DevNullIsNeverRotated) {
  RotatingFile file({"/dev/null", 10, 2});
  ASSERT_TRUE(file.Write(Pattern(100)));
  ASSERT_TRUE(file.Write(Pattern(100)));
  EXPECT_FALSE(file.rotates());
  EXPECT_FALSE(Exists("/dev/null.1"));
}

// /dev/stdout duplicates fd 1, which also works when fd 1 is a socket (opening
// /proc/self/fd/1 would fail with ENXIO), e.g. under systemd's journal.
TEST(RotatingFileTest, DevStdoutWorksWhenStdoutIsASocket) {
  int pair[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
  const int saved = dup(1);
  ASSERT_GE(saved, 0);
  ASSERT_EQ(dup2(pair[1], 1), 1);
  RotatingFile file({"/dev/stdout", 5, 1});
  auto opened = file.Open();
  dup2(saved, 1);
  close(saved);
  ASSERT_TRUE(opened) << opened.error().message;
  ASSERT_TRUE(file.Write("more than five bytes"));
  EXPECT_FALSE(file.rotates());
  fcntl(pair[0], F_SETFL, O_NONBLOCK);
  EXPECT_EQ(ReadAvailable(pair[0]), "more than five bytes");
  close(pair[0]);
  close(pair[1]);
}

// `svcd -n > out.txt` with logfile=/dev/stdout: a regular file behind a name that must never
// be renamed.
TEST(RotatingFileTest, DevStdoutRedirectedToAFileIsNeverRotated) {
  TempDir dir;
  const std::string out = dir.File("out.txt");
  const int target = open(out.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  ASSERT_GE(target, 0);
  const int saved = dup(1);
  ASSERT_EQ(dup2(target, 1), 1);
  RotatingFile file({"/dev/stdout", 5, 1});
  auto opened = file.Open();
  dup2(saved, 1);
  close(saved);
  close(target);
  ASSERT_TRUE(opened);
  ASSERT_TRUE(file.Write("0123456789"));
  EXPECT_FALSE(file.rotates());
  EXPECT_EQ(ReadFile(out), "0123456789");
  EXPECT_FALSE(Exists("/dev/stdout.1"));
}

TEST(RotatingFileTest, FifoWithoutReaderFailsInsteadOfBlocking) {
  TempDir dir;
  const std::string fifo = dir.File("fifo");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  RotatingFile file({fifo, 10, 1});
  auto opened = file.Open();
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().error_number, ENXIO);
}

TEST(RotatingFileTest, MovedFromObjectIsClosedAndHarmless) {
  TempDir dir;
  RotatingFile a({dir.File("mv.log"), 100, 1});
  ASSERT_TRUE(a.Write("x"));
  RotatingFile b(std::move(a));
  ASSERT_TRUE(b.Write("y"));
  EXPECT_EQ(ReadFile(dir.File("mv.log")), "xy");
}

}  // namespace
}  // namespace svc::runtime::io
