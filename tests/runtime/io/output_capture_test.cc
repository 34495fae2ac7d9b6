// OutputCapture: every byte a child writes reaches its log, strip_ansi applies, syslog gets
// whole lines, and a failing log drops (and reports) output instead of buffering it.
#include "runtime/io/output_capture.h"

#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "runtime/io/loop.h"
#include "tests/runtime/io/io_test_util.h"

namespace svc::runtime::io {
namespace {

using testing::FileSize;
using testing::MakePipe;
using testing::Pattern;
using testing::ReadFile;
using testing::ReadRotated;
using testing::TempDir;

// Writes `data` to `fd` in uneven pieces from another thread, then closes it.
std::thread Writer(int fd, std::string data) {
  return std::thread([fd, data = std::move(data)] {
    std::size_t at = 0;
    std::size_t piece = 1;
    while (at < data.size()) {
      const std::size_t n = std::min(piece, data.size() - at);
      const ssize_t written = write(fd, data.data() + at, n);
      if (written > 0) at += static_cast<std::size_t>(written);
      piece = piece * 7 % 100003 + 1;
    }
    close(fd);
  });
}

// Runs the loop until the capture sees EOF.
void CaptureUntilEof(OutputCapture& capture) {
  Loop loop;
  capture.Attach(loop, [&loop] { loop.Break(); });
  loop.Run();
}

TEST(OutputCaptureTest, TenMegabytesThroughAPipeLoseNothing) {
  TempDir dir;
  const std::string log = dir.File("big-stdout.log");
  constexpr int64_t kMax = 1024 * 1024;
  RotatingFile sink({log, kMax, 20});
  const std::vector<int> fds = MakePipe(/*nonblocking_read=*/true);
  const std::string data = Pattern(10 * 1024 * 1024, 7);
  OutputCapture capture(fds[0], &sink, {.name = "big", .channel = "stdout"});
  std::thread writer = Writer(fds[1], data);
  CaptureUntilEof(capture);
  writer.join();
  EXPECT_EQ(capture.bytes_read(), data.size());
  EXPECT_EQ(capture.bytes_dropped(), 0u);
  EXPECT_EQ(capture.fd(), -1);
  for (int i = 1; i <= 10; ++i) EXPECT_EQ(FileSize(log + "." + std::to_string(i)), kMax);
  EXPECT_TRUE(ReadRotated(log, 20) == data);
}

TEST(OutputCaptureTest, DrainStopsAfterTheChunkBudget) {
  const std::vector<int> fds = MakePipe(/*nonblocking_read=*/true);
  const std::string data = Pattern(10000);
  ASSERT_EQ(write(fds[1], data.data(), data.size()), static_cast<ssize_t>(data.size()));
  std::string seen;
  OutputCapture capture(
      fds[0], nullptr,
      {.name = "p", .channel = "stdout", .chunk_size = 1000, .max_chunks_per_wakeup = 4});
  capture.set_chunk_hook([&seen](std::string_view chunk) { seen.append(chunk); });
  EXPECT_EQ(capture.Drain(), DrainResult::kMore);
  EXPECT_EQ(seen.size(), 4000u);
  EXPECT_EQ(capture.Drain(), DrainResult::kMore);
  EXPECT_EQ(capture.Drain(), DrainResult::kWouldBlock);
  EXPECT_EQ(seen, data);
  close(fds[1]);
  EXPECT_EQ(capture.Drain(), DrainResult::kEof);
}

TEST(OutputCaptureTest, NoneLogStillFeedsTheChunkHook) {
  const std::vector<int> fds = MakePipe(/*nonblocking_read=*/true);
  std::string seen;
  int chunks = 0;
  OutputCapture capture(fds[0], nullptr, {.name = "quiet", .channel = "stderr"});
  capture.set_chunk_hook([&](std::string_view chunk) {
    seen.append(chunk);
    ++chunks;
  });
  ASSERT_EQ(write(fds[1], "abc", 3), 3);
  EXPECT_EQ(capture.Drain(), DrainResult::kWouldBlock);
  ASSERT_EQ(write(fds[1], "def", 3), 3);
  close(fds[1]);
  EXPECT_EQ(capture.Drain(), DrainResult::kWouldBlock);  // a short read: EOF is for next time
  EXPECT_EQ(capture.Drain(), DrainResult::kEof);
  EXPECT_EQ(seen, "abcdef");
  EXPECT_EQ(chunks, 2);
}

TEST(OutputCaptureTest, StripsAnsiEvenWhenASequenceSpansTwoReads) {
  TempDir dir;
  const std::string log = dir.File("color.log");
  RotatingFile sink({log, 0, 0});
  const std::vector<int> fds = MakePipe(/*nonblocking_read=*/true);
  OutputCapture capture(fds[0], &sink, {.name = "c", .channel = "stdout", .strip_ansi = true});
  std::string hooked;
  capture.set_chunk_hook([&hooked](std::string_view chunk) { hooked.append(chunk); });
  ASSERT_EQ(write(fds[1], "\x1b[1;3", 5), 5);
  EXPECT_EQ(capture.Drain(), DrainResult::kWouldBlock);
  const std::string rest = "1mred\x1b[0m plain\x1b";
  ASSERT_EQ(write(fds[1], rest.data(), rest.size()), static_cast<ssize_t>(rest.size()));
  EXPECT_EQ(capture.Drain(), DrainResult::kWouldBlock);
  close(fds[1]);
  EXPECT_EQ(capture.Drain(), DrainResult::kEof);  // the trailing lone ESC is kept
  EXPECT_EQ(ReadFile(log), "red plain\x1b");
  EXPECT_EQ(hooked, "red plain\x1b");
}

TEST(OutputCaptureTest, SyslogGetsWholeLinesPrefixedWithTheName) {
  std::vector<std::pair<int, std::string>> sent;
  const std::vector<int> fds = MakePipe(/*nonblocking_read=*/true);
  CaptureOptions options{.name = "web", .channel = "stdout", .to_syslog = true};
  options.syslog = [&sent](int priority, std::string_view line) {
    sent.emplace_back(priority, std::string(line));
  };
  OutputCapture capture(fds[0], nullptr, std::move(options));
  ASSERT_EQ(write(fds[1], "hello\nwor", 9), 9);
  EXPECT_EQ(capture.Drain(), DrainResult::kWouldBlock);
  ASSERT_EQ(write(fds[1], "ld\n\nlast", 8), 8);
  close(fds[1]);
  EXPECT_EQ(capture.Drain(), DrainResult::kWouldBlock);
  EXPECT_EQ(capture.Drain(), DrainResult::kEof);
  const std::vector<std::pair<int, std::string>> expected = {
      {LOG_INFO, "web hello"}, {LOG_INFO, "web world"}, {LOG_INFO, "web "}, {LOG_INFO, "web last"}};
  EXPECT_EQ(sent, expected);
}

TEST(OutputCaptureTest, OverlongSyslogLinesAreCutNotBuffered) {
  std::vector<std::string> sent;
  const std::vector<int> fds = MakePipe(/*nonblocking_read=*/true);
  CaptureOptions options{.name = "n", .channel = "stdout", .to_syslog = true};
  options.syslog = [&sent](int, std::string_view line) { sent.emplace_back(line); };
  OutputCapture capture(fds[0], nullptr, std::move(options));
  const std::string line(OutputCapture::kMaxSyslogLine * 2 + 10, 'x');
  ASSERT_EQ(write(fds[1], line.data(), line.size()), static_cast<ssize_t>(line.size()));
  EXPECT_EQ(capture.Drain(), DrainResult::kWouldBlock);
  EXPECT_EQ(sent.size(), 2u);
  EXPECT_LE(capture.held_bytes(), OutputCapture::kMaxSyslogLine);
  close(fds[1]);
  EXPECT_EQ(capture.Drain(), DrainResult::kEof);
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[2], "n " + std::string(10, 'x'));
}

TEST(OutputCaptureTest, FailingLogDropsAndCountsInsteadOfBuffering) {
  TempDir dir;
  const std::string sub = dir.File("gone");
  RotatingFile sink({sub + "/app.log", 1024 * 1024, 2});
  const std::vector<int> fds = MakePipe(/*nonblocking_read=*/true);
  OutputCapture capture(fds[0], &sink, {.name = "app", .channel = "stdout"});
  std::vector<std::pair<LogLevel, std::string>> notices;
  capture.set_notice([&notices](LogLevel level, std::string_view message) {
    notices.emplace_back(level, std::string(message));
  });
  const std::string data = Pattern(10 * 1024 * 1024, 3);
  std::thread writer = Writer(fds[1], data);
  CaptureUntilEof(capture);  // the writer never blocks for good: everything is read
  writer.join();
  EXPECT_EQ(capture.held_bytes(), 0u);  // nothing was kept back for a later retry
  EXPECT_EQ(capture.bytes_read(), data.size());
  EXPECT_EQ(capture.bytes_dropped(), data.size());
  ASSERT_EQ(notices.size(), 1u);  // one report for the whole streak
  EXPECT_EQ(notices[0].first, LogLevel::kError);
  EXPECT_EQ(notices[0].second,
            "cannot write stdout log of 'app': open " + sub +
                "/app.log: No such file or directory; dropping output until it can be written");
}

TEST(OutputCaptureTest, ReportsRecoveryWithTheDroppedCount) {
  TempDir dir;
  const std::string sub = dir.File("later");
  RotatingFile sink({sub + "/app.log", 0, 0});
  const std::vector<int> fds = MakePipe(/*nonblocking_read=*/true);
  OutputCapture capture(fds[0], &sink, {.name = "app", .channel = "stderr"});
  std::vector<std::pair<LogLevel, std::string>> notices;
  capture.set_notice([&notices](LogLevel level, std::string_view message) {
    notices.emplace_back(level, std::string(message));
  });
  ASSERT_EQ(write(fds[1], "12345", 5), 5);
  EXPECT_EQ(capture.Drain(), DrainResult::kWouldBlock);
  ASSERT_EQ(mkdir(sub.c_str(), 0700), 0);
  ASSERT_EQ(write(fds[1], "kept", 4), 4);
  EXPECT_EQ(capture.Drain(), DrainResult::kWouldBlock);
  EXPECT_EQ(ReadFile(sub + "/app.log"), "kept");
  ASSERT_EQ(notices.size(), 2u);
  EXPECT_EQ(notices[1].first, LogLevel::kWarn);
  EXPECT_EQ(notices[1].second,
            "stderr log of 'app' is writable again; 5 bytes of output were dropped");
  close(fds[1]);
}

TEST(OutputCaptureTest, EofCallbackMayDestroyTheCapture) {
  const std::vector<int> fds = MakePipe(/*nonblocking_read=*/true);
  auto capture = std::make_unique<OutputCapture>(fds[0], nullptr,
                                                 CaptureOptions{.name = "x", .channel = "stdout"});
  Loop loop;
  bool ended = false;
  capture->Attach(loop, [&] {
    capture.reset();
    ended = true;
  });
  ASSERT_EQ(write(fds[1], "bye", 3), 3);
  close(fds[1]);
  loop.Run();  // returns once nothing is watched
  EXPECT_TRUE(ended);
  EXPECT_EQ(capture, nullptr);
}

// The daemon's form: one set of hooks for all captures; on_eof gets the capture, whose slot
// is still its original fd after it closed.
TEST(OutputCaptureTest, SharedHooksReportEofWithTheSlot) {
  const std::vector<int> fds = MakePipe(/*nonblocking_read=*/true);
  auto capture = std::make_unique<OutputCapture>(fds[0], nullptr,
                                                 CaptureOptions{.name = "x", .channel = "stdout"});
  Loop loop;
  int ended_slot = -1;
  auto hooks = std::make_shared<const CaptureHooks>(CaptureHooks{{}, [&](OutputCapture& ended) {
                                                                   EXPECT_EQ(ended.fd(), -1);
                                                                   ended_slot = ended.slot();
                                                                   capture.reset();
                                                                 }});
  capture->Attach(loop, hooks);
  close(fds[1]);
  loop.Run();
  EXPECT_EQ(ended_slot, fds[0]);
  EXPECT_EQ(capture, nullptr);
}

// Many short lines written back to back: coalescing makes each read take many of them, and
// nothing is lost or reordered.
TEST(OutputCaptureTest, ChattyPipeIsReadInFewWakeUps) {
  TempDir dir;
  const std::string log = dir.File("chatty.log");
  RotatingFile sink({log, 0, 0});
  const std::vector<int> fds = MakePipe(/*nonblocking_read=*/true);
  OutputCapture capture(fds[0], &sink, {.name = "chatty", .channel = "stdout"});
  int reads = 0;
  capture.set_chunk_hook([&reads](std::string_view) { ++reads; });
  constexpr int kLines = 20000;
  std::string want;
  for (int i = 0; i < kLines; ++i) want += "line " + std::to_string(1000000 + i) + "\n";
  std::thread writer([fd = fds[1], &want] {
    for (std::size_t at = 0; at < want.size(); at += 13) {
      if (write(fd, want.data() + at, 13) != 13) break;
    }
    close(fd);
  });
  CaptureUntilEof(capture);
  writer.join();
  EXPECT_EQ(ReadFile(log), want);
  EXPECT_LT(reads, kLines / 20) << "reads did not coalesce";
}

// Two quick small reads pause the watcher; once the stream stops, the capture goes back to
// watching with no timer armed, so an idle capture costs no wake-ups.
TEST(OutputCaptureTest, PauseEndsWhenTheStreamStops) {
  const std::vector<int> fds = MakePipe(/*nonblocking_read=*/true);
  OutputCapture capture(fds[0], nullptr,
                        {.name = "p", .channel = "stdout", .coalesce_seconds = 0.2});
  std::string seen;
  capture.set_chunk_hook([&seen](std::string_view chunk) { seen.append(chunk); });
  Loop loop;
  capture.Attach(loop, [] {});
  ASSERT_EQ(write(fds[1], "a", 1), 1);
  loop.RunOnce();
  EXPECT_FALSE(capture.paused());
  ASSERT_EQ(write(fds[1], "b", 1), 1);
  loop.RunOnce();
  EXPECT_TRUE(capture.paused());
  ASSERT_EQ(write(fds[1], "c", 1), 1);
  // The pause timer reads "c" and pauses again; the next period brings nothing, so the
  // capture watches again. (An iteration may also end on the stopped watcher's fd, which
  // libev removes lazily.)
  for (int i = 0; i < 10 && capture.paused(); ++i) loop.RunOnce();
  EXPECT_EQ(seen, "abc");
  EXPECT_FALSE(capture.paused());
  close(fds[1]);
}

// What a paused capture holds is logged by DrainPaused, which the loop runs before it reports
// a child's exit: the child's last output comes before its "exited" line.
TEST(OutputCaptureTest, DrainPausedLogsWhatWaits) {
  const std::vector<int> fds = MakePipe(/*nonblocking_read=*/true);
  OutputCapture capture(fds[0], nullptr,
                        {.name = "p", .channel = "stdout", .coalesce_seconds = 30});
  std::string seen;
  capture.set_chunk_hook([&seen](std::string_view chunk) { seen.append(chunk); });
  Loop loop;
  bool ended = false;
  capture.Attach(loop, [&ended] { ended = true; });
  ASSERT_EQ(write(fds[1], "1", 1), 1);
  loop.RunOnce();
  ASSERT_EQ(write(fds[1], "2", 1), 1);
  loop.RunOnce();
  ASSERT_TRUE(capture.paused());
  ASSERT_EQ(write(fds[1], "last words", 10), 10);
  close(fds[1]);
  OutputCapture::DrainPaused();
  EXPECT_EQ(seen, "12last words");
  EXPECT_FALSE(capture.paused());
  loop.RunOnce();  // watching again: the EOF comes next
  EXPECT_TRUE(ended);
}

// A writer fast enough to fill the pipe is never held back by the pause timer.
TEST(OutputCaptureTest, FullPipeIsReadWithoutWaiting) {
  const std::vector<int> fds = MakePipe(/*nonblocking_read=*/true);
  OutputCapture capture(fds[0], nullptr,
                        {.name = "p", .channel = "stdout", .coalesce_seconds = 30});
  std::size_t seen = 0;
  capture.set_chunk_hook([&seen](std::string_view chunk) { seen += chunk.size(); });
  Loop loop;
  capture.Attach(loop, [] {});
  ASSERT_EQ(write(fds[1], "1", 1), 1);
  loop.RunOnce();
  ASSERT_EQ(write(fds[1], "2", 1), 1);
  loop.RunOnce();
  ASSERT_TRUE(capture.paused());
  OutputCapture::DrainPaused();  // as if the timer fired: little came, so watching again
  ASSERT_FALSE(capture.paused());
  const std::string block(60000, 'x');
  ASSERT_EQ(write(fds[1], block.data(), block.size()), static_cast<ssize_t>(block.size()));
  loop.RunOnce();  // one big read: no pause, however soon after the last
  EXPECT_EQ(seen, 2 + block.size());
  EXPECT_FALSE(capture.paused());
  close(fds[1]);
}

}  // namespace
}  // namespace svc::runtime::io
