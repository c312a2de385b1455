#include "app/subscribe_to_group.hpp"

#include <gtest/gtest.h>

#include "app/fake_ports_test_support.hpp"

namespace chat {
namespace {

using fakes::FakeApp;

class SubscribeToGroupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    alice = app.addUser("alice");
    bob = app.addUser("bob");
    group = app.groups().addGroup("g", alice.user_id);
  }
  Result<std::optional<Seq>> subscribe(const Principal& who, GroupId id) {
    return use_case.handle({who, id});
  }

  FakeApp app;
  SubscribeToGroup use_case{app.context};
  Principal alice;
  Principal bob;
  GroupId group = 0;
};

TEST_F(SubscribeToGroupTest, MemberMaySubscribe) {
  EXPECT_TRUE(subscribe(alice, group).ok());
  app.groups().addMemberDirectly(group, bob.user_id);
  EXPECT_TRUE(subscribe(bob, group).ok());
}

TEST_F(SubscribeToGroupTest, NonMemberIsForbidden) {
  auto status = subscribe(bob, group);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(status.error().message,
            "Can not connect to a group which the player has not joined yet");
}

TEST_F(SubscribeToGroupTest, FormerMemberIsForbidden) {
  ASSERT_TRUE(app.groups().removeMember(group, alice.user_id).ok());
  auto status = subscribe(alice, group);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::kForbidden);
}

TEST_F(SubscribeToGroupTest, MissingGroupIsNotFound) {
  auto status = subscribe(alice, group + 100);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(status.error().message, "Group not found");
}

TEST_F(SubscribeToGroupTest, StorageFailurePassesThrough) {
  app.groups().failure = Error::unavailable("database is down");
  auto status = subscribe(alice, group);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::kUnavailable);
}

}  // namespace
}  // namespace chat
