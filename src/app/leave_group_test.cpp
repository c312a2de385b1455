#include "app/leave_group.hpp"

#include <gtest/gtest.h>

#include "app/fake_ports_test_support.hpp"

namespace chat {
namespace {

using fakes::FakeApp;

class LeaveGroupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    owner = app.addUser("owner");
    bob = app.addUser("bob");
    group = app.groups().addGroup("g", owner.user_id, {bob.user_id});
  }
  Status leave(const Principal& who, GroupId id) { return use_case.handle({who, id}); }
  static void expectError(const Status& status, ErrorKind kind, const std::string& message) {
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().kind, kind);
    EXPECT_EQ(status.error().message, message);
  }

  FakeApp app;
  LeaveGroup use_case{app.context};
  Principal owner;
  Principal bob;
  GroupId group = 0;
};

TEST_F(LeaveGroupTest, EndsTheMembershipAndTellsTheRealTimeSide) {
  EXPECT_TRUE(leave(bob, group).ok());
  EXPECT_FALSE(app.groups().isMember(group, bob.user_id));
  EXPECT_TRUE(app.groups().isMember(group, owner.user_id));
  using Left = std::vector<std::pair<GroupId, UserId>>;
  EXPECT_EQ(app.events.left(), (Left{{group, bob.user_id}}));
}

TEST_F(LeaveGroupTest, TheOwnerStaysWhileOthersAreIn) {
  expectError(leave(owner, group), ErrorKind::kConflict,
              "The owner cannot leave while others are in the group; hand it over first");
  ASSERT_TRUE(leave(bob, group).ok());
  EXPECT_TRUE(leave(owner, group).ok());
}

TEST_F(LeaveGroupTest, NonMemberIsForbiddenAndNothingIsAnnounced) {
  const Principal carol = app.addUser("carol");
  expectError(leave(carol, group), ErrorKind::kForbidden, "Player is not member of the group");
  EXPECT_TRUE(app.events.left().empty());
}

TEST_F(LeaveGroupTest, LeavingTwiceIsForbiddenTheSecondTime) {
  ASSERT_TRUE(leave(bob, group).ok());
  expectError(leave(bob, group), ErrorKind::kForbidden, "Player is not member of the group");
  EXPECT_EQ(app.events.left().size(), 1u);
}

TEST_F(LeaveGroupTest, MissingGroupIsNotFoundAndNothingIsAnnounced) {
  expectError(leave(bob, group + 100), ErrorKind::kNotFound, "Group not found");
  EXPECT_TRUE(app.events.left().empty());
}

TEST_F(LeaveGroupTest, StorageFailurePassesThroughAndNothingIsAnnounced) {
  app.groups().failure = Error::unavailable("database is down");
  expectError(leave(bob, group), ErrorKind::kUnavailable, "database is down");
  EXPECT_TRUE(app.events.left().empty());
}

}  // namespace
}  // namespace chat
