
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>
#include <vector>

#include "adapters/storage/storage_contract_test_support.hpp"
#include "app/ports/append_and_wait_test_support.hpp"

namespace chat::storage_contract {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;

class GroupsContract : public StorageContractTest {};
CHAT_STORAGE_CONTRACT(GroupsContract);

auto summary(GroupId id, const std::string& name, bool is_member) {
  return AllOf(Field(&GroupSummary::id, id), Field(&GroupSummary::name, name),
               Field(&GroupSummary::is_member, is_member));
}

TEST_P(GroupsContract, CreateMakesTheOwnerTheFirstMember) {
  const UserId owner = addUser("owner");
  auto created = storage->groups().create("Chess club", owner, GroupVisibility::kPublic, at(5));
  ASSERT_TRUE(created.ok()) << created.error().message;
  auto group = std::optional<GroupId>(created->id);
  auto membership = storage->groups().membership(*group, owner);
  ASSERT_TRUE(membership.ok());
  EXPECT_EQ(*membership, Membership::kMember);
  // The owner counts towards the limit: a limit of 1 is already reached.
  auto join = storage->groups().addMember(*group, addUser("other"), 1, at(6));
  ASSERT_TRUE(join.ok());
  EXPECT_EQ(*join, JoinOutcome::kGroupFull);
}

TEST_P(GroupsContract, CreateRefusesAnUnknownOwner) {
  auto group = storage->groups().create("Nobody's", 42, GroupVisibility::kPublic, at(5));
  ASSERT_TRUE(group.ok());
  EXPECT_EQ(group->outcome, CreateGroupOutcome::kNoSuchOwner);
  auto groups = storage->groups().list(42);
  ASSERT_TRUE(groups.ok());
  EXPECT_TRUE(groups->empty());
}

TEST_P(GroupsContract, ListsEveryGroupByIdWithTheViewersMembership) {
  const UserId alice = addUser("alice");
  const UserId bob = addUser("bob");
  const GroupId first = createGroup("first", alice);
  const GroupId second = createGroup("second", bob);
  const GroupId third = createGroup("third", alice);

  auto for_alice = storage->groups().list(alice);
  ASSERT_TRUE(for_alice.ok());
  EXPECT_THAT(*for_alice,
              ElementsAre(summary(first, "first", true), summary(second, "second", false),
                          summary(third, "third", true)));
  auto for_bob = storage->groups().list(bob);
  ASSERT_TRUE(for_bob.ok());
  EXPECT_THAT(*for_bob, ElementsAre(summary(first, "first", false), summary(second, "second", true),
                                    summary(third, "third", false)));
}

TEST_P(GroupsContract, ListIsEmptyWithoutGroups) {
  auto groups = storage->groups().list(addUser("alice"));
  ASSERT_TRUE(groups.ok());
  EXPECT_TRUE(groups->empty());
}

TEST_P(GroupsContract, AddMemberReportsEveryOutcome) {
  const UserId owner = addUser("owner");
  const UserId bob = addUser("bob");
  const UserId carol = addUser("carol");
  const GroupId group = createGroup("g", owner);
  Groups& groups = storage->groups();

  EXPECT_EQ(*groups.addMember(group, bob, 2, at(1)), JoinOutcome::kJoined);
  EXPECT_EQ(*groups.addMember(group, bob, 2, at(1)), JoinOutcome::kAlreadyMember);
  EXPECT_EQ(*groups.addMember(group, carol, 2, at(1)), JoinOutcome::kGroupFull);
  EXPECT_EQ(*groups.addMember(group + 100, carol, 2, at(1)), JoinOutcome::kNoSuchGroup);
  EXPECT_EQ(*groups.membership(group, carol), Membership::kNotMember);
  // 0 means unlimited.
  EXPECT_EQ(*groups.addMember(group, carol, 0, at(1)), JoinOutcome::kJoined);
  EXPECT_EQ(*groups.membership(group, carol), Membership::kMember);
}

TEST_P(GroupsContract, AddMemberRefusesAnUnknownUser) {
  const GroupId group = createGroup("g", addUser("owner"));
  auto join = storage->groups().addMember(group, 999, 0, at(1));
  ASSERT_TRUE(join.ok());
  EXPECT_EQ(*join, JoinOutcome::kNoSuchUser);
}

TEST_P(GroupsContract, RemoveMemberReportsEveryOutcome) {
  const UserId owner = addUser("owner");
  const UserId bob = addUser("bob");
  const GroupId group = createGroup("g", owner);
  Groups& groups = storage->groups();
  ASSERT_EQ(*groups.addMember(group, bob, 0, at(1)), JoinOutcome::kJoined);

  EXPECT_EQ(*groups.removeMember(group, bob), LeaveOutcome::kLeft);
  EXPECT_EQ(*groups.membership(group, bob), Membership::kNotMember);
  EXPECT_EQ(*groups.removeMember(group, bob), LeaveOutcome::kNotMember);
  EXPECT_EQ(*groups.removeMember(group + 100, bob), LeaveOutcome::kNoSuchGroup);
  // A seat freed by leaving can be taken again.
  EXPECT_EQ(*groups.addMember(group, bob, 2, at(2)), JoinOutcome::kJoined);
}

TEST_P(GroupsContract, MembershipReportsEveryOutcome) {
  const UserId owner = addUser("owner");
  const GroupId group = createGroup("g", owner);
  EXPECT_EQ(*storage->groups().membership(group, owner), Membership::kMember);
  EXPECT_EQ(*storage->groups().membership(group, addUser("bob")), Membership::kNotMember);
  EXPECT_EQ(*storage->groups().membership(group + 1, owner), Membership::kNoSuchGroup);
}

auto member(UserId id, const std::string& name, GroupRole role) {
  return AllOf(Field(&GroupMember::user_id, id), Field(&GroupMember::user_name, name),
               Field(&GroupMember::role, role));
}

TEST_P(GroupsContract, MembersAreListedByIdWithTheirNamesAndRolesAndPaged) {
  const UserId bob = addUser("Bob");
  const UserId owner = addUser("owner");
  const UserId carol = addUser("carol");
  addUser("outsider");
  const GroupId group = createGroup("g", owner);
  Groups& groups = storage->groups();
  ASSERT_EQ(*groups.addMember(group, carol, 0, at(1)), JoinOutcome::kJoined);
  ASSERT_EQ(*groups.addMember(group, bob, 0, at(2)), JoinOutcome::kJoined);

  auto all = groups.members(group, 0, 100);
  ASSERT_TRUE(all.ok()) << all.error().message;
  EXPECT_THAT(*all, ElementsAre(member(bob, "Bob", GroupRole::kMember),
                                member(owner, "owner", GroupRole::kOwner),
                                member(carol, "carol", GroupRole::kMember)));
  EXPECT_THAT(*groups.members(group, 0, 2), ElementsAre(member(bob, "Bob", GroupRole::kMember),
                                                        member(owner, "owner", GroupRole::kOwner)));
  EXPECT_THAT(*groups.members(group, owner, 2),
              ElementsAre(member(carol, "carol", GroupRole::kMember)));
  EXPECT_TRUE(groups.members(group, carol, 2)->empty());
  EXPECT_TRUE(groups.members(group + 100, 0, 10)->empty());

  const GroupId other = createGroup("h", carol);
  EXPECT_THAT(*groups.groupsOf(carol), ElementsAre(group, other));
  EXPECT_THAT(*groups.groupsOf(bob), ElementsAre(group));
  EXPECT_TRUE(groups.groupsOf(addUser("loner"))->empty());

  // The owner stays while others are in; a member who left is no longer listed.
  EXPECT_EQ(*groups.removeMember(group, owner), LeaveOutcome::kOwnerStays);
  ASSERT_EQ(*groups.removeMember(group, carol), LeaveOutcome::kLeft);
  EXPECT_THAT(*groups.members(group, 0, 100),
              ElementsAre(member(bob, "Bob", GroupRole::kMember),
                          member(owner, "owner", GroupRole::kOwner)));
}

// Many users race to join a group with room for kSeats more: exactly kSeats get in.
TEST_P(GroupsContract, ConcurrentJoinsNeverExceedTheMemberLimit) {
  constexpr int kLimit = 6;  // including the owner
  constexpr int kSeats = kLimit - 1;
  constexpr int kContenders = 24;
  const GroupId group = createGroup("popular", addUser("owner"));
  std::vector<UserId> contenders;
  for (int i = 0; i < kContenders; ++i) contenders.push_back(addUser("user" + std::to_string(i)));

  std::atomic<int> joined{0};
  std::atomic<int> full{0};
  std::atomic<int> other{0};
  std::latch start(kContenders);
  std::vector<std::thread> threads;
  for (UserId user : contenders) {
    threads.emplace_back([&, user] {
      start.arrive_and_wait();
      auto outcome = storage->groups().addMember(group, user, kLimit, at(3));
      if (outcome.ok() && *outcome == JoinOutcome::kJoined) {
        ++joined;
      } else if (outcome.ok() && *outcome == JoinOutcome::kGroupFull) {
        ++full;
      } else {
        ++other;
      }
    });
  }
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(joined.load(), kSeats);
  EXPECT_EQ(full.load(), kContenders - kSeats);
  EXPECT_EQ(other.load(), 0);
  int members = 0;
  for (UserId user : contenders) {
    if (*storage->groups().membership(group, user) == Membership::kMember) ++members;
  }
  EXPECT_EQ(members, kSeats);
}

// One user joining from many threads at once is let in exactly once.
TEST_P(GroupsContract, ConcurrentJoinsOfOneUserSucceedOnce) {
  constexpr int kThreads = 8;
  const GroupId group = createGroup("g", addUser("owner"));
  const UserId bob = addUser("bob");
  std::atomic<int> joined{0};
  std::atomic<int> already{0};
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      auto outcome = storage->groups().addMember(group, bob, 0, at(3));
      if (outcome.ok() && *outcome == JoinOutcome::kJoined) ++joined;
      if (outcome.ok() && *outcome == JoinOutcome::kAlreadyMember) ++already;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(joined.load(), 1);
  EXPECT_EQ(already.load(), kThreads - 1);
}

// Heads tell a node where each group stands: its newest seq and how often members left.
TEST_P(GroupsContract, HeadsReportLastSeqAndMemberDepartures) {
  const UserId alice = addUser("alice");
  const UserId bob = addUser("bob");
  const GroupId quiet = createGroup("quiet", alice);
  const GroupId busy = createGroup("busy", alice);
  ASSERT_TRUE(storage->groups().addMember(busy, bob, 0, at(3)).ok());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(
        appendAndWait(storage->messages(), NewMessage{busy, alice, "m", at(4), std::nullopt}).ok());
  }
  ASSERT_EQ(*storage->groups().removeMember(busy, bob), LeaveOutcome::kLeft);
  ASSERT_EQ(*storage->groups().removeMember(busy, bob), LeaveOutcome::kNotMember);

  const std::vector<GroupId> asked{busy, 9999, quiet, busy};
  auto heads = storage->groups().heads(asked);
  ASSERT_TRUE(heads.ok()) << heads.error().message;
  ASSERT_EQ(heads->size(), 2u);  // the unknown group is left out, the repeat folded
  EXPECT_EQ((*heads)[0].id, quiet);
  EXPECT_EQ((*heads)[0].last_seq, 0);
  EXPECT_EQ((*heads)[0].member_version, 0);
  EXPECT_EQ((*heads)[1].id, busy);
  EXPECT_EQ((*heads)[1].last_seq, 3);
  EXPECT_EQ((*heads)[1].member_version, 1);  // only a departure that happened counts
}

TEST_P(GroupsContract, ReadMarkersMoveForwardOnlyUpToTheNewestSeq) {
  const UserId alice = addUser("alice");
  const UserId bob = addUser("bob");
  const GroupId group = createGroup("talk", alice);
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(
        appendAndWait(storage->messages(), NewMessage{group, alice, "m", at(4), std::nullopt})
            .ok());
  }
  auto marked = storage->groups().markRead(group, alice, 2);
  ASSERT_TRUE(marked.ok()) << marked.error().message;
  ASSERT_EQ(marked->outcome, MarkReadOutcome::kMarked);
  EXPECT_EQ(marked->marker.group_id, group);
  EXPECT_EQ(marked->marker.last_read_seq, 2);
  EXPECT_EQ(marked->marker.last_seq, 4);
  EXPECT_EQ(marked->marker.unread(), 2);

  // A device that is behind does not move it back; a seq past the newest means all.
  EXPECT_EQ(storage->groups().markRead(group, alice, 1)->marker.last_read_seq, 2);
  EXPECT_EQ(storage->groups().markRead(group, alice, 99)->marker.last_read_seq, 4);

  EXPECT_EQ(storage->groups().markRead(group, bob, 1)->outcome, MarkReadOutcome::kNotMember);
  EXPECT_EQ(storage->groups().markRead(group + 100, alice, 1)->outcome,
            MarkReadOutcome::kNoSuchGroup);
}

TEST_P(GroupsContract, ListCarriesUnreadCountsAndTheNewestMessageForMembersOnly) {
  const UserId alice = addUser("alice");
  const UserId bob = addUser("bob");
  const UserId carol = addUser("carol");
  const GroupId talk = createGroup("talk", alice);
  const GroupId quiet = createGroup("quiet", alice);
  for (const char* text : {"one", "two", "three"}) {
    ASSERT_TRUE(
        appendAndWait(storage->messages(), NewMessage{talk, alice, text, at(4), std::nullopt})
            .ok());
  }
  // Bob joins after three messages: they count as read for him.
  ASSERT_EQ(*storage->groups().addMember(talk, bob, 0, at(5)), JoinOutcome::kJoined);
  ASSERT_TRUE(
      appendAndWait(storage->messages(), NewMessage{talk, alice, "four", at(6), std::nullopt})
          .ok());
  ASSERT_TRUE(storage->groups().markRead(talk, alice, 1).ok());

  auto for_alice = storage->groups().list(alice);
  ASSERT_TRUE(for_alice.ok()) << for_alice.error().message;
  ASSERT_EQ(for_alice->size(), 2u);
  const GroupSummary& seen = (*for_alice)[0];
  EXPECT_EQ(seen.last_seq, 4);
  EXPECT_EQ(seen.last_read_seq, 1);
  ASSERT_TRUE(seen.last_message);
  EXPECT_EQ(seen.last_message->text, "four");
  EXPECT_EQ(seen.last_message->seq, 4);
  EXPECT_EQ(seen.last_message->group_id, talk);
  EXPECT_EQ(seen.last_message->sender_id, alice);
  EXPECT_EQ(seen.last_message->sender_name, "alice");
  EXPECT_EQ(seen.last_message->sent_on, at(6));
  EXPECT_EQ((*for_alice)[1].id, quiet);
  EXPECT_EQ((*for_alice)[1].last_seq, 0);
  EXPECT_FALSE((*for_alice)[1].last_message);

  auto for_bob = storage->groups().list(bob);
  ASSERT_TRUE(for_bob.ok());
  EXPECT_EQ((*for_bob)[0].last_seq, 4);
  EXPECT_EQ((*for_bob)[0].last_read_seq, 3);

  auto for_carol = storage->groups().list(carol);  // not a member: nothing of its content
  ASSERT_TRUE(for_carol.ok());
  EXPECT_FALSE((*for_carol)[0].is_member);
  EXPECT_EQ((*for_carol)[0].last_seq, 0);
  EXPECT_FALSE((*for_carol)[0].last_message);
}

}  // namespace
}  // namespace chat::storage_contract
