#include "adapters/storage/sqlite/sqlite_messages.hpp"
#include "app/ports/append_and_wait_test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <latch>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "adapters/storage/sqlite/sqlite_test_support.hpp"

namespace chat::sqlite::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

class SqliteMessagesTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
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

TEST_F(SqliteMessagesTest, AppendReturnsTheWholeStoredMessage) {
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

TEST_F(SqliteMessagesTest, SeqIsGapFreePerGroupAndIndependentAcrossGroups) {
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

TEST_F(SqliteMessagesTest, RetriedClientMessageIdReturnsTheFirstCopy) {
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

TEST_F(SqliteMessagesTest, ClientMessageIdsAreScopedToTheirSender) {
  auto from_alice = appendAndWait(storage->messages(), message(alice, "a", "same-id"));
  auto from_bob = appendAndWait(storage->messages(), message(bob, "b", "same-id"));
  ASSERT_TRUE(from_alice.ok());
  ASSERT_TRUE(from_bob.ok());
  EXPECT_FALSE(from_bob->outcome == AppendOutcome::kDuplicate);
  EXPECT_NE(from_bob->message.id, from_alice->message.id);
  EXPECT_EQ(from_bob->message.seq, 2);
}

TEST_F(SqliteMessagesTest, RetryAfterLeavingStillReturnsTheStoredCopy) {
  auto first = appendAndWait(storage->messages(), message(bob, "before leaving", "id-1"));
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(*storage->groups().removeMember(group, bob), LeaveOutcome::kLeft);
  auto retry = appendAndWait(storage->messages(), message(bob, "before leaving", "id-1"));
  ASSERT_TRUE(retry.ok());
  EXPECT_TRUE(retry->outcome == AppendOutcome::kDuplicate);
  EXPECT_EQ(retry->message.id, first->message.id);
}

TEST_F(SqliteMessagesTest, RefusesANonMemberAndConsumesNoSeq) {
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

TEST_F(SqliteMessagesTest, BatchGivesEachEntryItsOwnOutcomeInOrder) {
  const UserId carol = addUser("carol");  // not a member
  std::vector<NewMessage> batch = {
      message(alice, "one", "a-1"),       message(carol, "refused"), message(bob, "two"),
      message(alice, "one again", "a-1"),  // repeat inside the same batch
      message(alice, "three", "a-2"),
  };
  auto outcomes = storage->messages().appendBatch(batch);
  ASSERT_EQ(outcomes.size(), batch.size());

  ASSERT_TRUE(outcomes[0].ok());
  EXPECT_FALSE(outcomes[0]->outcome == AppendOutcome::kDuplicate);
  EXPECT_EQ(outcomes[0]->message.seq, 1);

  ASSERT_TRUE(outcomes[1].ok());
  EXPECT_EQ(outcomes[1]->outcome, AppendOutcome::kNotMember);

  ASSERT_TRUE(outcomes[2].ok());
  EXPECT_EQ(outcomes[2]->message.seq, 2);
  EXPECT_EQ(outcomes[2]->message.sender_name, "bob");

  ASSERT_TRUE(outcomes[3].ok());
  EXPECT_TRUE(outcomes[3]->outcome == AppendOutcome::kDuplicate);
  EXPECT_EQ(outcomes[3]->message.id, outcomes[0]->message.id);
  EXPECT_EQ(outcomes[3]->message.text, "one");

  ASSERT_TRUE(outcomes[4].ok());
  EXPECT_EQ(outcomes[4]->message.seq, 3);

  auto page = storage->messages().page(HistoryQuery{group, 10, std::nullopt, std::nullopt});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 3u);
  EXPECT_EQ((*page)[0].text, "one");
  EXPECT_EQ((*page)[1].text, "two");
  EXPECT_EQ((*page)[2].text, "three");
}

// A batch counts seqs in memory and writes each group's last seq once: interleaved
// groups must still get their own gap-free runs, and later appends must continue them.
TEST_F(SqliteMessagesTest, BatchAcrossGroupsKeepsEachGroupsSeqsAndPersistsThem) {
  const GroupId other = createGroup("other", bob);
  std::vector<NewMessage> batch;
  for (int i = 0; i < 6; ++i) {
    batch.push_back(
        NewMessage{i % 2 ? other : group, bob, "m" + std::to_string(i), at(i), std::nullopt});
  }
  auto outcomes = storage->messages().appendBatch(batch);
  ASSERT_EQ(outcomes.size(), 6u);
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(outcomes[static_cast<std::size_t>(i)].ok());
    EXPECT_EQ(outcomes[static_cast<std::size_t>(i)]->message.seq, i / 2 + 1);
  }
  EXPECT_EQ(send(bob, "after").seq, 4);
  auto next_other =
      appendAndWait(storage->messages(), NewMessage{other, bob, "o", at(9), std::nullopt});
  ASSERT_TRUE(next_other.ok());
  EXPECT_EQ(next_other->message.seq, 4);
}

TEST_F(SqliteMessagesTest, EmptyBatchStoresNothing) {
  EXPECT_TRUE(storage->messages().appendBatch({}).empty());
  EXPECT_EQ(send(alice, "x").seq, 1);
}

TEST_F(SqliteMessagesTest, PageWithoutBoundsIsTheNewestOldestFirst) {
  sendNumbered(10);
  EXPECT_THAT(pageSeqs(3, std::nullopt, std::nullopt), ElementsAre(8, 9, 10));
  EXPECT_THAT(pageSeqs(100, std::nullopt, std::nullopt),
              ElementsAre(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
}

TEST_F(SqliteMessagesTest, PageBeforeIsTheNewestBelowIt) {
  sendNumbered(10);
  EXPECT_THAT(pageSeqs(3, 8, std::nullopt), ElementsAre(5, 6, 7));
  EXPECT_THAT(pageSeqs(5, 3, std::nullopt), ElementsAre(1, 2));
  EXPECT_TRUE(pageSeqs(5, 1, std::nullopt).empty());
}

TEST_F(SqliteMessagesTest, PageAfterIsTheOldestAboveIt) {
  sendNumbered(10);
  EXPECT_THAT(pageSeqs(3, std::nullopt, 4), ElementsAre(5, 6, 7));
  EXPECT_THAT(pageSeqs(3, std::nullopt, 0), ElementsAre(1, 2, 3));
  EXPECT_THAT(pageSeqs(5, std::nullopt, 8), ElementsAre(9, 10));
  EXPECT_TRUE(pageSeqs(5, std::nullopt, 10).empty());
}

TEST_F(SqliteMessagesTest, PageBetweenBeforeAndAfterIsTheNewestInTheRange) {
  sendNumbered(10);
  EXPECT_THAT(pageSeqs(2, 8, 2), ElementsAre(6, 7));
  EXPECT_THAT(pageSeqs(10, 8, 2), ElementsAre(3, 4, 5, 6, 7));
  EXPECT_TRUE(pageSeqs(10, 3, 2).empty());
}

TEST_F(SqliteMessagesTest, PageCarriesTextAndSenderAndStaysInItsGroup) {
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

TEST_F(SqliteMessagesTest, PageOfAnEmptyOrMissingGroupIsEmpty) {
  EXPECT_TRUE(pageSeqs(10, std::nullopt, std::nullopt).empty());
  auto missing = storage->messages().page(HistoryQuery{group + 9, 10, std::nullopt, std::nullopt});
  ASSERT_TRUE(missing.ok());
  EXPECT_TRUE(missing->empty());
}

// Threads appending (single and batched) to one group at once: the seqs are 1..N with no
// gap or repeat, and history returns all of them in order.
TEST_F(SqliteMessagesTest, ConcurrentAppendsToOneGroupGetSeqsOneToN) {
  constexpr int kThreads = 8;
  constexpr int kRoundsPerThread = 15;  // each round appends 1 single + a batch of 2
  constexpr int kTotal = kThreads * kRoundsPerThread * 3;
  std::mutex seqs_mutex;
  std::vector<Seq> seqs;
  std::atomic<int> failures{0};
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const UserId sender = t % 2 == 0 ? alice : bob;
      start.arrive_and_wait();
      for (int round = 0; round < kRoundsPerThread; ++round) {
        std::vector<Result<AppendedMessage>> outcomes;
        outcomes.push_back(appendAndWait(
            storage->messages(), NewMessage{group, sender, "single", at(round), std::nullopt}));
        auto batch = storage->messages().appendBatch(
            {NewMessage{group, sender, "batch", at(round), std::nullopt},
             NewMessage{group, sender, "batch", at(round),
                        "t" + std::to_string(t) + "-r" + std::to_string(round)}});
        for (auto& outcome : batch) outcomes.push_back(std::move(outcome));
        std::lock_guard lock(seqs_mutex);
        for (const auto& outcome : outcomes) {
          if (outcome.ok() && outcome->outcome != AppendOutcome::kDuplicate) {
            seqs.push_back(outcome->message.seq);
          } else {
            ++failures;
          }
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(failures.load(), 0);
  std::vector<Seq> expected(kTotal);
  for (int i = 0; i < kTotal; ++i) expected[i] = i + 1;
  std::sort(seqs.begin(), seqs.end());
  EXPECT_EQ(seqs, expected);
  EXPECT_THAT(pageSeqs(kTotal + 10, std::nullopt, std::nullopt), ElementsAreArray(expected));
}

}  // namespace
}  // namespace chat::sqlite::testing
