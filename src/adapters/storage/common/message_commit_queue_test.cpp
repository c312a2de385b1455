#include "adapters/storage/common/message_commit_queue.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "app/fake_ports_test_support.hpp"

namespace chat {
namespace {

using fakes::FakeApp;
using ::testing::ElementsAre;

// Keeps every callback's outcome by the index it was submitted with.
class Outcomes {
 public:
  MessageCommitQueue::Done slot(int index) {
    return [this, index](Result<AppendedMessage> outcome) {
      std::lock_guard lock(mutex_);
      ++calls_[index];
      outcomes_.insert_or_assign(index, std::move(outcome));
      threads_.insert(std::this_thread::get_id());
    };
  }
  Result<AppendedMessage> at(int index) {
    std::lock_guard lock(mutex_);
    return outcomes_.at(index);
  }
  int calls(int index) {
    std::lock_guard lock(mutex_);
    return calls_[index];
  }
  std::size_t size() {
    std::lock_guard lock(mutex_);
    return outcomes_.size();
  }
  std::set<std::thread::id> threads() {
    std::lock_guard lock(mutex_);
    return threads_;
  }

 private:
  std::mutex mutex_;
  std::map<int, Result<AppendedMessage>> outcomes_;
  std::map<int, int> calls_;
  std::set<std::thread::id> threads_;
};

class MessageCommitQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    alice = app.addUser("alice");
    bob = app.addUser("bob");
    group = app.groups().addGroup("g", alice.user_id);
  }
  NewMessage message(const std::string& text, std::optional<std::string> client_id = {},
                     UserId sender = 0, GroupId to = 0) {
    return NewMessage{to == 0 ? group : to, sender == 0 ? alice.user_id : sender, text,
                      app.clock.now(), std::move(client_id)};
  }
  static std::vector<Seq> seqs(const std::vector<Message>& messages) {
    std::vector<Seq> seqs;
    for (const Message& m : messages) seqs.push_back(m.seq);
    return seqs;
  }

  MessageCommitQueue::StoreBatch store() {
    return
        [this](const std::vector<NewMessage>& batch) { return app.messages().appendBatch(batch); };
  }
  bool storedNow(MessageId id) {
    for (const Message& m : app.messages().stored()) {
      if (m.id == id) return true;
    }
    return false;
  }

  FakeApp app;
  Principal alice;
  Principal bob;
  GroupId group = 0;
  Outcomes outcomes;
};

// What the committer did, in order: "batch" for each stored batch, "idle" for each idle turn.
class CommitterLog {
 public:
  void add(const char* what) {
    std::lock_guard lock(mutex_);
    entries_.emplace_back(what);
    changed_.notify_all();
  }
  // Waits until `what` was logged `times` times; false after a few seconds.
  bool waitFor(const std::string& what, int times) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(10), [&] {
      return std::count(entries_.begin(), entries_.end(), what) >= times;
    });
  }
  std::vector<std::string> entries() {
    std::lock_guard lock(mutex_);
    return entries_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> entries_;
};

class MessageCommitQueueIdleTest : public MessageCommitQueueTest {
 protected:
  MessageCommitQueue::StoreBatch loggedStore() {
    return [this](const std::vector<NewMessage>& batch) {
      auto outcomes = app.messages().appendBatch(batch);
      log.add("batch");
      return outcomes;
    };
  }
  // Idle work that has `more` turns' worth left.
  MessageCommitQueue::IdleWork idleWork(int more = 0) {
    return [this, more]() mutable {
      log.add("idle");
      return more-- > 0;
    };
  }
  CommitterLog log;
};

TEST_F(MessageCommitQueueIdleTest, IdleWorkRunsAtStartUntilDoneAndAfterEachBatch) {
  MessageCommitQueue queue(loggedStore(), {}, idleWork(2));
  ASSERT_TRUE(log.waitFor("idle", 3));  // one turn, and two more while more was left
  std::promise<void> stored;
  queue.submit(message("a"), [&](const Result<AppendedMessage>&) { stored.set_value(); });
  stored.get_future().get();
  ASSERT_TRUE(log.waitFor("idle", 4));
  queue.stop();
  EXPECT_THAT(log.entries(), ElementsAre("idle", "idle", "idle", "batch", "idle"));
}

TEST_F(MessageCommitQueueIdleTest, WaitingAppendsGoFirst) {
  MessageCommitQueue queue(loggedStore(), {}, idleWork());
  ASSERT_TRUE(log.waitFor("idle", 1));
  app.messages().holdNextBatch();
  queue.submit(message("m0"), outcomes.slot(0));
  app.messages().waitUntilHeld();
  for (int i = 1; i <= 3; ++i) queue.submit(message("m" + std::to_string(i)), outcomes.slot(i));
  app.messages().release();
  ASSERT_TRUE(log.waitFor("idle", 2));
  queue.stop();
  EXPECT_THAT(log.entries(), ElementsAre("idle", "batch", "batch", "idle"));
}

TEST_F(MessageCommitQueueIdleTest, ASustainedPeakStillLeavesIdleWorkATurn) {
  MessageCommitQueue queue(loggedStore(), {.max_batch = 1, .max_waiting = 100}, idleWork());
  ASSERT_TRUE(log.waitFor("idle", 1));
  app.messages().holdNextBatch();
  queue.submit(message("m0"), outcomes.slot(0));
  app.messages().waitUntilHeld();
  for (int i = 1; i <= 20; ++i) queue.submit(message("m" + std::to_string(i)), outcomes.slot(i));
  app.messages().release();
  ASSERT_TRUE(log.waitFor("batch", 21));
  queue.stop();
  const auto entries = log.entries();
  std::vector<std::string> expected = {"idle"};
  for (int i = 0; i < MessageCommitQueue::kIdleTurnEvery; ++i) expected.emplace_back("batch");
  expected.emplace_back("idle");
  ASSERT_GE(entries.size(), expected.size());
  EXPECT_EQ(std::vector<std::string>(
                entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(expected.size())),
            expected);
}

TEST_F(MessageCommitQueueTest, StoresAndThenCallsBack) {
  MessageCommitQueue queue(store(), {});
  std::promise<bool> stored_first;
  queue.submit(message("hello"), [&](Result<AppendedMessage> outcome) {
    stored_first.set_value(outcome.ok() && storedNow(outcome->message.id));
  });
  EXPECT_TRUE(stored_first.get_future().get());
  ASSERT_EQ(app.messages().stored().size(), 1u);
  EXPECT_EQ(app.messages().stored()[0].text, "hello");
  EXPECT_EQ(app.messages().stored()[0].seq, 1);
}

TEST_F(MessageCommitQueueTest, CallbacksRunOnTheCommitterThread) {
  {
    MessageCommitQueue queue(store(), {});
    queue.submit(message("a"), outcomes.slot(0));
  }
  ASSERT_EQ(outcomes.threads().size(), 1u);
  EXPECT_NE(*outcomes.threads().begin(), std::this_thread::get_id());
}

TEST_F(MessageCommitQueueTest, DuplicateClientIdIsNotAnnouncedAgain) {
  MessageCommitQueue queue(store(), {});
  queue.submit(message("first", "c-1"), outcomes.slot(0));
  queue.stop();
  MessageCommitQueue again(store(), {});
  again.submit(message("retry", "c-1"), outcomes.slot(1));
  again.stop();

  ASSERT_TRUE(outcomes.at(0).ok());
  ASSERT_TRUE(outcomes.at(1).ok());
  EXPECT_FALSE(outcomes.at(0)->outcome == AppendOutcome::kDuplicate);
  EXPECT_TRUE(outcomes.at(1)->outcome == AppendOutcome::kDuplicate);
  EXPECT_EQ(outcomes.at(1)->message.id, outcomes.at(0)->message.id);
  EXPECT_EQ(outcomes.at(1)->message.text, "first");
  EXPECT_EQ(app.messages().stored().size(), 1u);
  EXPECT_EQ(app.messages().stored().size(), 1u);
}

TEST_F(MessageCommitQueueTest, DuplicateInsideOneBatchIsNotAnnouncedAgain) {
  MessageCommitQueue queue(store(), {});
  app.messages().holdNextBatch();
  queue.submit(message("filler"), outcomes.slot(0));
  app.messages().waitUntilHeld();
  queue.submit(message("first", "c-1"), outcomes.slot(1));
  queue.submit(message("retry", "c-1"), outcomes.slot(2));
  app.messages().release();
  queue.stop();

  EXPECT_THAT(app.messages().batchSizes(), ElementsAre(1, 2));
  ASSERT_TRUE(outcomes.at(2).ok());
  EXPECT_TRUE(outcomes.at(2)->outcome == AppendOutcome::kDuplicate);
  EXPECT_EQ(outcomes.at(2)->message.id, outcomes.at(1)->message.id);
  EXPECT_THAT(seqs(app.messages().stored()), ElementsAre(1, 2));
}

TEST_F(MessageCommitQueueTest, EachEntryHasItsOwnOutcome) {
  MessageCommitQueue queue(store(), {});
  app.messages().holdNextBatch();
  queue.submit(message("filler"), outcomes.slot(0));
  app.messages().waitUntilHeld();
  queue.submit(message("ok 1"), outcomes.slot(1));
  queue.submit(message("not a member", {}, bob.user_id), outcomes.slot(2));
  queue.submit(message("no group", {}, alice.user_id, group + 100), outcomes.slot(3));
  queue.submit(message("ok 2"), outcomes.slot(4));
  app.messages().release();
  queue.stop();

  EXPECT_THAT(app.messages().batchSizes(), ElementsAre(1, 4));
  ASSERT_TRUE(outcomes.at(1).ok());
  EXPECT_EQ(outcomes.at(1)->message.seq, 2);
  ASSERT_TRUE(outcomes.at(2).ok());
  EXPECT_EQ(outcomes.at(2)->outcome, AppendOutcome::kNotMember);
  ASSERT_TRUE(outcomes.at(3).ok());
  EXPECT_EQ(outcomes.at(3)->outcome, AppendOutcome::kNoSuchGroup);
  ASSERT_TRUE(outcomes.at(4).ok());
  EXPECT_EQ(outcomes.at(4)->message.seq, 3);
  EXPECT_THAT(seqs(app.messages().stored()), ElementsAre(1, 2, 3));
}

TEST_F(MessageCommitQueueTest, FailedTransactionFailsEveryEntryAndAnnouncesNothing) {
  app.messages().batch_failure = Error::unavailable("database is down");
  {
    MessageCommitQueue queue(store(), {});
    for (int i = 0; i < 3; ++i) queue.submit(message("m"), outcomes.slot(i));
  }
  for (int i = 0; i < 3; ++i) {
    ASSERT_FALSE(outcomes.at(i).ok());
    EXPECT_EQ(outcomes.at(i).error().kind, ErrorKind::kUnavailable);
  }
  EXPECT_TRUE(app.messages().stored().empty());
}

TEST_F(MessageCommitQueueTest, AMissingOutcomeIsAnInternalError) {
  app.messages().max_outcomes = 0;
  {
    MessageCommitQueue queue(store(), {});
    queue.submit(message("m"), outcomes.slot(0));
  }
  ASSERT_FALSE(outcomes.at(0).ok());
  EXPECT_EQ(outcomes.at(0).error().kind, ErrorKind::kInternal);
  EXPECT_EQ(outcomes.at(0).error().detail, "Lost outcome");
}

TEST_F(MessageCommitQueueTest, CommitsWhatAccumulatedWhileBusyInOneBatch) {
  MessageCommitQueue queue(store(), {});
  app.messages().holdNextBatch();
  queue.submit(message("m0"), outcomes.slot(0));
  app.messages().waitUntilHeld();
  for (int i = 1; i <= 20; ++i) queue.submit(message("m" + std::to_string(i)), outcomes.slot(i));
  app.messages().release();
  queue.stop();

  EXPECT_THAT(app.messages().batchSizes(), ElementsAre(1, 20));
  EXPECT_EQ(outcomes.size(), 21u);
  for (int i = 0; i <= 20; ++i) {
    ASSERT_TRUE(outcomes.at(i).ok()) << i;
    EXPECT_EQ(outcomes.at(i)->message.seq, i + 1);  // submit order is commit order
    EXPECT_EQ(outcomes.calls(i), 1);
  }
}

TEST_F(MessageCommitQueueTest, BatchesAreAtMostMaxBatch) {
  MessageCommitQueue queue(store(), {.max_batch = 4, .max_waiting = 100});
  app.messages().holdNextBatch();
  queue.submit(message("m0"), outcomes.slot(0));
  app.messages().waitUntilHeld();
  for (int i = 1; i <= 10; ++i) queue.submit(message("m"), outcomes.slot(i));
  app.messages().release();
  queue.stop();

  EXPECT_THAT(app.messages().batchSizes(), ElementsAre(1, 4, 4, 2));
  EXPECT_THAT(seqs(app.messages().stored()), ElementsAre(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11));
}

TEST_F(MessageCommitQueueTest, RefusesBeyondMaxWaiting) {
  MessageCommitQueue queue(store(), {.max_batch = 10, .max_waiting = 3});
  app.messages().holdNextBatch();
  queue.submit(message("m0"), outcomes.slot(0));
  app.messages().waitUntilHeld();
  for (int i = 1; i <= 4; ++i) queue.submit(message("m"), outcomes.slot(i));
  // The fourth waiting submission was refused at once, on this thread.
  EXPECT_EQ(outcomes.size(), 1u);
  app.messages().release();
  queue.stop();

  ASSERT_FALSE(outcomes.at(4).ok());
  EXPECT_EQ(outcomes.at(4).error().kind, ErrorKind::kRateLimited);
  EXPECT_EQ(outcomes.at(4).error().retry_after_seconds, 1);
  EXPECT_EQ(outcomes.at(4).error().message, "The server is busy; retry shortly");
  for (int i = 0; i <= 3; ++i) EXPECT_TRUE(outcomes.at(i).ok()) << i;
  EXPECT_EQ(app.messages().stored().size(), 4u);
}

TEST_F(MessageCommitQueueTest, StopStoresWhatIsWaiting) {
  MessageCommitQueue queue(store(), {.max_batch = 1, .max_waiting = 100});
  app.messages().holdNextBatch();
  queue.submit(message("m0"), outcomes.slot(0));
  app.messages().waitUntilHeld();
  for (int i = 1; i <= 5; ++i) queue.submit(message("m"), outcomes.slot(i));
  std::thread stopper([&] { queue.stop(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // let stop() begin
  app.messages().release();
  stopper.join();

  EXPECT_EQ(outcomes.size(), 6u);
  for (int i = 0; i <= 5; ++i) {
    EXPECT_TRUE(outcomes.at(i).ok()) << i;
    EXPECT_EQ(outcomes.calls(i), 1) << i;
  }
  EXPECT_EQ(app.messages().stored().size(), 6u);
}

TEST_F(MessageCommitQueueTest, SubmitAfterStopIsRefusedAtOnce) {
  MessageCommitQueue queue(store(), {});
  queue.stop();
  queue.stop();  // stopping twice is harmless
  queue.submit(message("late"), outcomes.slot(0));
  ASSERT_EQ(outcomes.size(), 1u);
  ASSERT_FALSE(outcomes.at(0).ok());
  EXPECT_EQ(outcomes.at(0).error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(outcomes.at(0).error().message, "The server is shutting down");
  EXPECT_TRUE(app.messages().stored().empty());
  EXPECT_TRUE(app.messages().batchSizes().empty());
}

TEST_F(MessageCommitQueueTest, DestructorStoresWhatIsWaiting) {
  {
    MessageCommitQueue queue(store(), {});
    for (int i = 0; i < 50; ++i) queue.submit(message("m"), outcomes.slot(i));
  }
  EXPECT_EQ(outcomes.size(), 50u);
  EXPECT_EQ(app.messages().stored().size(), 50u);
  EXPECT_EQ(app.messages().stored().size(), 50u);
}

TEST_F(MessageCommitQueueTest, ACallbackMaySubmitAgain) {
  std::promise<void> second_done;
  MessageCommitQueue queue(store(), {});
  queue.submit(message("first"), [&](const Result<AppendedMessage>&) {
    queue.submit(message("second"),
                 [&](const Result<AppendedMessage>&) { second_done.set_value(); });
  });
  second_done.get_future().wait();
  EXPECT_THAT(seqs(app.messages().stored()), ElementsAre(1, 2));
}

}  // namespace
}  // namespace chat
