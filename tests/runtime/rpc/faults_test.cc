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

TEST(Faults, RereadErrorWordsTheFirstErrorAs425Does) {
  EXPECT_EQ(RereadError("/d/sv.conf:3:9: warning: 'x' does not exist [command-not-found]\n"
                        " 3 | command=x\n"
                        "/d/sv.conf:7:13: error: invalid 'autorestart' in [program:broken]: "
                        "invalid 'autorestart' value 'maybe' [bad-autorestart]\n"
                        " 7 | autorestart=maybe\n"
                        "/d/sv.conf:9:1: error: second [other]\n"),
            "invalid 'autorestart' value 'maybe' in section 'program:broken' (file: '/d/sv.conf')");
  EXPECT_EQ(RereadError("/d/sv.conf:1:1: error: no sections [no-section]\n"), "no sections");
  EXPECT_EQ(RereadError("could not read /d/sv.conf\n"), "could not read /d/sv.conf");
}

}  // namespace
}  // namespace svc::runtime::rpc
