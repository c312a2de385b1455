#include "app/join_group.hpp"

#include <gtest/gtest.h>

#include "app/fake_ports_test_support.hpp"

namespace chat {
namespace {

using fakes::FakeApp;

class JoinGroupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    owner = app.addUser("owner");
    bob = app.addUser("bob");
    group = app.groups().addGroup("g", owner.user_id);
  }
  Status join(const Principal& who, GroupId id) { return use_case.handle({who, id}); }
  static void expectError(const Status& status, ErrorKind kind, const std::string& message) {
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().kind, kind);
    EXPECT_EQ(status.error().message, message);
  }

  FakeApp app;
  JoinGroup use_case{app.context};
  Principal owner;
  Principal bob;
  GroupId group = 0;
};

TEST_F(JoinGroupTest, MakesTheCallerAMember) {
  EXPECT_TRUE(join(bob, group).ok());
  EXPECT_TRUE(app.groups().isMember(group, bob.user_id));
  auto calls = app.groups().addMemberCalls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].group, group);
  EXPECT_EQ(calls[0].user, bob.user_id);
  EXPECT_EQ(calls[0].max_members, 20);
  EXPECT_EQ(calls[0].now, app.clock.now());
  EXPECT_TRUE(app.events.left().empty());
  using Joined = std::vector<std::pair<GroupId, UserId>>;
  EXPECT_EQ(app.events.joined(), (Joined{{group, bob.user_id}}));
}

TEST_F(JoinGroupTest, AlreadyMemberIsAConflict) {
  expectError(join(owner, group), ErrorKind::kConflict, "Player already joined the group");
  EXPECT_TRUE(app.events.joined().empty());
  ASSERT_TRUE(join(bob, group).ok());
  expectError(join(bob, group), ErrorKind::kConflict, "Player already joined the group");
}

TEST_F(JoinGroupTest, FullGroupIsAConflictNamingTheLimit) {
  for (int i = 1; i < 20; ++i) {
    ASSERT_TRUE(join(app.addUser("member" + std::to_string(i)), group).ok()) << i;
  }
  EXPECT_EQ(app.groups().get(group)->members.size(), 20u);
  expectError(join(bob, group), ErrorKind::kConflict,
              "Max group member limit exceeded. Allowed Limit: 20");
  EXPECT_FALSE(app.groups().isMember(group, bob.user_id));
}

TEST_F(JoinGroupTest, LimitComesFromTheContext) {
  app.context.limits.max_group_members = 2;
  ASSERT_TRUE(join(bob, group).ok());
  expectError(join(app.addUser("carol"), group), ErrorKind::kConflict,
              "Max group member limit exceeded. Allowed Limit: 2");
  EXPECT_EQ(app.groups().addMemberCalls().back().max_members, 2);
}

TEST_F(JoinGroupTest, ZeroLimitMeansUnlimited) {
  app.context.limits.max_group_members = 0;
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(join(app.addUser("member" + std::to_string(i)), group).ok()) << i;
  }
  EXPECT_EQ(app.groups().get(group)->members.size(), 51u);
}

TEST_F(JoinGroupTest, MissingGroupIsNotFound) {
  expectError(join(bob, group + 100), ErrorKind::kNotFound, "Group not found");
}

TEST_F(JoinGroupTest, StorageFailurePassesThrough) {
  app.groups().failure = Error::unavailable("database is down");
  expectError(join(bob, group), ErrorKind::kUnavailable, "database is down");
}

}  // namespace
}  // namespace chat
