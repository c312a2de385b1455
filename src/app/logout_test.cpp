#include "app/logout.hpp"

#include <gtest/gtest.h>

#include "app/fake_ports_test_support.hpp"
#include "app/refresh_session.hpp"

namespace chat {
namespace {

using fakes::FakeApp;

class LogoutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    alice = app.addUser("alice");
    auto opened = openSession(app.context, alice, "family-1");
    ASSERT_TRUE(opened.ok());
    token = opened->refresh_token;
  }
  Status logout(const std::string& refresh_token) { return use_case.handle({refresh_token}); }
  bool refreshes(const std::string& refresh_token) {
    return RefreshSession(app.context).handle({refresh_token}).ok();
  }

  FakeApp app;
  Logout use_case{app.context};
  Principal alice;
  std::string token;
};

TEST_F(LogoutTest, RevokesTheFamily) {
  EXPECT_TRUE(logout(token).ok());
  EXPECT_EQ(app.refreshTokens().revokedFamilies(), std::vector<std::string>{"family-1"});
  EXPECT_TRUE(app.refreshTokens().find("d:" + token)->revoked);
  EXPECT_FALSE(refreshes(token));
}

TEST_F(LogoutTest, EndsTheSessionOfItsAccessTokens) {
  auto other = openSession(app.context, alice, "family-2");
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(logout(token).ok());
  EXPECT_EQ(app.session_revocations.ended(),
            std::vector<std::string>{sessionIdOf(app.context, "family-1")});
}

TEST_F(LogoutTest, WithAnUnknownTokenEndsNoSession) {
  EXPECT_TRUE(logout("token-never-issued").ok());
  EXPECT_TRUE(app.session_revocations.ended().empty());
}

TEST_F(LogoutTest, RevokesEveryTokenOfTheFamilyButNoOther) {
  auto other = openSession(app.context, alice, "family-2");
  ASSERT_TRUE(other.ok());
  auto refreshed = RefreshSession(app.context).handle({token});
  ASSERT_TRUE(refreshed.ok());

  EXPECT_TRUE(logout(refreshed->refresh_token).ok());
  EXPECT_FALSE(refreshes(refreshed->refresh_token));
  EXPECT_TRUE(refreshes(other->refresh_token));
}

TEST_F(LogoutTest, WithAnAlreadyUsedTokenStillRevokesTheFamily) {
  auto refreshed = RefreshSession(app.context).handle({token});
  ASSERT_TRUE(refreshed.ok());
  EXPECT_TRUE(logout(token).ok());
  EXPECT_FALSE(refreshes(refreshed->refresh_token));
}

TEST_F(LogoutTest, WithAnExpiredTokenStillSucceeds) {
  app.clock.advance(app.context.refresh_token_lifetime + std::chrono::seconds(1));
  EXPECT_TRUE(logout(token).ok());
}

TEST_F(LogoutTest, UnknownTokenIsNotAnError) {
  EXPECT_TRUE(logout("token-never-issued").ok());
  EXPECT_TRUE(app.refreshTokens().revokedFamilies().empty());
  EXPECT_TRUE(refreshes(token));
}

TEST_F(LogoutTest, LoggingOutTwiceIsNotAnError) {
  EXPECT_TRUE(logout(token).ok());
  EXPECT_TRUE(logout(token).ok());
}

TEST_F(LogoutTest, EmptyOrOverlongTokenIsInvalid) {
  for (const std::string& bad : {std::string(), std::string(257, 't')}) {
    auto status = logout(bad);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().kind, ErrorKind::kInvalid);
    EXPECT_EQ(status.error().message, "refreshToken is required");
  }
  EXPECT_EQ(app.refreshTokens().consumeCalls(), 0);
  EXPECT_TRUE(logout(std::string(256, 't')).ok());  // unknown, but of an allowed length
}

TEST_F(LogoutTest, StorageFailurePassesThrough) {
  app.refreshTokens().failure = Error::unavailable("database is down");
  auto status = logout(token);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::kUnavailable);
}

// A refresh in flight (between consume() and store()) when the user logs out: the token it
// then stores is born revoked, so the session does not outlive the logout.
TEST_F(LogoutTest, ARefreshInFlightDoesNotOutliveTheLogout) {
  app.refreshTokens().before_store = [&] { EXPECT_TRUE(logout(token).ok()); };
  auto refreshed = RefreshSession(app.context).handle({token});
  ASSERT_TRUE(refreshed.ok());
  EXPECT_FALSE(refreshes(refreshed->refresh_token));
}

}  // namespace
}  // namespace chat
