#include "domain/member_changes.hpp"

#include <gtest/gtest.h>

namespace chat {
namespace {

constexpr UserId kActor = 1;
constexpr UserId kTarget = 2;

MemberChangeRequest change(MemberAction action, UserId target = kTarget) {
  return {3, kActor, target, action, Timestamp(std::chrono::seconds(9))};
}

MemberFacts facts(std::optional<GroupRole> actor, std::optional<GroupRole> target,
                  bool invited = false, bool is_private = false) {
  MemberFacts found;
  found.actor = actor;
  found.target = target;
  found.target_invited = invited;
  found.is_private = is_private;
  return found;
}

ErrorKind refusal(const MemberChangeRequest& request, const MemberFacts& found) {
  auto verdict = judgeMemberChange(request, found);
  EXPECT_FALSE(verdict);
  return verdict ? ErrorKind::kInternal : verdict.error().kind;
}

TEST(JudgeMemberChange, OwnersAndAdminsInvite) {
  for (GroupRole actor : {GroupRole::kOwner, GroupRole::kAdmin}) {
    EXPECT_EQ(*judgeMemberChange(change(MemberAction::kInvite), facts(actor, std::nullopt)),
              MemberVerdict::kApply);
  }
  EXPECT_EQ(refusal(change(MemberAction::kInvite), facts(GroupRole::kMember, std::nullopt)),
            ErrorKind::kForbidden);
}

TEST(JudgeMemberChange, InvitingTwiceChangesNothingAndAMemberIsNotInvited) {
  EXPECT_EQ(*judgeMemberChange(change(MemberAction::kInvite),
                               facts(GroupRole::kOwner, std::nullopt, /*invited=*/true)),
            MemberVerdict::kNothingToDo);
  EXPECT_EQ(refusal(change(MemberAction::kInvite), facts(GroupRole::kOwner, GroupRole::kMember)),
            ErrorKind::kConflict);
}

TEST(JudgeMemberChange, AnOutsiderLearnsNothingOfAPrivateGroup) {
  for (MemberAction action : {MemberAction::kInvite, MemberAction::kRemove,
                              MemberAction::kMakeAdmin, MemberAction::kHandOver}) {
    EXPECT_EQ(refusal(change(action), facts(std::nullopt, GroupRole::kMember, false, true)),
              ErrorKind::kNotFound);
    EXPECT_EQ(refusal(change(action), facts(std::nullopt, GroupRole::kMember)),
              ErrorKind::kForbidden);
  }
}

TEST(JudgeMemberChange, AdminsRemovePlainMembersOnly) {
  EXPECT_EQ(*judgeMemberChange(change(MemberAction::kRemove),
                               facts(GroupRole::kAdmin, GroupRole::kMember)),
            MemberVerdict::kApply);
  EXPECT_EQ(refusal(change(MemberAction::kRemove), facts(GroupRole::kAdmin, GroupRole::kAdmin)),
            ErrorKind::kForbidden);
  EXPECT_EQ(refusal(change(MemberAction::kRemove), facts(GroupRole::kAdmin, GroupRole::kOwner)),
            ErrorKind::kForbidden);
  EXPECT_EQ(refusal(change(MemberAction::kRemove), facts(GroupRole::kMember, GroupRole::kMember)),
            ErrorKind::kForbidden);
}

TEST(JudgeMemberChange, TheOwnerRemovesAdminsAndWithdrawsInvitations) {
  EXPECT_EQ(*judgeMemberChange(change(MemberAction::kRemove),
                               facts(GroupRole::kOwner, GroupRole::kAdmin)),
            MemberVerdict::kApply);
  EXPECT_EQ(*judgeMemberChange(change(MemberAction::kRemove),
                               facts(GroupRole::kOwner, std::nullopt, /*invited=*/true)),
            MemberVerdict::kApply);
  EXPECT_EQ(refusal(change(MemberAction::kRemove), facts(GroupRole::kOwner, std::nullopt)),
            ErrorKind::kNotFound);
}

TEST(JudgeMemberChange, AnyoneDeclinesTheirOwnInvitationButLeavesByLeaving) {
  const auto self = change(MemberAction::kRemove, kActor);
  EXPECT_EQ(*judgeMemberChange(self, facts(std::nullopt, std::nullopt, true, true)),
            MemberVerdict::kApply);
  EXPECT_EQ(*judgeMemberChange(self, facts(std::nullopt, std::nullopt, false, true)),
            MemberVerdict::kNothingToDo);
  EXPECT_EQ(refusal(self, facts(GroupRole::kMember, GroupRole::kMember)), ErrorKind::kInvalid);
}

TEST(JudgeMemberChange, OnlyTheOwnerNamesAdmins) {
  EXPECT_EQ(*judgeMemberChange(change(MemberAction::kMakeAdmin),
                               facts(GroupRole::kOwner, GroupRole::kMember)),
            MemberVerdict::kApply);
  EXPECT_EQ(*judgeMemberChange(change(MemberAction::kMakeAdmin),
                               facts(GroupRole::kOwner, GroupRole::kAdmin)),
            MemberVerdict::kNothingToDo);
  EXPECT_EQ(*judgeMemberChange(change(MemberAction::kMakeMember),
                               facts(GroupRole::kOwner, GroupRole::kAdmin)),
            MemberVerdict::kApply);
  EXPECT_EQ(refusal(change(MemberAction::kMakeAdmin), facts(GroupRole::kAdmin, GroupRole::kMember)),
            ErrorKind::kForbidden);
  EXPECT_EQ(refusal(change(MemberAction::kMakeAdmin), facts(GroupRole::kOwner, std::nullopt)),
            ErrorKind::kNotFound);
  EXPECT_EQ(refusal(change(MemberAction::kMakeMember, kActor),
                    facts(GroupRole::kOwner, GroupRole::kOwner)),
            ErrorKind::kConflict);
}

TEST(JudgeMemberChange, TheOwnerHandsTheGroupToAMember) {
  EXPECT_EQ(*judgeMemberChange(change(MemberAction::kHandOver),
                               facts(GroupRole::kOwner, GroupRole::kMember)),
            MemberVerdict::kApply);
  EXPECT_EQ(*roleAfter(MemberAction::kHandOver, GroupRole::kMember), GroupRole::kOwner);
  EXPECT_EQ(refusal(change(MemberAction::kHandOver), facts(GroupRole::kAdmin, GroupRole::kMember)),
            ErrorKind::kForbidden);
  EXPECT_EQ(refusal(change(MemberAction::kHandOver), facts(GroupRole::kOwner, std::nullopt)),
            ErrorKind::kNotFound);
}

TEST(MayLeave, TheOwnerLeavesOnlyAGroupNoOneElseIsIn) {
  EXPECT_TRUE(mayLeave(GroupRole::kMember, 5));
  EXPECT_TRUE(mayLeave(GroupRole::kAdmin, 5));
  EXPECT_TRUE(mayLeave(GroupRole::kOwner, 1));
  EXPECT_FALSE(mayLeave(GroupRole::kOwner, 2));
}

}  // namespace
}  // namespace chat
