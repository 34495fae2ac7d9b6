#include "runtime/rpc/faults.h"

#include <gtest/gtest.h>

namespace svc::runtime::rpc {
namespace {

TEST(Faults, BareName) {
  Fault f = MakeFault(FaultCode::kUnknownMethod);
  EXPECT_EQ(static_cast<int>(f.code), 1);
  EXPECT_EQ(f.text, "UNKNOWN_METHOD");
}

TEST(Faults, NameWithExtra) {
  EXPECT_EQ(MakeFault(FaultCode::kBadName, "grp:nosuch").text, "BAD_NAME: grp:nosuch");
  EXPECT_EQ(MakeFault(FaultCode::kNoFile, "can't find command '/x'").text,
            "NO_FILE: can't find command '/x'");
}

TEST(Faults, CodesMatchSupervisor) {
  EXPECT_EQ(static_cast<int>(FaultCode::kShutdownState), 6);
  EXPECT_EQ(static_cast<int>(FaultCode::kSuccess), 80);
  EXPECT_EQ(static_cast<int>(FaultCode::kCantReread), 92);
  EXPECT_EQ(FaultName(static_cast<FaultCode>(12345)), "UNKNOWN");
}

}  // namespace
}  // namespace svc::runtime::rpc
