// User lookup as drop_privileges does it, and the errno names supervisord prints.
#include "runtime/os/users.h"

#include <cerrno>

#include <gtest/gtest.h>

#include "runtime/os/errno_names.h"

namespace svc::runtime::os {
namespace {

TEST(ResolveUser, ByNameAndByUid) {
  auto by_name = ResolveUser("root");
  ASSERT_TRUE(by_name) << by_name.error();
  EXPECT_EQ(by_name->uid, 0u);
  EXPECT_EQ(by_name->gid, 0u);
  EXPECT_EQ(by_name->home, "/root");
  ASSERT_FALSE(by_name->groups.empty());
  EXPECT_EQ(by_name->groups.front(), by_name->gid);
  auto by_uid = ResolveUser("0");
  ASSERT_TRUE(by_uid);
  EXPECT_EQ(by_uid->name, "root");
}

TEST(ResolveUser, PrimaryGroupComesFirst) {
  auto nobody = ResolveUser("nobody");
  ASSERT_TRUE(nobody);
  ASSERT_FALSE(nobody->groups.empty());
  EXPECT_EQ(nobody->groups.front(), nobody->gid);
}

TEST(ResolveUser, UnknownTextsAreDropPrivileges) {
  EXPECT_EQ(ResolveUser("svc-nobody-here").error(), "Can't find username 'svc-nobody-here'");
  EXPECT_EQ(ResolveUser("it's").error(), "Can't find username \"it's\"");
  EXPECT_EQ(ResolveUser("4242424").error(), "Can't find uid 4242424");
}

TEST(PlanPrivilegeDrop, FollowsDropPrivileges) {
  UserInfo target;
  target.uid = 1000;
  EXPECT_EQ(PlanPrivilegeDrop(target, 1000), PrivilegeDrop::kNone);
  EXPECT_EQ(PlanPrivilegeDrop(target, 1001), PrivilegeDrop::kNotRoot);
  EXPECT_EQ(PlanPrivilegeDrop(target, 0), PrivilegeDrop::kSwitch);
}

TEST(ErrnoName, SpelledAsPythonsErrorcode) {
  EXPECT_STREQ(ErrnoName(ENOENT), "ENOENT");
  EXPECT_STREQ(ErrnoName(EACCES), "EACCES");
  EXPECT_STREQ(ErrnoName(EAGAIN), "EAGAIN");
  EXPECT_STREQ(ErrnoName(EDEADLK), "EDEADLOCK");
  EXPECT_STREQ(ErrnoName(EOPNOTSUPP), "ENOTSUP");
  EXPECT_EQ(ErrnoName(41), nullptr);
  EXPECT_EQ(ErrnoText(41), "41");
  EXPECT_EQ(ErrnoText(-3), "-3");
}

}  // namespace
}  // namespace svc::runtime::os
