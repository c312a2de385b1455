#include "app/administer_users.hpp"

#include <gtest/gtest.h>

#include "app/fake_ports_test_support.hpp"

namespace chat {
namespace {

using fakes::FakeApp;

class AdministerUsersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    alice = app.addUser("Alice", "old password");
    ASSERT_TRUE(
        app.refreshTokens()
            .store({"a-digest", "a-family", alice.user_id, app.clock.now() + std::chrono::hours(1)})
            .ok());
  }
  static void expectError(const Status& status, ErrorKind kind, const std::string& message) {
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().kind, kind);
    EXPECT_EQ(status.error().message, message);
  }
  bool sessionRevoked() { return app.refreshTokens().find("a-digest")->revoked; }

  FakeApp app;
  AdministerUsers users{app.context};
  Principal alice;
};

TEST_F(AdministerUsersTest, CreatesAnAccountAsARegistrationWould) {
  auto id = users.create({"Bob", "Builder", "bob@example.com", "bob", "long enough", ""});
  ASSERT_TRUE(id.ok()) << id.error().message;
  EXPECT_EQ(app.users().get(*id)->password_hash, "hash:long enough");
  auto short_password = users.create({"C", "D", "c@example.com", "carol", "short", ""});
  expectError(short_password.ok() ? Status{} : Status{short_password.error()}, ErrorKind::kInvalid,
              "password must be at least 8 characters");
  auto taken = users.create({"A", "B", "a@example.com", "ALICE", "long enough", ""});
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().kind, ErrorKind::kConflict);
}

TEST_F(AdministerUsersTest, ResetPasswordHashesTheNewOneAndEndsTheSessions) {
  ASSERT_TRUE(users.resetPassword("alice", "new password").ok());
  EXPECT_EQ(app.users().get(alice.user_id)->password_hash, "hash:new password");
  EXPECT_TRUE(sessionRevoked());
  expectError(users.resetPassword("alice", "short"), ErrorKind::kInvalid,
              "password must be at least 8 characters");
  EXPECT_EQ(app.users().get(alice.user_id)->password_hash, "hash:new password");
}

TEST_F(AdministerUsersTest, LockEndsTheSessionsAndUnlockLiftsIt) {
  ASSERT_TRUE(users.lock("Alice").ok());
  EXPECT_TRUE(app.users().get(alice.user_id)->locked);
  EXPECT_TRUE(sessionRevoked());
  ASSERT_TRUE(users.unlock("ALICE").ok());
  EXPECT_FALSE(app.users().get(alice.user_id)->locked);
}

TEST_F(AdministerUsersTest, EraseLeavesATombstoneThatCanNotBeNamed) {
  ASSERT_TRUE(users.erase("alice").ok());
  EXPECT_EQ(app.users().get(alice.user_id)->user_name, erasedUserName(alice.user_id));
  expectError(users.lock(erasedUserName(alice.user_id)), ErrorKind::kNotFound,
              "No user named " + erasedUserName(alice.user_id));
}

TEST_F(AdministerUsersTest, UnknownNamesAreNotFoundAndChangeNothing) {
  for (const Status& status : {users.resetPassword("nobody", "long enough"), users.lock("nobody"),
                               users.unlock("nobody"), users.erase("nobody")}) {
    expectError(status, ErrorKind::kNotFound, "No user named nobody");
  }
  EXPECT_FALSE(sessionRevoked());
  EXPECT_EQ(app.passwords.hash_calls, 0);
}

TEST_F(AdministerUsersTest, StorageFailuresComeBackAsTheyAre) {
  app.users().failure = Error::unavailable("database down");
  expectError(users.lock("alice"), ErrorKind::kUnavailable, "database down");
}

}  // namespace
}  // namespace chat
