// MainLog: supervisord's line format and levels, filtering, stdout echo, rotation, syslog
// with real priorities (quirk 44 fixed) and survival of an unwritable log file.
#include "runtime/io/main_log.h"

#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "tests/runtime/io/io_test_util.h"

namespace svc::runtime::io {
namespace {

using testing::Exists;
using testing::FileSize;
using testing::MakePipe;
using testing::ReadAvailable;
using testing::ReadFile;
using testing::TempDir;

constexpr double kNoon = 1714564800.0;  // 2024-05-01 12:00:00 UTC

class MainLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tz = std::getenv("TZ");
    if (tz != nullptr) saved_tz_ = tz;
    had_tz_ = tz != nullptr;
    setenv("TZ", "UTC", 1);
    tzset();
  }
  void TearDown() override {
    if (had_tz_) {
      setenv("TZ", saved_tz_.c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }

  MainLogOptions FileOptions(const std::string& path) {
    MainLogOptions options;
    options.logfile = path;
    options.clock = [this] { return now_; };
    options.error_fd = -1;
    return options;
  }

  double now_ = kNoon;
  TempDir dir_;

 private:
  std::string saved_tz_;
  bool had_tz_ = false;
};

TEST_F(MainLogTest, FormatsLikeSupervisord) {
  EXPECT_EQ(FormatLogLine(kNoon + 0.1234, LogLevel::kInfo, "spawned: 'a' with pid 7"),
            "2024-05-01 12:00:00,123 INFO spawned: 'a' with pid 7\n");
}

TEST_F(MainLogTest, TruncatesMilliseconds) {
  EXPECT_EQ(FormatLogLine(kNoon + 0.9999, LogLevel::kWarn, "x"),
            "2024-05-01 12:00:00,999 WARN x\n");
  EXPECT_EQ(FormatLogLine(kNoon, LogLevel::kWarn, "x"), "2024-05-01 12:00:00,000 WARN x\n");
}

TEST_F(MainLogTest, LevelTagsAndNames) {
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"critical", "CRIT"}, {"error", "ERRO"}, {"warn", "WARN"},   {"info", "INFO"},
      {"debug", "DEBG"},    {"trace", "TRAC"}, {"blather", "BLAT"}};
  for (const auto& [name, tag] : rows) {
    const auto level = ParseLogLevel(name);
    ASSERT_TRUE(level.has_value()) << name;
    EXPECT_EQ(LevelTag(*level), tag);
  }
  EXPECT_FALSE(ParseLogLevel("warning").has_value());  // supervisord rejects it too
  EXPECT_EQ(static_cast<int>(*ParseLogLevel("blather")), 3);
}

TEST_F(MainLogTest, WritesOnlyMessagesAtOrAboveTheLevel) {
  const std::string path = dir_.File("supervisord.log");
  MainLogOptions options = FileOptions(path);
  options.level = LogLevel::kWarn;
  MainLog log(std::move(options));
  log.Log(LogLevel::kInfo, "dropped");
  log.Log(LogLevel::kWarn, "kept warn");
  log.Log(LogLevel::kCritical, "kept crit");
  log.Log(LogLevel::kDebug, "dropped too");
  EXPECT_EQ(ReadFile(path),
            "2024-05-01 12:00:00,000 WARN kept warn\n"
            "2024-05-01 12:00:00,000 CRIT kept crit\n");
  EXPECT_FALSE(log.Enabled(LogLevel::kInfo));
  EXPECT_TRUE(log.Enabled(LogLevel::kError));
}

TEST_F(MainLogTest, BlatherLevelWritesEverything) {
  const std::string path = dir_.File("all.log");
  MainLogOptions options = FileOptions(path);
  options.level = LogLevel::kBlather;
  MainLog log(std::move(options));
  log.LogAt(kNoon + 1.5, LogLevel::kBlather, "b");
  log.LogAt(kNoon + 2.25, LogLevel::kTrace, "t");
  EXPECT_EQ(ReadFile(path),
            "2024-05-01 12:00:01,500 BLAT b\n"
            "2024-05-01 12:00:02,250 TRAC t\n");
}

TEST_F(MainLogTest, MultiLineMessagesAreWrittenAsIs) {
  const std::string path = dir_.File("ml.log");
  MainLogOptions options = FileOptions(path);
  options.level = LogLevel::kDebug;
  MainLog log(std::move(options));
  log.Log(LogLevel::kDebug, "'cat' stdout output:\nline 1\nline 2");
  EXPECT_EQ(ReadFile(path), "2024-05-01 12:00:00,000 DEBG 'cat' stdout output:\nline 1\nline 2\n");
}

TEST_F(MainLogTest, EchoesToStdoutWhenNodaemon) {
  const std::string path = dir_.File("echo.log");
  const std::vector<int> fds = MakePipe(/*nonblocking_read=*/true);
  MainLogOptions options = FileOptions(path);
  options.echo_to_stdout = true;
  options.stdout_fd = fds[1];
  MainLog log(std::move(options));
  log.Log(LogLevel::kInfo, "supervisord started with pid 42");
  const std::string line = "2024-05-01 12:00:00,000 INFO supervisord started with pid 42\n";
  EXPECT_EQ(ReadFile(path), line);
  EXPECT_EQ(ReadAvailable(fds[0]), line);
  close(fds[0]);
  close(fds[1]);
}

TEST_F(MainLogTest, RotatesWithoutExceedingMaxbytes) {
  const std::string path = dir_.File("rot.log");
  MainLogOptions options = FileOptions(path);
  options.maxbytes = 100;
  options.backups = 2;
  MainLog log(std::move(options));
  for (int i = 0; i < 20; ++i) log.Log(LogLevel::kInfo, "message number " + std::to_string(i));
  // The main log rolls over before a line that does not fit, so every file holds whole lines.
  for (const std::string& file : {path, path + ".1", path + ".2"}) {
    EXPECT_LE(FileSize(file), 100) << file;
    std::string text = ReadFile(file);
    ASSERT_FALSE(text.empty()) << file;
    EXPECT_EQ(text.back(), '\n') << file;
    EXPECT_EQ(text.rfind("2024", 0), 0u) << file;
  }
  EXPECT_FALSE(Exists(path + ".3"));
}

TEST_F(MainLogTest, SyslogUsesRealPrioritiesAndNoPrefix) {
  std::vector<std::pair<int, std::string>> sent;
  MainLogOptions options;
  options.logfile = "syslog";
  options.error_fd = -1;
  options.syslog = [&sent](int priority, std::string_view line) {
    sent.emplace_back(priority, std::string(line));
  };
  MainLog log(std::move(options));
  log.Log(LogLevel::kError, "first\nsecond\n");
  log.Log(LogLevel::kCritical, "crit");
  log.Log(LogLevel::kWarn, "warn");
  log.Log(LogLevel::kInfo, "info");
  log.Log(LogLevel::kDebug, "below the level");
  const std::vector<std::pair<int, std::string>> expected = {{LOG_ERR, "first"},
                                                             {LOG_ERR, "second"},
                                                             {LOG_CRIT, "crit"},
                                                             {LOG_WARNING, "warn"},
                                                             {LOG_INFO, "info"}};
  EXPECT_EQ(sent, expected);
  EXPECT_TRUE(log.to_syslog());
  EXPECT_FALSE(Exists("syslog"));
}

TEST_F(MainLogTest, SurvivesAVanishedDirectoryAndReportsTheLoss) {
  const std::string sub = dir_.File("logs");
  ASSERT_EQ(mkdir(sub.c_str(), 0700), 0);
  const std::string path = sub + "/supervisord.log";
  const std::vector<int> err = MakePipe(/*nonblocking_read=*/true);
  MainLogOptions options = FileOptions(path);
  options.error_fd = err[1];
  options.recheck_seconds = 0;  // notice the removal at the next line
  MainLog log(std::move(options));
  ASSERT_TRUE(log.Open());
  log.Log(LogLevel::kInfo, "before");
  std::filesystem::remove_all(sub);
  log.Log(LogLevel::kInfo, "lost 1");
  log.Log(LogLevel::kInfo, "lost 2");
  EXPECT_EQ(log.lost_lines(), 2u);
  ASSERT_TRUE(log.last_error().has_value());
  // Reported once, not once per line.
  EXPECT_EQ(ReadAvailable(err[0]),
            "svcd: main log: open " + path + ": No such file or directory\n");

  ASSERT_EQ(mkdir(sub.c_str(), 0700), 0);
  log.Log(LogLevel::kInfo, "after");
  const std::string error = "open " + path + ": No such file or directory";
  EXPECT_EQ(ReadFile(path),
            "2024-05-01 12:00:00,000 WARN main log could not be written, 2 message(s) lost: " +
                error + "\n2024-05-01 12:00:00,000 INFO after\n");
  EXPECT_FALSE(log.last_error().has_value());
  close(err[0]);
  close(err[1]);
}

TEST_F(MainLogTest, ReopenStartsANewFileAfterLogrotateMovedIt) {
  const std::string path = dir_.File("re.log");
  MainLog log(FileOptions(path));
  log.Log(LogLevel::kInfo, "old");
  ASSERT_EQ(rename(path.c_str(), (path + ".old").c_str()), 0);
  ASSERT_TRUE(log.Reopen());
  log.Log(LogLevel::kInfo, "new");
  EXPECT_EQ(ReadFile(path + ".old"), "2024-05-01 12:00:00,000 INFO old\n");
  EXPECT_EQ(ReadFile(path), "2024-05-01 12:00:00,000 INFO new\n");
}

TEST_F(MainLogTest, ClearEmptiesTheFile) {
  const std::string path = dir_.File("clear.log");
  MainLog log(FileOptions(path));
  log.Log(LogLevel::kInfo, "x");
  ASSERT_TRUE(log.Clear());
  EXPECT_EQ(ReadFile(path), "");
}

}  // namespace
}  // namespace svc::runtime::io
