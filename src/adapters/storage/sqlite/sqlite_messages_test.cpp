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

// What is particular to SQLite: batches in one transaction (the contract suite covers the
// rest, in ../messages_contract_test.cpp).
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

std::vector<MessageId> searchIds(SqliteStorage& storage, UserId reader, const std::string& word) {
  MessageSearch search;
  search.reader = reader;
  search.words = {word};
  auto found = storage.messages().search(search);
  EXPECT_TRUE(found.ok()) << found.error().message;
  std::vector<MessageId> ids;
  if (found.ok()) {
    for (const Message& m : *found) ids.push_back(m.id);
  }
  return ids;
}

// The index is kept up apart from appends: what a batch stored directly (not through the
// commit queue) is found once the index has caught up.
TEST_F(SqliteMessagesTest, TheSearchIndexCatchesUpWithWhatWasStored) {
  auto stored = storage->messages().appendBatch({message(alice, "late words")});
  ASSERT_TRUE(stored.front().ok());
  ASSERT_TRUE(storage->messages().catchUpSearchIndex().ok());
  EXPECT_THAT(searchIds(*storage, bob, "late"), ElementsAre(stored.front()->message.id));
}

// Without AUTOINCREMENT a new message takes the largest id again once the messages holding
// it are gone: it must be indexed all the same, and the old words must not come back.
TEST_F(SqliteMessagesTest, AMessageTakingTheIdOfARemovedGroupsMessageIsFound) {
  send(alice, "first words");
  const GroupId other = createGroup("other", bob);
  auto doomed = appendAndWait(storage->messages(), NewMessage{other, bob, "doomed", at(1), {}});
  ASSERT_TRUE(doomed.ok());
  EXPECT_THAT(searchIds(*storage, bob, "doomed"), ElementsAre(doomed->message.id));
  ASSERT_TRUE(*storage->groups().remove(other));
  const Message again = send(alice, "second words");
  EXPECT_EQ(again.id, doomed->message.id);
  EXPECT_THAT(searchIds(*storage, bob, "second"), ElementsAre(again.id));
  EXPECT_THAT(searchIds(*storage, bob, "doomed"), ElementsAre());
}

}  // namespace
}  // namespace chat::sqlite::testing
