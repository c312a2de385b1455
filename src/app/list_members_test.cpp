#include "app/list_members.hpp"

#include <gtest/gtest.h>

#include "app/fake_ports_test_support.hpp"

namespace chat {
namespace {

using fakes::FakeApp;
using fakes::FakePresence;

class ListMembersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    owner = app.addUser("owner");
    bob = app.addUser("bob");
    carol = app.addUser("carol");
    group = app.groups().addGroup("g", owner.user_id, {bob.user_id, carol.user_id});
    app.context.presence = &presence;
  }
  Result<std::vector<ListMembers::Entry>> list(const Principal& who, UserId after = 0,
                                               std::optional<int> limit = std::nullopt) {
    return use_case.handle({who, group, after, limit});
  }

  FakeApp app;
  FakePresence presence;
  ListMembers use_case{app.context};
  Principal owner;
  Principal bob;
  Principal carol;
  GroupId group = 0;
};

TEST_F(ListMembersTest, ListsEachMemberWithRoleAndWhetherOnline) {
  presence.setConnected({bob.user_id});
  auto members = list(carol);
  ASSERT_TRUE(members.ok()) << members.error().message;
  ASSERT_EQ(members->size(), 3u);
  EXPECT_EQ((*members)[0].member.user_id, owner.user_id);
  EXPECT_EQ((*members)[0].member.role, GroupRole::kOwner);
  EXPECT_FALSE((*members)[0].online);
  EXPECT_EQ((*members)[1].member.user_id, bob.user_id);
  EXPECT_EQ((*members)[1].member.role, GroupRole::kMember);
  EXPECT_TRUE((*members)[1].online);
  EXPECT_FALSE((*members)[2].online);
}

TEST_F(ListMembersTest, PagesByIdWithinTheLimits) {
  auto first = list(owner, 0, 2);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 2u);
  auto rest = list(owner, first->back().member.user_id, 2);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ(rest->front().member.user_id, carol.user_id);
  for (int bad : {0, -1, ListMembers::kMaxLimit + 1}) {
    auto refused = list(owner, 0, bad);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().kind, ErrorKind::kInvalid);
  }
  EXPECT_FALSE(list(owner, -1).ok());
}

TEST_F(ListMembersTest, NonMembersAndMissingGroupsLearnNothing) {
  const Principal dave = app.addUser("dave");
  auto refused = list(dave);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
  auto missing = use_case.handle({owner, group + 100, 0, std::nullopt});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
}

TEST_F(ListMembersTest, WithoutPresenceNobodyIsOnline) {
  app.context.presence = nullptr;
  auto members = list(owner);
  ASSERT_TRUE(members.ok());
  for (const auto& entry : *members) EXPECT_FALSE(entry.online);
}

}  // namespace
}  // namespace chat
