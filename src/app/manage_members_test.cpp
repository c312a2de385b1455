#include "app/manage_members.hpp"

#include <gtest/gtest.h>

#include "app/fake_ports_test_support.hpp"

namespace chat {
namespace {

using fakes::FakeApp;
using fakes::FakeGroups;

class ManageMembersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    owner = app.addUser("owner");
    bob = app.addUser("bob");
    carol = app.addUser("carol");
    group = app.groups().addGroup("g", owner.user_id, {bob.user_id});
  }
  Result<GroupMember> change(const Principal& who, UserId target, MemberAction action) {
    return use_case.change({who, group, target, action});
  }
  static void expectError(const Result<GroupMember>& result, ErrorKind kind) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, kind);
  }

  FakeApp app;
  ManageMembers use_case{app.context};
  Principal owner;
  Principal bob;
  Principal carol;
  GroupId group = 0;
};

TEST_F(ManageMembersTest, InvitesByNameAndTellsNobody) {
  auto invited = use_case.invite({owner, group, "carol"});
  ASSERT_TRUE(invited.ok()) << invited.error().message;
  EXPECT_EQ(invited->user_id, carol.user_id);
  EXPECT_TRUE(app.groups().get(group)->invited.contains(carol.user_id));
  EXPECT_TRUE(app.events.roleChanges().empty());
  expectError(use_case.invite({owner, group, "nobody"}), ErrorKind::kNotFound);
  expectError(use_case.invite({owner, group, ""}), ErrorKind::kInvalid);
  expectError(use_case.invite({bob, group, "carol"}), ErrorKind::kForbidden);
}

TEST_F(ManageMembersTest, ARemovalIsTheMemberLeaving) {
  ASSERT_TRUE(change(owner, bob.user_id, MemberAction::kRemove).ok());
  EXPECT_FALSE(app.groups().isMember(group, bob.user_id));
  using Left = std::vector<std::pair<GroupId, UserId>>;
  EXPECT_EQ(app.events.left(), (Left{{group, bob.user_id}}));
}

TEST_F(ManageMembersTest, WithdrawingAnInvitationIsNoDeparture) {
  ASSERT_TRUE(use_case.invite({owner, group, "carol"}).ok());
  ASSERT_TRUE(change(owner, carol.user_id, MemberAction::kRemove).ok());
  EXPECT_TRUE(app.events.left().empty());
}

TEST_F(ManageMembersTest, ARoleChangeIsAnnounced) {
  auto named = change(owner, bob.user_id, MemberAction::kMakeAdmin);
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->role, GroupRole::kAdmin);
  ASSERT_EQ(app.events.roleChanges().size(), 1u);
  EXPECT_EQ(app.events.roleChanges()[0].second.role, GroupRole::kAdmin);
  // Naming an admin twice changes nothing and tells nobody.
  ASSERT_TRUE(change(owner, bob.user_id, MemberAction::kMakeAdmin).ok());
  EXPECT_EQ(app.events.roleChanges().size(), 1u);
}

TEST_F(ManageMembersTest, HandingOverAnnouncesBothRoles) {
  ASSERT_TRUE(change(owner, bob.user_id, MemberAction::kHandOver).ok());
  const auto changes = app.events.roleChanges();
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].second.user_id, owner.user_id);
  EXPECT_EQ(changes[0].second.role, GroupRole::kAdmin);
  EXPECT_EQ(changes[1].second.user_id, bob.user_id);
  EXPECT_EQ(changes[1].second.role, GroupRole::kOwner);
}

TEST_F(ManageMembersTest, AnUnknownGroupOrPlayerIsNotFound) {
  expectError(use_case.change({owner, group + 7, bob.user_id, MemberAction::kRemove}),
              ErrorKind::kNotFound);
  expectError(change(owner, FakeGroups::kNoSuchUserId, MemberAction::kRemove),
              ErrorKind::kNotFound);
}

TEST_F(ManageMembersTest, ChangesAreRateLimitedPerUser) {
  Limits limits;
  limits.member_changes_burst = 1;
  limits.member_changes_per_minute = 1;
  app.context.limits = limits;
  ManageMembers limited{app.context};
  ASSERT_TRUE(limited.invite({owner, group, "carol"}).ok());
  expectError(limited.invite({owner, group, "carol"}), ErrorKind::kRateLimited);
}

}  // namespace
}  // namespace chat
