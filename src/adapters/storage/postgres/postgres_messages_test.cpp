// The engine's appends where several nodes share one database, and its batches.
#include "adapters/storage/postgres/postgres_messages.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <latch>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "adapters/storage/postgres/postgres_test_fixture.hpp"

namespace chat::postgres::testing {
namespace {

using ::testing::ElementsAre;

class PostgresMessages : public PostgresTest {
 protected:
  void SetUp() override {
    PostgresTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    alice = addUser("alice");
    bob = addUser("bob");
    group = createGroup("g", alice);
    other_group = createGroup("other", alice);
    for (GroupId g : {group, other_group}) {
      ASSERT_EQ(*node->groups().addMember(g, bob, 0, at(1)), JoinOutcome::kJoined);
    }
    second = openNode();
    ASSERT_NE(second, nullptr);
  }

  std::vector<Seq> storedSeqs(GroupId g) {
    auto page = node->messages().page(HistoryQuery{g, 100000, std::nullopt, std::nullopt});
    EXPECT_TRUE(page.ok());
    std::vector<Seq> seqs;
    if (page.ok()) {
      for (const Message& m : *page) seqs.push_back(m.seq);
    }
    return seqs;
  }

  Seq lastSeq(GroupId g) {
    const std::vector<GroupId> ids{g};
    auto heads = node->groups().heads(ids);
    return heads.ok() && heads->size() == 1 ? heads->front().last_seq : -1;
  }

  UserId alice = 0;
  UserId bob = 0;
  GroupId group = 0;
  GroupId other_group = 0;
  std::unique_ptr<PostgresStorage> second;  // another node on the same database
};

std::vector<Seq> oneToN(std::size_t n) {
  std::vector<Seq> seqs(n);
  for (std::size_t i = 0; i < n; ++i) seqs[i] = static_cast<Seq>(i + 1);
  return seqs;
}

// Two nodes flood one group at once: every message is stored once and the seqs are
// 1..N with no gap or repeat.
TEST_F(PostgresMessages, TwoNodesAppendingToOneGroupGetGapFreeSeqs) {
  constexpr int kPerThread = 300;
  constexpr int kThreadsPerNode = 2;
  std::mutex mutex;
  std::vector<Seq> seqs;
  std::set<MessageId> ids;
  std::atomic<int> failures{0};
  std::atomic<int> pending{2 * kThreadsPerNode * kPerThread};
  std::promise<void> all_done;
  std::latch start(2 * kThreadsPerNode);
  std::vector<std::thread> threads;
  for (PostgresStorage* storage : {node.get(), second.get()}) {
    for (int t = 0; t < kThreadsPerNode; ++t) {
      threads.emplace_back([&, storage, t] {
        start.arrive_and_wait();
        for (int i = 0; i < kPerThread; ++i) {
          storage->messages().append(
              NewMessage{group, t % 2 ? alice : bob, "m", at(i), std::nullopt},
              [&](Result<AppendedMessage> appended) {
                if (appended.ok() && appended->outcome == AppendOutcome::kStored) {
                  std::lock_guard lock(mutex);
                  seqs.push_back(appended->message.seq);
                  ids.insert(appended->message.id);
                } else {
                  ++failures;
                }
                if (--pending == 0) all_done.set_value();
              });
        }
      });
    }
  }
  for (auto& thread : threads) thread.join();
  all_done.get_future().wait();

  constexpr std::size_t kTotal = 2 * kThreadsPerNode * kPerThread;
  EXPECT_EQ(failures.load(), 0);
  std::sort(seqs.begin(), seqs.end());
  EXPECT_EQ(seqs, oneToN(kTotal));
  EXPECT_EQ(ids.size(), kTotal);
  EXPECT_EQ(storedSeqs(group), oneToN(kTotal));
  EXPECT_EQ(lastSeq(group), static_cast<Seq>(kTotal));
}

// A node's committers split the groups between them, but one group's messages keep the
// order they were appended in, and groups on different committers all get stored.
TEST_F(PostgresMessages, AGroupsMessagesAreStoredInAppendOrder) {
  constexpr int kMessages = 200;
  std::mutex mutex;
  std::map<GroupId, std::vector<Seq>> seqs_by_group;
  std::atomic<int> pending{2 * kMessages};
  std::promise<void> all_done;
  for (int i = 0; i < kMessages; ++i) {
    for (GroupId g : {group, other_group}) {
      node->messages().append(
          NewMessage{g, alice, std::to_string(i), at(i), std::nullopt},
          [&, g](Result<AppendedMessage> appended) {
            {
              std::lock_guard lock(mutex);
              seqs_by_group[g].push_back(appended.ok() ? appended->message.seq : -1);
            }
            if (--pending == 0) all_done.set_value();
          });
    }
  }
  all_done.get_future().wait();
  // Callbacks of one committer run in commit order, which is append order.
  EXPECT_EQ(seqs_by_group[group], oneToN(kMessages));
  EXPECT_EQ(seqs_by_group[other_group], oneToN(kMessages));
  auto page = node->messages().page(HistoryQuery{group, kMessages, std::nullopt, std::nullopt});
  ASSERT_TRUE(page.ok());
  for (int i = 0; i < kMessages; ++i) {
    EXPECT_EQ((*page)[static_cast<std::size_t>(i)].text, std::to_string(i));
  }
}

// The same (sender, client id) sent through both nodes at the same moment, now to one
// group, now to two: stored once; one sender hears kStored, the other kDuplicate with
// that same message; no seq is lost.
TEST_F(PostgresMessages, TheSameClientIdThroughTwoNodesAtOnceIsStoredOnce) {
  constexpr int kRounds = 60;
  for (int round = 0; round < kRounds; ++round) {
    const std::string client_id = "race-" + std::to_string(round);
    const GroupId second_group = round % 2 ? other_group : group;
    std::promise<Result<AppendedMessage>> first_outcome;
    std::promise<Result<AppendedMessage>> second_outcome;
    std::latch start(2);
    std::thread via_second([&] {
      start.arrive_and_wait();
      second->messages().append(
          NewMessage{second_group, bob, "via second", at(round), client_id},
          [&](Result<AppendedMessage> appended) { second_outcome.set_value(std::move(appended)); });
    });
    start.arrive_and_wait();
    node->messages().append(
        NewMessage{group, bob, "via first", at(round), client_id},
        [&](Result<AppendedMessage> appended) { first_outcome.set_value(std::move(appended)); });
    via_second.join();
    auto a = first_outcome.get_future().get();
    auto b = second_outcome.get_future().get();
    ASSERT_TRUE(a.ok()) << a.error().detail;
    ASSERT_TRUE(b.ok()) << b.error().detail;
    std::multiset<AppendOutcome> outcomes{a->outcome, b->outcome};
    EXPECT_EQ(outcomes, (std::multiset{AppendOutcome::kStored, AppendOutcome::kDuplicate}))
        << "round " << round;
    EXPECT_EQ(a->message.id, b->message.id);
    EXPECT_EQ(a->message.group_id, b->message.group_id);
    EXPECT_EQ(a->message.seq, b->message.seq);
    EXPECT_EQ(a->message.text, b->message.text);
  }
  const std::vector<Seq> in_group = storedSeqs(group);
  const std::vector<Seq> in_other = storedSeqs(other_group);
  EXPECT_EQ(in_group, oneToN(in_group.size()));
  EXPECT_EQ(in_other, oneToN(in_other.size()));
  EXPECT_EQ(in_group.size() + in_other.size(), static_cast<std::size_t>(kRounds));
}

// The race made certain: another writer holds an uncommitted copy of the client id (in
// another group), so the batch's INSERT waits for it and, once it commits, fails on the
// unique index. The batch runs again and finds that copy; its own group loses no seq.
TEST_F(PostgresMessages, ARaceLostOnTheClientIdIsRetriedAndAnswersWithTheWinner) {
  auto settings = ConnectionSettings::parse(url(), schema().overrides());
  ASSERT_TRUE(settings.ok());
  Connection other_writer(*settings);
  ASSERT_TRUE(other_writer.ensureConnected().ok());
  ASSERT_TRUE(other_writer.query("BEGIN").ok());
  auto inserted = other_writer.query(
      "INSERT INTO messages (group_id, seq, sender_id, text, sent_at, client_message_id) "
      "VALUES ($1, 1, $2, 'the winner', 5, 'contested') RETURNING id",
      Params().add(other_group).add(bob));
  ASSERT_TRUE(inserted.ok()) << inserted.error().detail;
  ASSERT_TRUE(
      other_writer.query("UPDATE groups SET last_seq = 1 WHERE id = $1", Params().add(other_group))
          .ok());

  std::promise<Result<AppendedMessage>> outcome;
  auto future = outcome.get_future();
  node->messages().append(
      NewMessage{group, bob, "the loser", at(6), std::string("contested")},
      [&](Result<AppendedMessage> appended) { outcome.set_value(std::move(appended)); });
  EXPECT_EQ(future.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout)
      << "the append should wait for the uncommitted copy";
  ASSERT_TRUE(other_writer.query("COMMIT").ok());

  auto appended = future.get();
  ASSERT_TRUE(appended.ok()) << appended.error().detail;
  EXPECT_EQ(appended->outcome, AppendOutcome::kDuplicate);
  EXPECT_EQ(appended->message.id, inserted->integer(0, 0));
  EXPECT_EQ(appended->message.group_id, other_group);
  EXPECT_EQ(appended->message.text, "the winner");
  EXPECT_EQ(appended->message.sender_name, "bob");
  EXPECT_EQ(lastSeq(group), 0);
  auto next = appendAndWait(node->messages(), NewMessage{group, alice, "next", at(7), {}});
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->message.seq, 1);
}

// One batch with every kind of entry: each gets the outcome it would get alone, in order.
TEST_F(PostgresMessages, ABatchAnswersEachEntryAsIfAppendedAlone) {
  const UserId carol = addUser("carol");  // not a member
  const std::vector<NewMessage> batch{
      {group, alice, "first", at(1), std::string("c1")},
      {group, bob, "second", at(2), std::nullopt},
      {group, carol, "refused", at(3), std::nullopt},
      {group + 1000, alice, "nowhere", at(4), std::nullopt},
      {group, alice, "repeat of first", at(5), std::string("c1")},
      {group, alice, std::string("nul\0text", 8), at(6), std::nullopt},
      {other_group, alice, "elsewhere", at(7), std::string("c2")},
      {group, bob, "third", at(8), std::string("c1")},  // bob's c1 is not alice's
  };
  auto outcomes = node->messages().appendBatch(batch);
  ASSERT_EQ(outcomes.size(), batch.size());
  for (std::size_t i : {0u, 1u, 2u, 3u, 4u, 6u, 7u}) {
    ASSERT_TRUE(outcomes[i].ok()) << i << ": " << outcomes[i].error().detail;
  }
  EXPECT_EQ(outcomes[0]->outcome, AppendOutcome::kStored);
  EXPECT_EQ(outcomes[0]->message.seq, 1);
  EXPECT_EQ(outcomes[0]->message.sender_name, "alice");
  EXPECT_EQ(outcomes[1]->outcome, AppendOutcome::kStored);
  EXPECT_EQ(outcomes[1]->message.seq, 2);
  EXPECT_EQ(outcomes[2]->outcome, AppendOutcome::kNotMember);
  EXPECT_EQ(outcomes[3]->outcome, AppendOutcome::kNoSuchGroup);
  EXPECT_EQ(outcomes[4]->outcome, AppendOutcome::kDuplicate);
  EXPECT_EQ(outcomes[4]->message.id, outcomes[0]->message.id);
  EXPECT_EQ(outcomes[4]->message.text, "first");
  ASSERT_FALSE(outcomes[5].ok());
  EXPECT_EQ(outcomes[5].error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(outcomes[6]->outcome, AppendOutcome::kStored);
  EXPECT_EQ(outcomes[6]->message.seq, 1);
  EXPECT_EQ(outcomes[7]->outcome, AppendOutcome::kStored);
  EXPECT_EQ(outcomes[7]->message.seq, 3);
  std::set<MessageId> ids{outcomes[0]->message.id, outcomes[1]->message.id, outcomes[6]->message.id,
                          outcomes[7]->message.id};
  EXPECT_EQ(ids.size(), 4u);

  auto page = node->messages().page(HistoryQuery{group, 10, std::nullopt, std::nullopt});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 3u);
  EXPECT_EQ((*page)[0].id, outcomes[0]->message.id);
  EXPECT_EQ((*page)[2].text, "third");
  EXPECT_EQ(lastSeq(group), 3);
  EXPECT_EQ(lastSeq(other_group), 1);
}

// A transaction that fails halfway (here a trigger refuses one row) stores nothing and
// fails every entry; the next batch starts from the same seqs.
TEST_F(PostgresMessages, AFailedBatchStoresNothingAndFailsEveryEntry) {
  ASSERT_TRUE(schema()
                  .run("CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$ "
                       "BEGIN IF NEW.text = 'boom' THEN RAISE EXCEPTION 'refused'; END IF; "
                       "RETURN NEW; END $$; "
                       "CREATE TRIGGER refuse_boom BEFORE INSERT ON messages "
                       "FOR EACH ROW EXECUTE FUNCTION refuse_boom();")
                  .ok());
  auto outcomes = node->messages().appendBatch({{group, alice, "fine", at(1), std::nullopt},
                                                {other_group, bob, "boom", at(2), std::nullopt}});
  ASSERT_EQ(outcomes.size(), 2u);
  for (const auto& outcome : outcomes) {
    ASSERT_FALSE(outcome.ok());
    EXPECT_EQ(outcome.error().kind, ErrorKind::kInternal);
  }
  EXPECT_TRUE(storedSeqs(group).empty());
  EXPECT_EQ(lastSeq(group), 0);
  auto next = appendAndWait(node->messages(), NewMessage{group, alice, "fine", at(3), {}});
  ASSERT_TRUE(next.ok()) << next.error().detail;
  EXPECT_EQ(next->message.seq, 1);
}

}  // namespace
}  // namespace chat::postgres::testing
