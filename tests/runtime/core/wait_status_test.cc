// decode_wait_status: exit texts of "exited:" and "stopped:" log lines.
#include "runtime/core/wait_status.h"

#include <gtest/gtest.h>

#include "tests/runtime/core/core_harness.h"

namespace svc::runtime::core {
namespace {

using testing::Exited;
using testing::Killed;

TEST(DecodeWaitStatus, NormalExit) {
  const WaitStatus status = DecodeWaitStatus(Exited(3));
  EXPECT_EQ(status.exitstatus, 3);
  EXPECT_EQ(status.text, "exit status 3");
}

TEST(DecodeWaitStatus, KilledBySignalIsMinusOne) {
  const WaitStatus status = DecodeWaitStatus(Killed(15));
  EXPECT_EQ(status.exitstatus, -1);
  EXPECT_EQ(status.text, "terminated by SIGTERM");
}

TEST(DecodeWaitStatus, CoreDump) {
  EXPECT_EQ(DecodeWaitStatus(Killed(11, true)).text, "terminated by SIGSEGV (core dumped)");
}

TEST(DecodeWaitStatus, UnknownCause) {
  const WaitStatus status = DecodeWaitStatus(0x137f);
  EXPECT_EQ(status.exitstatus, -1);
  EXPECT_EQ(status.text, "unknown termination cause 0x137f");
}

}  // namespace
}  // namespace svc::runtime::core
