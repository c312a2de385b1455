// Private groups, invitations and roles, as every engine stores them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "adapters/storage/storage_contract_test_support.hpp"
#include "app/ports/append_and_wait_test_support.hpp"

namespace chat::storage_contract {
namespace {

class MemberChangesContract : public StorageContractTest {
 protected:
  void SetUp() override {
    StorageContractTest::SetUp();
    owner = addUser("owner");
    bob = addUser("bob");
    carol = addUser("carol");
  }

  // Judged by the domain's rules, as the use case does.
  Result<Groups::ChangedMember> change(GroupId group, UserId by, UserId target,
                                       MemberAction action) {
    const MemberChangeRequest request{group, by, target, action, at(3000)};
    return storage->groups().changeMember(request, [&request](const MemberFacts& facts) {
      return judgeMemberChange(request, facts);
    });
  }
  MemberChangeOutcome outcome(GroupId group, UserId by, UserId target, MemberAction action) {
    auto changed = change(group, by, target, action);
    EXPECT_TRUE(changed.ok()) << changed.error().message;
    return changed.ok() ? changed->outcome : MemberChangeOutcome::kNoSuchGroup;
  }
  ErrorKind refusal(GroupId group, UserId by, UserId target, MemberAction action) {
    auto changed = change(group, by, target, action);
    EXPECT_FALSE(changed.ok());
    return changed.ok() ? ErrorKind::kInternal : changed.error().kind;
  }
  std::optional<GroupRole> roleOf(GroupId group, UserId user) {
    auto members = storage->groups().members(group, 0, 100);
    EXPECT_TRUE(members.ok());
    for (const GroupMember& member : *members) {
      if (member.user_id == user) return member.role;
    }
    return std::nullopt;
  }
  std::vector<GroupId> listed(UserId viewer) {
    auto groups = storage->groups().list(viewer);
    EXPECT_TRUE(groups.ok());
    std::vector<GroupId> ids;
    for (const GroupSummary& group : *groups) ids.push_back(group.id);
    return ids;
  }

  UserId owner = 0;
  UserId bob = 0;
  UserId carol = 0;
};
CHAT_STORAGE_CONTRACT(MemberChangesContract);

using ::testing::ElementsAre;

TEST_P(MemberChangesContract, APrivateGroupDoesNotExistForOutsiders) {
  const GroupId open = createGroup("open", owner);
  const GroupId closed = createGroup("closed", owner, GroupVisibility::kPrivate);
  Groups& groups = storage->groups();
  EXPECT_THAT(listed(bob), ElementsAre(open));
  EXPECT_THAT(listed(owner), ElementsAre(open, closed));
  EXPECT_EQ(*groups.membership(closed, bob), Membership::kNoSuchGroup);
  EXPECT_EQ(*groups.addMember(closed, bob, 0, at(1)), JoinOutcome::kNoSuchGroup);
  EXPECT_EQ(*groups.removeMember(closed, bob), LeaveOutcome::kNoSuchGroup);
  EXPECT_EQ(groups.markRead(closed, bob, 1)->outcome, MarkReadOutcome::kNoSuchGroup);
  EXPECT_EQ(refusal(closed, bob, bob, MemberAction::kInvite), ErrorKind::kNotFound);
  auto sent =
      appendAndWait(storage->messages(), NewMessage{closed, bob, "hi", at(2), std::nullopt});
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(sent->outcome, AppendOutcome::kNoSuchGroup);
}

TEST_P(MemberChangesContract, AnInvitationShowsThePrivateGroupAndTheJoinTakesIt) {
  const GroupId closed = createGroup("closed", owner, GroupVisibility::kPrivate);
  Groups& groups = storage->groups();
  EXPECT_EQ(outcome(closed, owner, bob, MemberAction::kInvite), MemberChangeOutcome::kChanged);
  EXPECT_EQ(outcome(closed, owner, bob, MemberAction::kInvite), MemberChangeOutcome::kUnchanged);

  auto for_bob = groups.list(bob);
  ASSERT_EQ(for_bob->size(), 1u);
  EXPECT_TRUE((*for_bob)[0].is_private);
  EXPECT_TRUE((*for_bob)[0].invited);
  EXPECT_FALSE((*for_bob)[0].is_member);
  EXPECT_EQ(*groups.membership(closed, bob), Membership::kNotMember);

  EXPECT_EQ(*groups.addMember(closed, bob, 0, at(2)), JoinOutcome::kJoined);
  for_bob = groups.list(bob);
  EXPECT_FALSE((*for_bob)[0].invited);
  EXPECT_EQ((*for_bob)[0].role, GroupRole::kMember);
  // Taken: after leaving, bob needs a new one.
  EXPECT_EQ(*groups.removeMember(closed, bob), LeaveOutcome::kLeft);
  EXPECT_EQ(*groups.addMember(closed, bob, 0, at(3)), JoinOutcome::kNoSuchGroup);
}

TEST_P(MemberChangesContract, AnInvitationIsDeclinedOrWithdrawn) {
  const GroupId closed = createGroup("closed", owner, GroupVisibility::kPrivate);
  ASSERT_EQ(outcome(closed, owner, bob, MemberAction::kInvite), MemberChangeOutcome::kChanged);
  EXPECT_EQ(outcome(closed, bob, bob, MemberAction::kRemove), MemberChangeOutcome::kChanged);
  EXPECT_TRUE(listed(bob).empty());
  ASSERT_EQ(outcome(closed, owner, bob, MemberAction::kInvite), MemberChangeOutcome::kChanged);
  EXPECT_EQ(outcome(closed, owner, bob, MemberAction::kRemove), MemberChangeOutcome::kChanged);
  EXPECT_EQ(*storage->groups().addMember(closed, bob, 0, at(2)), JoinOutcome::kNoSuchGroup);
}

TEST_P(MemberChangesContract, TheInvitationStillWaitsForASeat) {
  const GroupId closed = createGroup("closed", owner, GroupVisibility::kPrivate);
  ASSERT_EQ(outcome(closed, owner, bob, MemberAction::kInvite), MemberChangeOutcome::kChanged);
  EXPECT_EQ(*storage->groups().addMember(closed, bob, 1, at(2)), JoinOutcome::kGroupFull);
  EXPECT_EQ(*storage->groups().addMember(closed, bob, 2, at(2)), JoinOutcome::kJoined);
}

TEST_P(MemberChangesContract, RolesAreNamedAndTheGroupHandedOver) {
  const GroupId group = createGroup("g", owner);
  Groups& groups = storage->groups();
  ASSERT_EQ(*groups.addMember(group, bob, 0, at(1)), JoinOutcome::kJoined);
  ASSERT_EQ(*groups.addMember(group, carol, 0, at(1)), JoinOutcome::kJoined);

  auto named = change(group, owner, bob, MemberAction::kMakeAdmin);
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->member.role, GroupRole::kAdmin);
  EXPECT_EQ(named->member.user_name, "bob");
  EXPECT_EQ(roleOf(group, bob), GroupRole::kAdmin);
  EXPECT_EQ(refusal(group, bob, carol, MemberAction::kMakeAdmin), ErrorKind::kForbidden);

  EXPECT_EQ(outcome(group, owner, carol, MemberAction::kHandOver), MemberChangeOutcome::kChanged);
  EXPECT_EQ(roleOf(group, carol), GroupRole::kOwner);
  EXPECT_EQ(roleOf(group, owner), GroupRole::kAdmin);
  EXPECT_EQ(refusal(group, owner, carol, MemberAction::kHandOver), ErrorKind::kForbidden);
  EXPECT_EQ(outcome(group, carol, bob, MemberAction::kMakeMember), MemberChangeOutcome::kChanged);
  EXPECT_EQ(roleOf(group, bob), GroupRole::kMember);
  auto for_carol = groups.list(carol);
  EXPECT_EQ((*for_carol)[0].role, GroupRole::kOwner);
}

TEST_P(MemberChangesContract, ARemovalIsADepartureAndTheOwnerStays) {
  const GroupId group = createGroup("g", owner);
  Groups& groups = storage->groups();
  ASSERT_EQ(*groups.addMember(group, bob, 0, at(1)), JoinOutcome::kJoined);
  ASSERT_EQ(*groups.addMember(group, carol, 0, at(1)), JoinOutcome::kJoined);
  ASSERT_EQ(outcome(group, owner, bob, MemberAction::kMakeAdmin), MemberChangeOutcome::kChanged);
  const auto before = groups.heads(std::vector<GroupId>{group});

  auto removed = change(group, bob, carol, MemberAction::kRemove);
  ASSERT_TRUE(removed.ok());
  EXPECT_TRUE(removed->was_member);
  EXPECT_EQ(*groups.membership(group, carol), Membership::kNotMember);
  const auto after = groups.heads(std::vector<GroupId>{group});
  EXPECT_GT((*after)[0].member_version, (*before)[0].member_version);
  EXPECT_EQ(refusal(group, bob, owner, MemberAction::kRemove), ErrorKind::kForbidden);

  EXPECT_EQ(*groups.removeMember(group, owner), LeaveOutcome::kOwnerStays);
  EXPECT_EQ(*groups.removeMember(group, bob), LeaveOutcome::kLeft);
  EXPECT_EQ(*groups.removeMember(group, owner), LeaveOutcome::kLeft);  // alone now
}

TEST_P(MemberChangesContract, AnUnknownGroupOrUserIsReported) {
  const GroupId group = createGroup("g", owner);
  EXPECT_EQ(outcome(group + 100, owner, bob, MemberAction::kInvite),
            MemberChangeOutcome::kNoSuchGroup);
  EXPECT_EQ(outcome(group, owner, 4242, MemberAction::kInvite), MemberChangeOutcome::kNoSuchUser);
}

TEST_P(MemberChangesContract, AnErasedUserLosesTheirInvitations) {
  const GroupId closed = createGroup("closed", owner, GroupVisibility::kPrivate);
  ASSERT_EQ(outcome(closed, owner, bob, MemberAction::kInvite), MemberChangeOutcome::kChanged);
  ASSERT_TRUE(*storage->users().erase(bob));
  EXPECT_EQ(*storage->groups().membership(closed, bob), Membership::kNoSuchGroup);
  EXPECT_TRUE(*storage->groups().remove(closed));
}

}  // namespace
}  // namespace chat::storage_contract
