// svcctl's command-line pieces: supervisor.datatypes.url as -s validates it.
#include "ctl/options.h"

#include <gtest/gtest.h>

namespace svc::ctl {
namespace {

TEST(IsUrl, SchemeWithNetlocOrPath) {
  EXPECT_TRUE(IsUrl("http://127.0.0.1:9001"));
  EXPECT_TRUE(IsUrl("unix:///tmp/sv.sock"));
  EXPECT_TRUE(IsUrl("localhost:9001"));  // scheme "localhost", path "9001", as urlparse says
}

TEST(IsUrl, RejectsWhatSupervisorctlRejects) {
  EXPECT_FALSE(IsUrl("foo"));
  EXPECT_FALSE(IsUrl("http://"));
  EXPECT_FALSE(IsUrl(":9001"));
  EXPECT_FALSE(IsUrl("1http://x"));
}

}  // namespace
}  // namespace svc::ctl
