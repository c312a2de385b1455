#include "app/login.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "app/fake_ports_test_support.hpp"

namespace chat {
namespace {

using fakes::FakeApp;
using fakes::ScriptedSharedLimits;
using std::chrono::seconds;

constexpr RateLimiter::Options kGenerous{.burst = 1000, .per_minute = 1000, .max_keys = 1000};

class LoginTest : public ::testing::Test {
 protected:
  void SetUp() override { alice = app.addUser("Alice", "correct horse"); }

  Login makeLogin(RateLimiter::Options per_name = kGenerous,
                  RateLimiter::Options per_address = kGenerous) {
    return Login(app.context, per_name, per_address);
  }
  static void expectInvalidLogin(const Result<Session>& result) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::kUnauthorized);
    EXPECT_EQ(result.error().message, "Invalid_Login");
  }
  static void expectRateLimited(const Result<Session>& result) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::kRateLimited);
    EXPECT_GT(result.error().retry_after_seconds, 0);
  }

  FakeApp app;
  Principal alice;
};

TEST_F(LoginTest, OpensASessionForTheRightPassword) {
  Login login = makeLogin();
  auto session = login.handle({"Alice", "correct horse", "10.0.0.1"});
  ASSERT_TRUE(session.ok());
  EXPECT_FALSE(session->access_token.token.empty());
  EXPECT_EQ(session->access_token.expires_in_seconds, fakes::FakeAccessTokens::kLifetimeSeconds);
  auto principal = app.access_tokens.verify(session->access_token.token);
  ASSERT_TRUE(principal.ok());
  EXPECT_EQ(principal->user_id, alice.user_id);
  EXPECT_EQ(principal->user_name, "Alice");
  EXPECT_FALSE(session->refresh_token.empty());
}

TEST_F(LoginTest, RefusesALockedAccountOnlyAfterTheRightPassword) {
  ASSERT_TRUE(app.users().setLocked(alice.user_id, true).value());
  Login login = makeLogin();
  expectInvalidLogin(login.handle({"Alice", "wrong password", "10.0.0.1"}));
  auto locked = login.handle({"Alice", "correct horse", "10.0.0.1"});
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(locked.error().message, "This account is locked");
  EXPECT_TRUE(app.refreshTokens().all().empty()) << "no session opened";
}

TEST_F(LoginTest, AnOldSchemeHashIsReplacedAtTheFirstLogin) {
  ASSERT_TRUE(app.users().setPasswordHash(alice.user_id, "old:imported pw").value());
  Login login = makeLogin();
  ASSERT_TRUE(login.handle({"Alice", "imported pw", "10.0.0.1"}).ok());
  EXPECT_EQ(app.users().findById(alice.user_id).value()->password_hash, "hash:imported pw");
  const int hashed = app.passwords.hash_calls;
  ASSERT_TRUE(login.handle({"Alice", "imported pw", "10.0.0.1"}).ok());
  EXPECT_EQ(app.passwords.hash_calls, hashed) << "a current hash is left as it is";
}

TEST_F(LoginTest, AWrongPasswordLeavesAnOldSchemeHashAlone) {
  ASSERT_TRUE(app.users().setPasswordHash(alice.user_id, "old:imported pw").value());
  Login login = makeLogin();
  expectInvalidLogin(login.handle({"Alice", "guess", "10.0.0.1"}));
  EXPECT_EQ(app.users().findById(alice.user_id).value()->password_hash, "old:imported pw");
}

TEST_F(LoginTest, StoresOnlyTheRefreshTokensDigestWithItsExpiry) {
  Login login = makeLogin();
  const Timestamp now = app.clock.now();
  auto session = login.handle({"Alice", "correct horse", "10.0.0.1"});
  ASSERT_TRUE(session.ok());

  auto all = app.refreshTokens().all();
  ASSERT_EQ(all.size(), 1u);
  const RefreshTokenRecord& record = all[0].record;
  EXPECT_EQ(record.digest, "d:" + session->refresh_token);
  EXPECT_NE(record.digest, session->refresh_token);
  EXPECT_FALSE(app.refreshTokens().find(session->refresh_token).has_value());
  EXPECT_EQ(record.user_id, alice.user_id);
  EXPECT_EQ(record.expires_at, now + app.context.refresh_token_lifetime);
  EXPECT_FALSE(record.family.empty());
  EXPECT_NE(record.family, session->refresh_token);
  EXPECT_FALSE(all[0].used);
  EXPECT_FALSE(all[0].revoked);
}

TEST_F(LoginTest, RefreshExpiryFollowsTheConfiguredLifetime) {
  app.context.refresh_token_lifetime = std::chrono::hours(1);
  app.clock.advance(std::chrono::milliseconds(1234));
  Login login = makeLogin();
  ASSERT_TRUE(login.handle({"Alice", "correct horse", "a"}).ok());
  EXPECT_EQ(app.refreshTokens().all().at(0).record.expires_at,
            app.clock.now() + std::chrono::hours(1));
}

TEST_F(LoginTest, EachLoginStartsItsOwnFamily) {
  Login login = makeLogin();
  auto first = login.handle({"Alice", "correct horse", "a"});
  auto second = login.handle({"Alice", "correct horse", "a"});
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_NE(first->refresh_token, second->refresh_token);
  auto one = app.refreshTokens().find("d:" + first->refresh_token);
  auto two = app.refreshTokens().find("d:" + second->refresh_token);
  ASSERT_TRUE(one && two);
  EXPECT_NE(one->record.family, two->record.family);
}

TEST_F(LoginTest, UserNameIsMatchedCaseInsensitively) {
  Login login = makeLogin();
  auto session = login.handle({"aLiCe", "correct horse", "a"});
  ASSERT_TRUE(session.ok());
  auto principal = app.access_tokens.verify(session->access_token.token);
  ASSERT_TRUE(principal.ok());
  EXPECT_EQ(principal->user_id, alice.user_id);
  EXPECT_EQ(principal->user_name, "Alice");  // the stored spelling
}

TEST_F(LoginTest, WrongPasswordIsInvalidLogin) {
  Login login = makeLogin();
  expectInvalidLogin(login.handle({"Alice", "wrong horse", "a"}));
  expectInvalidLogin(login.handle({"Alice", "Correct horse", "a"}));  // passwords are exact
  EXPECT_TRUE(app.refreshTokens().all().empty());
  EXPECT_EQ(app.access_tokens.issued(), 0);
}

TEST_F(LoginTest, UnknownUserIsInvalidLogin) {
  Login login = makeLogin();
  expectInvalidLogin(login.handle({"mallory", "correct horse", "a"}));
  EXPECT_TRUE(app.refreshTokens().all().empty());
}

// Refusing an unknown name must cost a password check too, or response times would tell
// which names exist.
TEST_F(LoginTest, UnknownUserCostsAPasswordCheckAsAWrongPasswordDoes) {
  Login login = makeLogin();
  expectInvalidLogin(login.handle({"mallory", "correct horse", "a"}));
  EXPECT_EQ(app.passwords.verify_calls, 1);
  expectInvalidLogin(login.handle({"Alice", "wrong horse", "a"}));
  EXPECT_EQ(app.passwords.verify_calls, 2);
}

TEST_F(LoginTest, EmptyFieldsAreInvalidLoginWithoutALookup) {
  Login login = makeLogin();
  expectInvalidLogin(login.handle({"", "correct horse", "a"}));
  expectInvalidLogin(login.handle({"Alice", "", "a"}));
  expectInvalidLogin(login.handle({"", "", ""}));
  EXPECT_EQ(app.passwords.verify_calls, 0);
}

TEST_F(LoginTest, OverlongPasswordIsInvalidLoginWithoutHashing) {
  Login login = makeLogin();
  expectInvalidLogin(login.handle({"Alice", std::string(4 * 128 + 1, 'p'), "a"}));
  EXPECT_EQ(app.passwords.verify_calls, 0);
}

TEST_F(LoginTest, StorageFailurePassesThrough) {
  Login login = makeLogin();
  app.users().failure = Error::unavailable("database is down");
  auto result = login.handle({"Alice", "correct horse", "a"});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::kUnavailable);
}

TEST_F(LoginTest, RateLimitsPerUserNameFromOneAddress) {
  Login login = makeLogin({.burst = 3, .per_minute = 6, .max_keys = 100});
  for (int i = 0; i < 3; ++i) expectInvalidLogin(login.handle({"Alice", "wrong", "guesser"}));
  // Even the right password from that address is refused now.
  auto limited = login.handle({"Alice", "correct horse", "guesser"});
  expectRateLimited(limited);
  EXPECT_EQ(limited.error().retry_after_seconds, 10);  // one attempt per 10 s
  EXPECT_EQ(limited.error().message, "Too many login attempts; try again later");
  // Another user name is not affected.
  app.addUser("bob", "bobs password");
  EXPECT_TRUE(login.handle({"bob", "bobs password", "guesser"}).ok());
}

TEST_F(LoginTest, GuessesFromManyAddressesCannotLockTheOwnerOut) {
  Login login = makeLogin({.burst = 3, .per_minute = 6, .max_keys = 100});
  for (int i = 0; i < 12; ++i) {
    auto guess = login.handle({"Alice", "wrong", "address-" + std::to_string(i)});
    ASSERT_FALSE(guess.ok());
    if (i >= 3) expectRateLimited(guess);  // over the name's limit: wrong passwords wait
  }
  auto owner = login.handle({"Alice", "correct horse", "owners-address"});
  EXPECT_TRUE(owner.ok()) << owner.error().message;
  // A wrong password from a fresh address is still slowed.
  expectRateLimited(login.handle({"Alice", "wrong", "fresh-address"}));
}

TEST_F(LoginTest, RateLimitPerUserNameIgnoresCase) {
  Login login = makeLogin({.burst = 2, .per_minute = 6, .max_keys = 100});
  expectInvalidLogin(login.handle({"alice", "wrong", "a"}));
  expectInvalidLogin(login.handle({"ALICE", "wrong", "a"}));
  expectRateLimited(login.handle({"Alice", "correct horse", "a"}));
  expectRateLimited(login.handle({"aLICE", "wrong", "b"}));
}

TEST_F(LoginTest, RateLimitsPerClientAddress) {
  Login login = makeLogin(kGenerous, {.burst = 2, .per_minute = 1, .max_keys = 100});
  expectInvalidLogin(login.handle({"user1", "wrong", "10.0.0.1"}));
  expectInvalidLogin(login.handle({"user2", "wrong", "10.0.0.1"}));
  auto limited = login.handle({"Alice", "correct horse", "10.0.0.1"});
  expectRateLimited(limited);
  EXPECT_EQ(limited.error().retry_after_seconds, 60);
  // Another address is not affected.
  EXPECT_TRUE(login.handle({"Alice", "correct horse", "10.0.0.2"}).ok());
}

TEST_F(LoginTest, RateLimitedAttemptsDoNotCheckThePassword) {
  Login login = makeLogin({.burst = 1, .per_minute = 1, .max_keys = 100});
  expectInvalidLogin(login.handle({"Alice", "wrong", "a"}));
  const int verified = app.passwords.verify_calls;
  expectRateLimited(login.handle({"Alice", "correct horse", "a"}));
  EXPECT_EQ(app.passwords.verify_calls, verified);
  EXPECT_TRUE(app.refreshTokens().all().empty());
}

TEST_F(LoginTest, LimitsRecoverAsTimePasses) {
  Login login = makeLogin({.burst = 2, .per_minute = 6, .max_keys = 100},
                          {.burst = 2, .per_minute = 6, .max_keys = 100});
  expectInvalidLogin(login.handle({"Alice", "wrong", "a"}));
  expectInvalidLogin(login.handle({"Alice", "wrong", "a"}));
  auto limited = login.handle({"Alice", "correct horse", "a"});
  expectRateLimited(limited);

  app.clock.advance(seconds(limited.error().retry_after_seconds) - seconds(1));
  expectRateLimited(login.handle({"Alice", "correct horse", "a"}));

  app.clock.advance(seconds(limited.error().retry_after_seconds));
  EXPECT_TRUE(login.handle({"Alice", "correct horse", "a"}).ok());

  app.clock.advance(std::chrono::minutes(10));  // buckets full again
  EXPECT_TRUE(login.handle({"Alice", "correct horse", "a"}).ok());
  EXPECT_TRUE(login.handle({"Alice", "correct horse", "a"}).ok());
}

TEST_F(LoginTest, SharedLimitsCountTheNameAndTheAddress) {
  ScriptedSharedLimits shared;
  app.context.shared_rate_limits = &shared;
  Login login = makeLogin({.burst = 7, .per_minute = 6, .max_keys = 100});
  EXPECT_TRUE(login.handle({"ALICE", "correct horse", "10.0.0.1"}).ok());
  EXPECT_EQ(shared.keys,
            (std::vector<std::string>{"login:address:10.0.0.1", "login:name-address:alice|10.0.0.1",
                                      "login:name:alice"}));
  EXPECT_EQ(shared.bursts, (std::vector<double>{kGenerous.burst, 7, 7}));
}

TEST_F(LoginTest, SharedLimitRefusesWhatThisNodeAloneWouldAllow) {
  ScriptedSharedLimits shared;
  shared.answer = 42;
  app.context.shared_rate_limits = &shared;
  Login login = makeLogin();
  const int verified = app.passwords.verify_calls;
  auto limited = login.handle({"Alice", "correct horse", "10.0.0.1"});
  expectRateLimited(limited);
  EXPECT_EQ(limited.error().retry_after_seconds, 42);
  EXPECT_EQ(app.passwords.verify_calls, verified);
}

TEST_F(LoginTest, OwnLimitHoldsWhileTheSharedOneIsUnreachable) {
  ScriptedSharedLimits shared;
  shared.answer = std::nullopt;
  app.context.shared_rate_limits = &shared;
  Login login = makeLogin({.burst = 1, .per_minute = 1, .max_keys = 100});
  expectInvalidLogin(login.handle({"Alice", "wrong", "a"}));
  expectRateLimited(login.handle({"Alice", "correct horse", "a"}));
  expectRateLimited(login.handle({"Alice", "wrong", "b"}));
}
}  // namespace
}  // namespace chat
