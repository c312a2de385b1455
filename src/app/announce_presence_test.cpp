#include "app/announce_presence.hpp"

#include <gtest/gtest.h>

#include "app/fake_ports_test_support.hpp"

namespace chat {
namespace {

using fakes::FakeApp;
using fakes::FakePresence;

class AnnouncePresenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    owner = app.addUser("owner");
    bob = app.addUser("bob");
    first = app.groups().addGroup("g", owner.user_id, {bob.user_id});
    second = app.groups().addGroup("h", bob.user_id);
    app.groups().addGroup("not bob's", owner.user_id);
    app.context.presence = &presence;
  }

  FakeApp app;
  FakePresence presence;
  AnnouncePresence use_case{app.context};
  Principal owner;
  Principal bob;
  GroupId first = 0;
  GroupId second = 0;
};

TEST_F(AnnouncePresenceTest, OnlineIsToldInEachOfTheUsersGroups) {
  ASSERT_TRUE(use_case.handle({bob.user_id, "bob", true}).ok());
  auto told = app.events.presence();
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].groups, (std::vector<GroupId>{first, second}));
  EXPECT_EQ(told[0].user, bob.user_id);
  EXPECT_EQ(told[0].user_name, "bob");
  EXPECT_TRUE(told[0].online);
}

TEST_F(AnnouncePresenceTest, OfflineOnlyWhenNoNodeHasAConnection) {
  presence.setConnected({bob.user_id});  // another node still has one
  ASSERT_TRUE(use_case.handle({bob.user_id, "bob", false}).ok());
  EXPECT_TRUE(app.events.presence().empty());
  presence.setConnected({});
  ASSERT_TRUE(use_case.handle({bob.user_id, "bob", false}).ok());
  ASSERT_EQ(app.events.presence().size(), 1u);
  EXPECT_FALSE(app.events.presence()[0].online);
}

TEST_F(AnnouncePresenceTest, AUserWithoutGroupsOrAStorageFailureTellsNothing) {
  const Principal loner = app.addUser("loner");
  ASSERT_TRUE(use_case.handle({loner.user_id, "loner", true}).ok());
  EXPECT_TRUE(app.events.presence().empty());
  app.groups().failure = Error::unavailable("database is down");
  EXPECT_FALSE(use_case.handle({bob.user_id, "bob", true}).ok());
  EXPECT_TRUE(app.events.presence().empty());
}

}  // namespace
}  // namespace chat
