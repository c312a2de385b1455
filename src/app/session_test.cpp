#include "app/session.hpp"

#include <gtest/gtest.h>

#include "app/fake_ports_test_support.hpp"

namespace chat {
namespace {

using fakes::FakeApp;

TEST(OpenSession, IssuesAnAccessTokenForThePrincipal) {
  FakeApp app;
  const Principal bob = app.addUser("bob");
  auto session = openSession(app.context, bob, "family-x");
  ASSERT_TRUE(session.ok());
  auto principal = app.access_tokens.verify(session->access_token.token);
  ASSERT_TRUE(principal.ok());
  EXPECT_EQ(principal->user_id, bob.user_id);
  EXPECT_EQ(principal->user_name, "bob");
  EXPECT_EQ(session->access_token.expires_in_seconds, fakes::FakeAccessTokens::kLifetimeSeconds);
}

TEST(OpenSession, StoresTheRefreshTokensDigestInTheFamily) {
  FakeApp app;
  app.context.refresh_token_lifetime = std::chrono::seconds(90);
  const Principal bob = app.addUser("bob");
  auto session = openSession(app.context, bob, "family-x");
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->refresh_token, "token-1");  // straight from Secrets::randomToken

  auto all = app.refreshTokens().all();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].record.digest, "d:token-1");
  EXPECT_EQ(all[0].record.family, "family-x");
  EXPECT_EQ(all[0].record.user_id, bob.user_id);
  EXPECT_EQ(all[0].record.expires_at, app.clock.now() + std::chrono::seconds(90));
}

TEST(OpenSession, EverySessionHasItsOwnTokens) {
  FakeApp app;
  const Principal bob = app.addUser("bob");
  auto one = openSession(app.context, bob, "f");
  auto two = openSession(app.context, bob, "f");
  ASSERT_TRUE(one.ok() && two.ok());
  EXPECT_NE(one->refresh_token, two->refresh_token);
  EXPECT_NE(one->access_token.token, two->access_token.token);
  EXPECT_EQ(app.refreshTokens().all().size(), 2u);
}

TEST(OpenSession, TheAccessTokenNamesItsSessionByADigestOfTheFamily) {
  FakeApp app;
  const Principal bob = app.addUser("bob");
  auto one = openSession(app.context, bob, "family-x");
  auto again = openSession(app.context, bob, "family-x");
  auto other = openSession(app.context, bob, "family-y");
  ASSERT_TRUE(one.ok() && again.ok() && other.ok());
  const auto sessionOf = [&](const Session& session) {
    return app.access_tokens.verify(session.access_token.token)->session_id;
  };
  EXPECT_EQ(sessionOf(*one), sessionIdOf(app.context, "family-x"));
  EXPECT_EQ(sessionOf(*again), sessionOf(*one));
  EXPECT_NE(sessionOf(*other), sessionOf(*one));
  // A digest (through the Secrets port), not the family: the family stays in storage.
  EXPECT_EQ(sessionOf(*one), "d:session:family-x");
}

TEST(EndSession, RevokesTheFamilyAndEndsTheSession) {
  FakeApp app;
  EXPECT_TRUE(endSession(app.context, "family-x").ok());
  EXPECT_EQ(app.refreshTokens().revokedFamilies(), std::vector<std::string>{"family-x"});
  EXPECT_EQ(app.session_revocations.ended(),
            std::vector<std::string>{sessionIdOf(app.context, "family-x")});
}

TEST(EndSession, EndsTheSessionEvenWhenStorageFails) {
  FakeApp app;
  app.refreshTokens().failure = Error::unavailable("database is down");
  auto status = endSession(app.context, "family-x");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(app.session_revocations.ended().size(), 1u);
}

TEST(OpenSession, StoreFailurePassesThrough) {
  FakeApp app;
  app.refreshTokens().store_failure = Error::unavailable("database is down");
  auto session = openSession(app.context, app.addUser("bob"), "f");
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(session.error().message, "database is down");
}

}  // namespace
}  // namespace chat
