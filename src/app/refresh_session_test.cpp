#include "app/refresh_session.hpp"

#include <gtest/gtest.h>

#include "app/fake_ports_test_support.hpp"

namespace chat {
namespace {

using fakes::FakeApp;

class RefreshSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    alice = app.addUser("alice");
    auto opened = openSession(app.context, alice, "family-1");
    ASSERT_TRUE(opened.ok());
    first = opened->refresh_token;
  }
  Result<Session> refresh(const std::string& token) { return use_case.handle({token}); }
  static void expectInvalidRefresh(const Result<Session>& result) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::kUnauthorized);
    EXPECT_EQ(result.error().message, "Invalid refresh token");
  }

  FakeApp app;
  RefreshSession use_case{app.context};
  Principal alice;
  std::string first;
};

TEST_F(RefreshSessionTest, ValidTokenGivesANewSessionOfTheSameFamily) {
  app.clock.advance(std::chrono::hours(1));
  auto session = refresh(first);
  ASSERT_TRUE(session.ok());
  EXPECT_NE(session->refresh_token, first);

  auto principal = app.access_tokens.verify(session->access_token.token);
  ASSERT_TRUE(principal.ok());
  EXPECT_EQ(principal->user_id, alice.user_id);
  EXPECT_EQ(principal->user_name, "alice");

  auto stored = app.refreshTokens().find("d:" + session->refresh_token);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->record.family, "family-1");
  EXPECT_EQ(stored->record.user_id, alice.user_id);
  EXPECT_EQ(stored->record.expires_at, app.clock.now() + app.context.refresh_token_lifetime);
  EXPECT_FALSE(stored->used);

  auto old = app.refreshTokens().find("d:" + first);
  ASSERT_TRUE(old.has_value());
  EXPECT_TRUE(old->used);
  EXPECT_TRUE(app.refreshTokens().revokedFamilies().empty());
}

TEST_F(RefreshSessionTest, TheNewTokenWorksInTurn) {
  auto second = refresh(first);
  ASSERT_TRUE(second.ok());
  auto third = refresh(second->refresh_token);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(app.refreshTokens().find("d:" + third->refresh_token)->record.family, "family-1");
}

TEST_F(RefreshSessionTest, ReusedTokenRevokesTheWholeFamily) {
  auto second = refresh(first);
  ASSERT_TRUE(second.ok());

  expectInvalidRefresh(refresh(first));  // someone else has it
  EXPECT_EQ(app.refreshTokens().revokedFamilies(), std::vector<std::string>{"family-1"});
  // The newest token of the family is now worthless too.
  expectInvalidRefresh(refresh(second->refresh_token));
}

TEST_F(RefreshSessionTest, ReusedTokenEndsTheSessionsAccessTokens) {
  ASSERT_TRUE(refresh(first).ok());
  EXPECT_TRUE(app.session_revocations.ended().empty());
  expectInvalidRefresh(refresh(first));
  EXPECT_EQ(app.session_revocations.ended(),
            std::vector<std::string>{sessionIdOf(app.context, "family-1")});
}

TEST_F(RefreshSessionTest, TheNewAccessTokenIsOfTheSameSession) {
  auto session = refresh(first);
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(app.access_tokens.verify(session->access_token.token)->session_id,
            sessionIdOf(app.context, "family-1"));
}

TEST_F(RefreshSessionTest, ReuseLeavesOtherFamiliesAlone) {
  auto other = openSession(app.context, alice, "family-2");
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(refresh(first).ok());
  expectInvalidRefresh(refresh(first));
  EXPECT_TRUE(refresh(other->refresh_token).ok());
}

TEST_F(RefreshSessionTest, ExpiredTokenIsRefused) {
  app.clock.advance(app.context.refresh_token_lifetime);  // expires_at <= now
  expectInvalidRefresh(refresh(first));
  EXPECT_TRUE(app.refreshTokens().revokedFamilies().empty());
}

TEST_F(RefreshSessionTest, TokenIsValidUntilJustBeforeItsExpiry) {
  app.clock.advance(app.context.refresh_token_lifetime - std::chrono::milliseconds(1));
  EXPECT_TRUE(refresh(first).ok());
}

TEST_F(RefreshSessionTest, UnknownTokenIsRefused) {
  expectInvalidRefresh(refresh("token-999"));
  expectInvalidRefresh(refresh("d:" + first));  // the digest is not the token
}

TEST_F(RefreshSessionTest, RevokedTokenIsRefused) {
  ASSERT_TRUE(app.refreshTokens().revokeFamily("family-1").ok());
  expectInvalidRefresh(refresh(first));
}

TEST_F(RefreshSessionTest, EmptyOrOverlongTokenIsRefusedWithoutALookup) {
  expectInvalidRefresh(refresh(""));
  expectInvalidRefresh(refresh(std::string(257, 't')));
  EXPECT_EQ(app.refreshTokens().consumeCalls(), 0);
}

TEST_F(RefreshSessionTest, DeletedUserIsRefused) {
  app.users().remove(alice.user_id);
  expectInvalidRefresh(refresh(first));
}

// A lock revokes the account's tokens; a token that escaped that (stored by a refresh
// racing the lock) is still refused.
TEST_F(RefreshSessionTest, LockedUserIsRefused) {
  ASSERT_TRUE(app.users().setLocked(alice.user_id, true).value());
  expectInvalidRefresh(refresh(first));
}

TEST_F(RefreshSessionTest, StorageFailurePassesThrough) {
  app.refreshTokens().failure = Error::unavailable("database is down");
  auto result = refresh(first);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::kUnavailable);
}

// A thief replays the old token while the owner's refresh of it is between consume() and
// store(): the family is revoked, so the owner's new token is born revoked too.
TEST_F(RefreshSessionTest, ReuseDuringARefreshRevokesTheTokenBeingIssued) {
  app.refreshTokens().before_store = [&] { expectInvalidRefresh(refresh(first)); };
  auto owner = refresh(first);
  ASSERT_TRUE(owner.ok());
  EXPECT_EQ(app.refreshTokens().revokedFamilies(), std::vector<std::string>{"family-1"});
  expectInvalidRefresh(refresh(owner->refresh_token));
}

}  // namespace
}  // namespace chat
