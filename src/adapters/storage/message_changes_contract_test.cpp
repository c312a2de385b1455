// Edits and deletions on every engine: one transaction that judges and stores, a seq of
// their own, history in its latest state, a replay's changes, and unread counts that count
// messages only.
#include <gtest/gtest.h>

#include <vector>

#include "adapters/storage/storage_contract_test_support.hpp"
#include "app/ports/append_and_wait_test_support.hpp"

namespace chat::storage_contract {
namespace {

class MessageChangesContract : public StorageContractTest {
 protected:
  void SetUp() override {
    StorageContractTest::SetUp();
    alice = addUser("alice");
    bob = addUser("bob");
    group = createGroup("g", alice);
    ASSERT_EQ(*storage->groups().addMember(group, bob, 0, at(1)), JoinOutcome::kJoined);
  }

  Message send(UserId sender, std::string text) {
    auto appended = appendAndWait(storage->messages(),
                                  NewMessage{group, sender, std::move(text), at(5000), {}});
    EXPECT_TRUE(appended.ok()) << appended.error().message;
    return appended.ok() ? appended->message : Message{};
  }

  // Applies the domain's rules, as the use case does.
  Result<ChangedMessage> change(UserId by, MessageId id, MessageChangeKind kind,
                                std::string text = {}) {
    const MessageChangeRequest request{id, by, kind, std::move(text), at(++clock_ms)};
    return storage->messages().change(
        request, [&request](const Message& message, std::optional<GroupRole> role) {
          return judgeChange(request, message, role);
        });
  }

  std::vector<Message> history() {
    auto page = storage->messages().page(HistoryQuery{group, 100, std::nullopt, std::nullopt});
    EXPECT_TRUE(page.ok()) << page.error().message;
    return page.ok() ? *page : std::vector<Message>{};
  }

  const GroupSummary* summaryOf(const std::vector<GroupSummary>& groups) const {
    for (const GroupSummary& summary : groups) {
      if (summary.id == group) return &summary;
    }
    return nullptr;
  }

  UserId alice = 0;
  UserId bob = 0;
  GroupId group = 0;
  std::int64_t clock_ms = 9000;
};

CHAT_STORAGE_CONTRACT(MessageChangesContract);

TEST_P(MessageChangesContract, AnEditTakesTheGroupsNextSeqAndHistoryShowsIt) {
  const Message first = send(bob, "frist");
  auto edited = change(bob, first.id, MessageChangeKind::kEdit, "first");
  ASSERT_TRUE(edited.ok()) << edited.error().message;
  EXPECT_EQ(edited->outcome, ChangeOutcome::kChanged);
  EXPECT_EQ(edited->message.text, "first");
  EXPECT_EQ(edited->message.change_seq, 2);
  EXPECT_EQ(edited->message.edited_on, at(9001));
  EXPECT_EQ(edited->message.sender_name, "bob");
  EXPECT_EQ(send(alice, "second").seq, 3) << "the next message comes after the edit's seq";

  const auto page = history();
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].text, "first");
  EXPECT_EQ(page[0].seq, 1);
  EXPECT_EQ(page[0].change_seq, 2);
  EXPECT_EQ(page[0].edited_on, at(9001));
  EXPECT_FALSE(page[0].deleted_on);
  EXPECT_EQ(page[1].change_seq, 0);
  EXPECT_FALSE(page[1].edited_on);

  const GroupId ids[] = {group};
  auto heads = storage->groups().heads(ids);
  ASSERT_TRUE(heads.ok());
  EXPECT_EQ(heads->front().last_seq, 3);
}

TEST_P(MessageChangesContract, ADeletionLeavesATombstoneAndForgetsEveryText) {
  const Message said = send(bob, "secret");
  ASSERT_TRUE(change(bob, said.id, MessageChangeKind::kEdit, "still secret").ok());
  auto deleted = change(alice, said.id, MessageChangeKind::kDelete);  // alice owns the group
  ASSERT_TRUE(deleted.ok()) << deleted.error().message;
  EXPECT_EQ(deleted->message.text, "");
  EXPECT_EQ(deleted->message.change_seq, 3);
  EXPECT_TRUE(deleted->message.deleted_on);

  const auto page = history();
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].text, "");
  EXPECT_EQ(page[0].deleted_on, at(9002));
  auto changes = storage->messages().changesAfter(group, 0, 10);
  ASSERT_TRUE(changes.ok()) << changes.error().message;
  ASSERT_EQ(changes->size(), 2u);
  for (const TimelineEntry& entry : *changes) EXPECT_EQ(entry.message.text, "") << entry.seq;
}

TEST_P(MessageChangesContract, TheJudgeSeesTheRequestersRoleAndARefusalStoresNothing) {
  const Message said = send(alice, "mine");
  auto refused = change(bob, said.id, MessageChangeKind::kDelete);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
  const UserId carol = addUser("carol");
  auto outsider = change(carol, said.id, MessageChangeKind::kEdit, "x");
  ASSERT_FALSE(outsider.ok());
  EXPECT_EQ(outsider.error().kind, ErrorKind::kNotFound);
  auto missing = change(alice, said.id + 1000, MessageChangeKind::kEdit, "x");
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->outcome, ChangeOutcome::kNoSuchMessage);
  auto same = change(alice, said.id, MessageChangeKind::kEdit, "mine");
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->outcome, ChangeOutcome::kUnchanged);

  EXPECT_EQ(send(alice, "next").seq, 2) << "no seq was taken";
  auto changes = storage->messages().changesAfter(group, 0, 10);
  ASSERT_TRUE(changes.ok());
  EXPECT_TRUE(changes->empty());
}

TEST_P(MessageChangesContract, ChangesAfterASeqComeInSeqOrderAsEachChangeLeftTheMessage) {
  const Message first = send(bob, "one");
  const Message second = send(alice, "two");
  ASSERT_TRUE(change(bob, first.id, MessageChangeKind::kEdit, "one!").ok());   // seq 3
  ASSERT_TRUE(change(bob, first.id, MessageChangeKind::kEdit, "one!!").ok());  // seq 4
  ASSERT_TRUE(change(alice, second.id, MessageChangeKind::kDelete).ok());      // seq 5

  auto all = storage->messages().changesAfter(group, 0, 10);
  ASSERT_TRUE(all.ok()) << all.error().message;
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].seq, 3);
  EXPECT_EQ((*all)[0].kind, TimelineEntry::Kind::kEdit);
  EXPECT_EQ((*all)[0].message.text, "one!");
  EXPECT_EQ((*all)[0].message.change_seq, 3);
  EXPECT_EQ((*all)[0].message.id, first.id);
  EXPECT_EQ((*all)[0].message.seq, 1);
  EXPECT_EQ((*all)[1].message.text, "one!!");
  EXPECT_EQ((*all)[2].kind, TimelineEntry::Kind::kDelete);
  EXPECT_TRUE((*all)[2].message.deleted_on);
  EXPECT_FALSE((*all)[2].message.edited_on);

  auto later = storage->messages().changesAfter(group, 3, 1);
  ASSERT_TRUE(later.ok());
  ASSERT_EQ(later->size(), 1u);
  EXPECT_EQ(later->front().seq, 4);
}

TEST_P(MessageChangesContract, UnreadCountsCountMessagesNotChanges) {
  const Message first = send(alice, "one");
  send(alice, "two");
  ASSERT_TRUE(change(alice, first.id, MessageChangeKind::kEdit, "one, edited").ok());  // seq 3
  send(alice, "three");                                                                // seq 4

  auto listed = storage->groups().list(bob);
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  const GroupSummary* summary = summaryOf(*listed);
  ASSERT_NE(summary, nullptr);
  EXPECT_EQ(summary->last_seq, 4);
  EXPECT_EQ(summary->uncounted_seqs, 1);
  ASSERT_TRUE(summary->last_message);
  EXPECT_EQ(summary->last_message->text, "three");

  auto marked = storage->groups().markRead(group, bob, 2);
  ASSERT_TRUE(marked.ok());
  EXPECT_EQ(marked->marker.unread(), 1) << "seq 3 is an edit, seq 4 a message";

  // The newest message is the newest by seq even when the newest seq is a change.
  const Message three = history().back();
  ASSERT_TRUE(change(alice, three.id, MessageChangeKind::kDelete).ok());  // seq 5
  listed = storage->groups().list(bob);
  ASSERT_TRUE(listed.ok());
  summary = summaryOf(*listed);
  ASSERT_TRUE(summary && summary->last_message);
  EXPECT_EQ(summary->last_message->seq, 4);
  EXPECT_TRUE(summary->last_message->deleted_on);
  EXPECT_EQ(summary->uncounted_seqs, 3) << "the edit, the deletion and the deleted message";
  EXPECT_EQ(ReadMarker({group, summary->last_read_seq, summary->last_seq, summary->uncounted_seqs})
                .unread(),
            0)
      << "a deleted message is not unread";
  auto again = storage->groups().markRead(group, bob, 2);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->marker.unread(), 0);

  // A message read before it was deleted is not taken off again.
  auto all_read = storage->groups().markRead(group, bob, 5);
  ASSERT_TRUE(all_read.ok());
  const Message four = send(alice, "four");                               // seq 6
  ASSERT_TRUE(change(alice, first.id, MessageChangeKind::kDelete).ok());  // seq 7
  auto later = storage->groups().markRead(group, bob, 5);
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->marker.unread(), 1) << "four; seq 7 deleted a message read long ago";
  EXPECT_EQ(four.seq, 6);
}

TEST_P(MessageChangesContract, RemovingTheGroupRemovesItsChanges) {
  const Message said = send(bob, "hello");
  ASSERT_TRUE(change(bob, said.id, MessageChangeKind::kEdit, "hi").ok());
  auto removed = storage->groups().remove(group);
  ASSERT_TRUE(removed.ok()) << removed.error().message;
  EXPECT_TRUE(*removed);
  auto changes = storage->messages().changesAfter(group, 0, 10);
  ASSERT_TRUE(changes.ok());
  EXPECT_TRUE(changes->empty());
}

}  // namespace
}  // namespace chat::storage_contract
