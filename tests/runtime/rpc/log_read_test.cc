#include "runtime/rpc/log_read.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

namespace svc::runtime::rpc {
namespace {

TEST(ReadWindow, Rules) {
  EXPECT_EQ(ReadWindow(75, 0, 0)->length, -1);
  EXPECT_EQ(ReadWindow(75, 10, 5)->pos, 10);
  EXPECT_EQ(ReadWindow(75, 10, 5)->length, 5);
  EXPECT_EQ(ReadWindow(75, 10, -1).error(), FaultCode::kBadArguments);
  EXPECT_EQ(ReadWindow(75, -10, 0)->pos, 65);
  EXPECT_EQ(ReadWindow(75, -100, 0)->pos, 0);
  EXPECT_EQ(ReadWindow(75, -10, 5).error(), FaultCode::kBadArguments);
}

// The 75-byte examples of reference §3.6, checked against 4.2.5's tailFile.
TEST(TailWindow, SupervisorExamples) {
  auto t = TailWindowFor(75, 0, 20);
  EXPECT_EQ(t.window.pos, 55);
  EXPECT_EQ(t.window.length, 20);
  EXPECT_TRUE(t.overflow);
  t = TailWindowFor(75, 70, 20);
  EXPECT_EQ(t.window.pos, 55);
  EXPECT_FALSE(t.overflow);
  t = TailWindowFor(75, 75, 20);
  EXPECT_EQ(t.window.length, 0);
  EXPECT_FALSE(t.overflow);
  t = TailWindowFor(75, 0, 100);
  EXPECT_EQ(t.window.pos, 0);
  EXPECT_EQ(t.window.length, 100);  // the read stops at EOF: the whole file
  EXPECT_FALSE(t.overflow);
  t = TailWindowFor(75, 10, 0);
  EXPECT_EQ(t.window.length, 0);
  EXPECT_TRUE(t.overflow);
}

class LogFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/svc_log_read_XXXXXX";
    int fd = mkstemp(tmpl);
    ASSERT_GE(fd, 0);
    close(fd);
    path_ = tmpl;
    std::ofstream(path_) << "0123456789";
  }
  void TearDown() override { std::remove(path_.c_str()); }
  std::string path_;
};

TEST_F(LogFileTest, ReadsRanges) {
  EXPECT_EQ(*ReadLogFile(path_, 0, 0), "0123456789");
  EXPECT_EQ(*ReadLogFile(path_, 3, 4), "3456");
  EXPECT_EQ(*ReadLogFile(path_, -3, 0), "789");
  EXPECT_EQ(*ReadLogFile(path_, 50, 0), "");
  EXPECT_EQ(ReadLogFile(path_ + ".missing", 0, 0).error(), FaultCode::kFailed);
}

TEST_F(LogFileTest, Tails) {
  TailResult t = TailLogFile(path_, 0, 4);
  EXPECT_EQ(t.data, "6789");
  EXPECT_EQ(t.offset, 10);
  EXPECT_TRUE(t.overflow);
  t = TailLogFile(path_ + ".missing", 7, 4);
  EXPECT_EQ(t.data, "");
  EXPECT_EQ(t.offset, 7);
}

}  // namespace
}  // namespace svc::runtime::rpc
