#include "runtime/rpc/auth.h"

#include <gtest/gtest.h>

#include "runtime/rpc/sha1.h"

namespace svc::runtime::rpc {
namespace {

const std::optional<Credentials> kPlain = Credentials{"user", "123"};
// {SHA} of "thepassword", as supervisord's docs show.
const std::optional<Credentials> kSha =
    Credentials{"chris", "{SHA}82ab876d1387bfafe46cc1c8a2ef074eae50cb1d"};

TEST(Sha1, KnownDigests) {
  EXPECT_EQ(Sha1Hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(Sha1Hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(Sha1Hex("thepassword"), "82ab876d1387bfafe46cc1c8a2ef074eae50cb1d");
}

TEST(Auth, NoCredentialsAllowsEverything) {
  EXPECT_EQ(CheckAuthorization(std::nullopt, std::nullopt), AuthResult::kAllowed);
}

TEST(Auth, MissingHeaderIsUnauthorized) {
  EXPECT_EQ(CheckAuthorization(kPlain, std::nullopt), AuthResult::kUnauthorized);
}

TEST(Auth, PlainPassword) {
  EXPECT_EQ(CheckAuthorization(kPlain, "Basic dXNlcjoxMjM="), AuthResult::kAllowed);  // user:123
  EXPECT_EQ(CheckAuthorization(kPlain, "basic dXNlcjoxMjM="), AuthResult::kAllowed);
  EXPECT_EQ(CheckAuthorization(kPlain, "Basic dXNlcjoxMjQ="), AuthResult::kUnauthorized);
}

TEST(Auth, ShaPassword) {
  // chris:thepassword
  EXPECT_EQ(CheckAuthorization(kSha, "Basic Y2hyaXM6dGhlcGFzc3dvcmQ="), AuthResult::kAllowed);
  // chris:{SHA}82ab…: the stored hash itself is not a password
  EXPECT_EQ(CheckAuthorization(
                kSha, "Basic Y2hyaXM6e1NIQX04MmFiODc2ZDEzODdiZmFmZTQ2Y2MxYzhhMmVmMDc0ZWFlNTBjYjFk"),
            AuthResult::kUnauthorized);
}

TEST(Auth, OtherSchemeIsUnauthorized) {
  EXPECT_EQ(CheckAuthorization(kPlain, "Digest dXNlcjoxMjM="), AuthResult::kUnauthorized);
  EXPECT_EQ(CheckAuthorization(kPlain, "Basic"), AuthResult::kUnauthorized);
}

TEST(Auth, UndecodableBase64IsBadRequest) {
  EXPECT_EQ(CheckAuthorization(kPlain, "Basic !!!"), AuthResult::kBadRequest);
}

TEST(Auth, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
}

}  // namespace
}  // namespace svc::runtime::rpc
