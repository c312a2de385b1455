#include "app/register_user.hpp"

#include <gtest/gtest.h>

#include "app/fake_ports_test_support.hpp"

namespace chat {
namespace {

using fakes::FakeApp;
using fakes::repeat;
using fakes::ScriptedSharedLimits;

constexpr RateLimiter::Options kGenerous{.burst = 1000, .per_minute = 1000};

class RegisterUserTest : public ::testing::Test {
 protected:
  RegisterUser::Command valid() const {
    return {"Alice", "Liddell", "alice@example.com", "alice", "correct horse", "192.0.2.1"};
  }
  Result<UserId> run(const RegisterUser::Command& command) { return use_case.handle(command); }
  void expectRejected(const RegisterUser::Command& command, ErrorKind kind,
                      const std::string& message) {
    auto result = run(command);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, kind);
    EXPECT_EQ(result.error().message, message);
    EXPECT_EQ(app.users().size(), 0u);
    EXPECT_EQ(app.passwords.hash_calls, 0);
  }

  FakeApp app;
  RegisterUser use_case{app.context, kGenerous};
};

TEST_F(RegisterUserTest, StoresTheAccountWithTheHashedPassword) {
  auto id = run(valid());
  ASSERT_TRUE(id.ok());
  auto user = app.users().get(*id);
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->user_name, "alice");
  EXPECT_EQ(user->first_name, "Alice");
  EXPECT_EQ(user->last_name, "Liddell");
  EXPECT_EQ(user->email, "alice@example.com");
  EXPECT_EQ(user->password_hash, "hash:correct horse");
  EXPECT_NE(user->password_hash, "correct horse");
  EXPECT_EQ(app.passwords.hash_calls, 1);
  ASSERT_EQ(app.users().added().size(), 1u);
  EXPECT_EQ(app.users().added()[0].created, app.clock.now());
}

TEST_F(RegisterUserTest, ReturnsTheIdsTheStorageAssigns) {
  auto first = run(valid());
  auto command = valid();
  command.user_name = "bob";
  auto second = run(command);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_NE(*first, *second);
  EXPECT_EQ(app.users().get(*second)->user_name, "bob");
}

TEST_F(RegisterUserTest, UserNameLengthIsThreeToSixtyFour) {
  auto command = valid();
  command.user_name = "ab";
  expectRejected(command, ErrorKind::kInvalid, "userName must be 3 to 64 characters");
  command.user_name = std::string(65, 'a');
  expectRejected(command, ErrorKind::kInvalid, "userName must be 3 to 64 characters");
  command.user_name = "";
  expectRejected(command, ErrorKind::kInvalid, "userName must be 3 to 64 characters");

  command.user_name = "abc";
  EXPECT_TRUE(run(command).ok());
  command.user_name = std::string(64, 'z');
  EXPECT_TRUE(run(command).ok());
}

TEST_F(RegisterUserTest, UserNameAllowsOnlyLettersDigitsAndSomeSigns) {
  auto command = valid();
  for (const char* bad : {"al ice", "al/ice", "al!ice", "al\xC3\xA9ice", "al\tice", "al:ice"}) {
    SCOPED_TRACE(bad);
    command.user_name = bad;
    expectRejected(command, ErrorKind::kInvalid,
                   "userName may contain only letters, digits and - . _ @ +");
  }
  command.user_name = "A-z.0_9@x+y";
  EXPECT_TRUE(run(command).ok());
}

TEST_F(RegisterUserTest, PasswordIsEightToOneHundredTwentyEightCharacters) {
  auto command = valid();
  command.password = "1234567";
  expectRejected(command, ErrorKind::kInvalid, "password must be at least 8 characters");
  command.password = "";
  expectRejected(command, ErrorKind::kInvalid, "password must be at least 8 characters");
  command.password = std::string(129, 'p');
  expectRejected(command, ErrorKind::kInvalid, "password must be at most 128 characters");

  command.password = "12345678";
  EXPECT_TRUE(run(command).ok());
  command.user_name = "alice2";
  command.password = std::string(128, 'p');
  EXPECT_TRUE(run(command).ok());
}

TEST_F(RegisterUserTest, PasswordLengthCountsCharactersNotBytes) {
  auto command = valid();
  command.password = repeat("\xC3\xA9", 7);  // 14 bytes, 7 characters
  expectRejected(command, ErrorKind::kInvalid, "password must be at least 8 characters");
  command.password = repeat("\xC3\xA9", 128);  // 256 bytes, 128 characters
  EXPECT_TRUE(run(command).ok());
}

TEST_F(RegisterUserTest, PasswordMustBeValidUtf8) {
  auto command = valid();
  command.password = "abcdefgh\xFF";
  expectRejected(command, ErrorKind::kInvalid, "password must be valid UTF-8");
}

TEST_F(RegisterUserTest, ProfileFieldsAreAtMostOneHundredCharacters) {
  auto command = valid();
  command.first_name = std::string(101, 'f');
  expectRejected(command, ErrorKind::kInvalid, "firstName must be at most 100 characters");
  command = valid();
  command.last_name = std::string(101, 'l');
  expectRejected(command, ErrorKind::kInvalid, "lastName must be at most 100 characters");

  command = valid();
  command.first_name = repeat("\xC3\xA9", 100);     // 200 bytes
  command.last_name = repeat("\xE6\x97\xA5", 100);  // 300 bytes
  EXPECT_TRUE(run(command).ok());
}

TEST_F(RegisterUserTest, ProfileFieldsMustBeValidUtf8) {
  auto command = valid();
  command.first_name = "Al\xC3";
  expectRejected(command, ErrorKind::kInvalid, "firstName must be valid UTF-8");
  command = valid();
  command.last_name = "\xED\xA0\x80";  // a surrogate
  expectRejected(command, ErrorKind::kInvalid, "lastName must be valid UTF-8");
}

TEST_F(RegisterUserTest, EmailIsAtMost254Characters) {
  auto command = valid();
  command.email = std::string(243, 'e') + "@example.com";  // 255
  expectRejected(command, ErrorKind::kInvalid, "email must be at most 254 characters");
  command.email = std::string(242, 'e') + "@example.com";  // 254
  EXPECT_TRUE(run(command).ok());
}

TEST_F(RegisterUserTest, LimitsComeFromTheContext) {
  app.context.limits.min_password_length = 12;
  app.context.limits.max_profile_field_length = 5;
  auto command = valid();
  command.password = "elevenchars";
  expectRejected(command, ErrorKind::kInvalid, "password must be at least 12 characters");
  command = valid();
  command.password = "twelve chars";
  command.first_name = "Alices";
  expectRejected(command, ErrorKind::kInvalid, "firstName must be at most 5 characters");
}

TEST_F(RegisterUserTest, DuplicateUserNameIsAConflictWhateverItsCase) {
  ASSERT_TRUE(run(valid()).ok());
  auto command = valid();
  auto same = run(command);
  ASSERT_FALSE(same.ok());
  EXPECT_EQ(same.error().kind, ErrorKind::kConflict);
  command.user_name = "ALICE";
  auto other_case = run(command);
  ASSERT_FALSE(other_case.ok());
  EXPECT_EQ(other_case.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(app.users().size(), 1u);
}

TEST_F(RegisterUserTest, HasherFailurePassesThroughAndStoresNothing) {
  app.passwords.failure = Error::internal("out of memory");
  auto result = run(valid());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::kInternal);
  EXPECT_EQ(app.users().size(), 0u);
}

TEST_F(RegisterUserTest, StorageFailurePassesThrough) {
  app.users().failure = Error::unavailable("database is down");
  auto result = run(valid());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(result.error().message, "database is down");
}

TEST_F(RegisterUserTest, OneAddressMayRegisterOnlySoFast) {
  RegisterUser limited(app.context, {.burst = 2, .per_minute = 1});
  for (const char* name : {"alice", "bob"}) {
    auto command = valid();
    command.user_name = name;
    command.client_address = "192.0.2.1";
    EXPECT_TRUE(limited.handle(command).ok()) << name;
  }
  auto third = valid();
  third.user_name = "carol";
  third.client_address = "192.0.2.1";
  const int hashed = app.passwords.hash_calls;
  auto refused = limited.handle(third);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kRateLimited);
  EXPECT_GT(refused.error().retry_after_seconds, 0);
  EXPECT_EQ(app.passwords.hash_calls, hashed);  // refused before the costly part
  third.client_address = "198.51.100.7";        // another address has its own count
  EXPECT_TRUE(limited.handle(third).ok());
  app.clock.advance(std::chrono::minutes(1));
  third.user_name = "dave";
  third.client_address = "192.0.2.1";
  EXPECT_TRUE(limited.handle(third).ok());
}

TEST_F(RegisterUserTest, InvalidRequestsDoNotSpendTheAddressesAllowance) {
  RegisterUser limited(app.context, {.burst = 1, .per_minute = 1});
  auto bad = valid();
  bad.password = "short";
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limited.handle(bad).ok());
  EXPECT_TRUE(limited.handle(valid()).ok());
}

TEST_F(RegisterUserTest, SharedLimitCountsTheAddressAcrossTheCluster) {
  ScriptedSharedLimits shared;
  app.context.shared_rate_limits = &shared;
  RegisterUser limited(app.context, {.burst = 3, .per_minute = 1});
  auto command = valid();
  command.client_address = "192.0.2.1";
  EXPECT_TRUE(limited.handle(command).ok());
  EXPECT_EQ(shared.keys, std::vector<std::string>{"register:address:192.0.2.1"});
  EXPECT_EQ(shared.bursts, std::vector<double>{3});
  shared.answer = 9;
  command.user_name = "bob";
  auto refused = limited.handle(command);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().retry_after_seconds, 9);
}

}  // namespace
}  // namespace chat
