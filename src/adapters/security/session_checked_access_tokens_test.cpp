#include "adapters/security/session_checked_access_tokens.hpp"

#include <gtest/gtest.h>

#include "adapters/security/jwt_access_tokens.hpp"

namespace chat {
namespace {

class TestClock : public Clock {
 public:
  Timestamp now() override { return Timestamp(std::chrono::milliseconds(1'700'000'000'000)); }
};

class SessionCheckedAccessTokensTest : public ::testing::Test {
 protected:
  TestClock clock;
  std::unique_ptr<JwtAccessTokens> jwt =
      std::move(JwtAccessTokens::create({.key = std::string(32, 'k')}, clock)).value();
  RevokedSessions revoked{clock, {}};
  SessionCheckedAccessTokens tokens{*jwt, revoked};
};

TEST_F(SessionCheckedAccessTokensTest, RefusesATokenOfAnEndedSessionOnly) {
  const std::string mine = tokens.issue({42, "alice", "session-1"}).token;
  const std::string other = tokens.issue({42, "alice", "session-2"}).token;
  ASSERT_TRUE(tokens.verify(mine).ok());

  revoked.add("session-1");
  auto refused = tokens.verify(mine);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kUnauthorized);
  EXPECT_EQ(refused.error().message, "The session has ended");
  auto kept = tokens.verify(other);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->session_id, "session-2");
}

TEST_F(SessionCheckedAccessTokensTest, ATokenWithoutSessionIsCheckedAsBefore) {
  revoked.add("session-1");
  EXPECT_TRUE(tokens.verify(tokens.issue({42, "alice"}).token).ok());
}

TEST_F(SessionCheckedAccessTokensTest, TheInnerRefusalComesFirst) {
  revoked.add("session-1");
  auto refused = tokens.verify("not.a.token");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message, "The token is malformed");
}

}  // namespace
}  // namespace chat
