#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "adapters/storage/storage_contract_test_support.hpp"
#include "app/ports/append_and_wait_test_support.hpp"

namespace chat::storage_contract {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

class MessagesContract : public StorageContractTest {
 protected:
  void SetUp() override {
    StorageContractTest::SetUp();
    alice = addUser("alice");
    bob = addUser("bob");
    group = createGroup("g", alice);
    ASSERT_EQ(*storage->groups().addMember(group, bob, 0, at(1)), JoinOutcome::kJoined);
  }

  NewMessage message(UserId sender, std::string text,
                     std::optional<std::string> client_id = std::nullopt) {
    return NewMessage{group, sender, std::move(text), at(++clock_ms), std::move(client_id)};
  }

  Message send(UserId sender, std::string text) {
    auto appended = appendAndWait(storage->messages(), message(sender, std::move(text)));
    EXPECT_TRUE(appended.ok()) << appended.error().message;
    return appended.ok() ? appended->message : Message{};
  }

  // Sends messages "m1".."mN" so that seq i carries text "m<i>".
  void sendNumbered(int count) {
    for (int i = 1; i <= count; ++i) send(alice, "m" + std::to_string(i));
  }

  std::vector<Seq> pageSeqs(int limit, std::optional<Seq> before, std::optional<Seq> after) {
    auto page = storage->messages().page(HistoryQuery{group, limit, before, after});
    EXPECT_TRUE(page.ok()) << page.error().message;
    std::vector<Seq> seqs;
    if (page.ok()) {
      for (const Message& m : *page) seqs.push_back(m.seq);
    }
    return seqs;
  }

  UserId alice = 0;
  UserId bob = 0;
  GroupId group = 0;
  std::int64_t clock_ms = 10000;
};

CHAT_STORAGE_CONTRACT(MessagesContract);

TEST_P(MessagesContract, AppendReturnsTheWholeStoredMessage) {
  auto appended = appendAndWait(
      storage->messages(), NewMessage{group, bob, "hello, world", at(777), std::string("c-1")});
  ASSERT_TRUE(appended.ok()) << appended.error().message;
  EXPECT_FALSE(appended->outcome == AppendOutcome::kDuplicate);
  const Message& m = appended->message;
  EXPECT_GT(m.id, 0);
  EXPECT_EQ(m.group_id, group);
  EXPECT_EQ(m.seq, 1);
  EXPECT_EQ(m.sender_id, bob);
  EXPECT_EQ(m.sender_name, "bob");
  EXPECT_EQ(m.text, "hello, world");
  EXPECT_EQ(m.sent_on, at(777));

  auto page = storage->messages().page(HistoryQuery{group, 10, std::nullopt, std::nullopt});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 1u);
  const Message& stored = page->front();
  EXPECT_EQ(stored.id, m.id);
  EXPECT_EQ(stored.seq, 1);
  EXPECT_EQ(stored.sender_id, bob);
  EXPECT_EQ(stored.sender_name, "bob");
  EXPECT_EQ(stored.text, "hello, world");
  EXPECT_EQ(stored.sent_on, at(777));
}

TEST_P(MessagesContract, SeqIsGapFreePerGroupAndIndependentAcrossGroups) {
  const GroupId other = createGroup("other", alice);
  std::vector<Seq> in_group;
  std::vector<Seq> in_other;
  for (int i = 0; i < 3; ++i) {
    in_group.push_back(send(alice, "a").seq);
    auto appended =
        appendAndWait(storage->messages(), NewMessage{other, alice, "b", at(1), std::nullopt});
    ASSERT_TRUE(appended.ok());
    in_other.push_back(appended->message.seq);
  }
  in_group.push_back(send(bob, "c").seq);
  EXPECT_THAT(in_group, ElementsAre(1, 2, 3, 4));
  EXPECT_THAT(in_other, ElementsAre(1, 2, 3));
}

TEST_P(MessagesContract, RetriedClientMessageIdReturnsTheFirstCopy) {
  auto first = appendAndWait(storage->messages(), message(bob, "original", "retry-me"));
  ASSERT_TRUE(first.ok());
  auto retry = appendAndWait(storage->messages(), message(bob, "changed text", "retry-me"));
  ASSERT_TRUE(retry.ok()) << retry.error().message;
  EXPECT_TRUE(retry->outcome == AppendOutcome::kDuplicate);
  EXPECT_EQ(retry->message.id, first->message.id);
  EXPECT_EQ(retry->message.seq, first->message.seq);
  EXPECT_EQ(retry->message.text, "original");
  EXPECT_EQ(retry->message.sent_on, first->message.sent_on);
  EXPECT_EQ(retry->message.sender_name, "bob");
  // No seq was consumed by the retry.
  EXPECT_EQ(send(alice, "next").seq, 2);
}

TEST_P(MessagesContract, ClientMessageIdsAreScopedToTheirSender) {
  auto from_alice = appendAndWait(storage->messages(), message(alice, "a", "same-id"));
  auto from_bob = appendAndWait(storage->messages(), message(bob, "b", "same-id"));
  ASSERT_TRUE(from_alice.ok());
  ASSERT_TRUE(from_bob.ok());
  EXPECT_FALSE(from_bob->outcome == AppendOutcome::kDuplicate);
  EXPECT_NE(from_bob->message.id, from_alice->message.id);
  EXPECT_EQ(from_bob->message.seq, 2);
}

TEST_P(MessagesContract, RetryAfterLeavingStillReturnsTheStoredCopy) {
  auto first = appendAndWait(storage->messages(), message(bob, "before leaving", "id-1"));
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(*storage->groups().removeMember(group, bob), LeaveOutcome::kLeft);
  auto retry = appendAndWait(storage->messages(), message(bob, "before leaving", "id-1"));
  ASSERT_TRUE(retry.ok());
  EXPECT_TRUE(retry->outcome == AppendOutcome::kDuplicate);
  EXPECT_EQ(retry->message.id, first->message.id);
}

TEST_P(MessagesContract, RefusesANonMemberAndConsumesNoSeq) {
  const UserId carol = addUser("carol");
  auto refused = appendAndWait(storage->messages(), message(carol, "let me in"));
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->outcome, AppendOutcome::kNotMember);
  auto no_group =
      appendAndWait(storage->messages(), NewMessage{group + 50, alice, "x", at(1), "c"});
  ASSERT_TRUE(no_group.ok());
  EXPECT_EQ(no_group->outcome, AppendOutcome::kNoSuchGroup);
  EXPECT_EQ(send(alice, "first real").seq, 1);
}

TEST_P(MessagesContract, PageWithoutBoundsIsTheNewestOldestFirst) {
  sendNumbered(10);
  EXPECT_THAT(pageSeqs(3, std::nullopt, std::nullopt), ElementsAre(8, 9, 10));
  EXPECT_THAT(pageSeqs(100, std::nullopt, std::nullopt),
              ElementsAre(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
}

TEST_P(MessagesContract, PageBeforeIsTheNewestBelowIt) {
  sendNumbered(10);
  EXPECT_THAT(pageSeqs(3, 8, std::nullopt), ElementsAre(5, 6, 7));
  EXPECT_THAT(pageSeqs(5, 3, std::nullopt), ElementsAre(1, 2));
  EXPECT_TRUE(pageSeqs(5, 1, std::nullopt).empty());
}

TEST_P(MessagesContract, PageAfterIsTheOldestAboveIt) {
  sendNumbered(10);
  EXPECT_THAT(pageSeqs(3, std::nullopt, 4), ElementsAre(5, 6, 7));
  EXPECT_THAT(pageSeqs(3, std::nullopt, 0), ElementsAre(1, 2, 3));
  EXPECT_THAT(pageSeqs(5, std::nullopt, 8), ElementsAre(9, 10));
  EXPECT_TRUE(pageSeqs(5, std::nullopt, 10).empty());
}

TEST_P(MessagesContract, PageBetweenBeforeAndAfterIsTheNewestInTheRange) {
  sendNumbered(10);
  EXPECT_THAT(pageSeqs(2, 8, 2), ElementsAre(6, 7));
  EXPECT_THAT(pageSeqs(10, 8, 2), ElementsAre(3, 4, 5, 6, 7));
  EXPECT_TRUE(pageSeqs(10, 3, 2).empty());
}

TEST_P(MessagesContract, PageCarriesTextAndSenderAndStaysInItsGroup) {
  const GroupId other = createGroup("other", bob);
  send(alice, "in g");
  ASSERT_TRUE(
      appendAndWait(storage->messages(), NewMessage{other, bob, "in other", at(1), {}}).ok());
  send(bob, "in g again");
  auto page = storage->messages().page(HistoryQuery{group, 10, std::nullopt, std::nullopt});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].text, "in g");
  EXPECT_EQ((*page)[0].sender_name, "alice");
  EXPECT_EQ((*page)[1].text, "in g again");
  EXPECT_EQ((*page)[1].sender_name, "bob");
  EXPECT_EQ((*page)[1].group_id, group);
}

TEST_P(MessagesContract, PageOfAnEmptyOrMissingGroupIsEmpty) {
  EXPECT_TRUE(pageSeqs(10, std::nullopt, std::nullopt).empty());
  auto missing = storage->messages().page(HistoryQuery{group + 9, 10, std::nullopt, std::nullopt});
  ASSERT_TRUE(missing.ok());
  EXPECT_TRUE(missing->empty());
}

// Threads appending (single and batched) to one group at once: the seqs are 1..N with no
// gap or repeat, and history returns all of them in order.
}  // namespace
}  // namespace chat::storage_contract
