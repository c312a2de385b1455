#include "app/sign_in_external_user.hpp"

#include <gtest/gtest.h>

#include "app/fake_ports_test_support.hpp"

namespace chat {
namespace {

using fakes::FakeApp;

constexpr const char* kIssuer = "https://id.example.com";

class SignInExternalUserTest : public ::testing::Test {
 protected:
  Result<Principal> signIn(const std::string& subject, const std::string& name) {
    return sign_in.handle({kIssuer, subject, name});
  }

  FakeApp app;
  SignInExternalUser sign_in{app.context};
};

TEST_F(SignInExternalUserTest, MakesTheAccountAtFirstSightAndFindsItAfter) {
  auto first = signIn("sub-1", "jane");
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->user_name, "jane");
  auto again = signIn("sub-1", "jane");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->user_id, first->user_id);
  EXPECT_EQ(app.users().findById(first->user_id).value()->password_hash, "")
      << "no password logs into it";
}

TEST_F(SignInExternalUserTest, NeverTakesOverALocalAccountOfTheSameName) {
  const Principal local = app.addUser("jane");
  auto external = signIn("sub-1", "jane");
  ASSERT_TRUE(external.ok());
  EXPECT_NE(external->user_id, local.user_id);
  EXPECT_EQ(external->user_name, "jane-2");
  auto other = signIn("sub-2", "jane");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->user_name, "jane-3") << "another subject of the same name";
  EXPECT_EQ(signIn("sub-1", "jane")->user_id, external->user_id);
}

TEST_F(SignInExternalUserTest, AnInvalidPreferredNameFallsBackToTheSubjectOrUser) {
  EXPECT_EQ(signIn("emp-42", "Jane Doe")->user_name, "emp-42");
  EXPECT_EQ(signIn("a|b|c", "")->user_name, "user");
}

TEST_F(SignInExternalUserTest, ARenameAtTheProviderKeepsTheAccount) {
  auto made = signIn("sub-1", "jane");
  ASSERT_TRUE(made.ok());
  auto renamed = signIn("sub-1", "jane.doe");
  ASSERT_TRUE(renamed.ok());
  EXPECT_EQ(renamed->user_id, made->user_id);
  EXPECT_EQ(renamed->user_name, "jane");
}

TEST_F(SignInExternalUserTest, ALockedAccountIsRefused) {
  auto made = signIn("sub-1", "jane");
  ASSERT_TRUE(made.ok());
  ASSERT_TRUE(app.users().setLocked(made->user_id, true).value());
  auto refused = signIn("sub-1", "jane");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
}

TEST_F(SignInExternalUserTest, WhenEveryNameIsTakenItSaysSo) {
  for (const std::string& name : SignInExternalUser::candidateNames({kIssuer, "s", "busy"})) {
    app.addUser(name);
  }
  auto refused = signIn("s", "busy");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kConflict);
}

}  // namespace
}  // namespace chat
