#include "adapters/signalr/group_subscriptions.hpp"

#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <map>
#include <string>
#include <vector>

namespace chat::signalr {
namespace {

constexpr GroupId kGroup = 7;

SharedPush recordOf(Seq seq) {
  return std::make_shared<const PushedMessage>(makeRecord("m" + std::to_string(seq)));
}

class RecordingSubscriber final : public GroupSubscriber {
 public:
  explicit RecordingSubscriber(UserId user) : principal_{user, "user"} {}
  void receive(const SharedPush& message) override { received.push_back(*message->json()); }
  void receiveEvent(const SharedEvent& event) override {
    events.push_back(*event->recordFor(jsonHubProtocol()));
  }
  void fellBehind() override { ++fell_behind; }
  const Principal& principal() const override { return principal_; }

  std::vector<std::string> received;
  std::vector<std::string> events;
  int fell_behind = 0;

 private:
  Principal principal_;
};

// A group's stored messages; pages answer on the loop, as the hub's source does.
class FakeHistory final : public HistorySource {
 public:
  explicit FakeHistory(boost::asio::io_context& loop) : loop_(loop) {}
  void store(Seq seq) { stored_[seq] = recordOf(seq); }
  void readAfter(const Principal&, GroupId group, Seq after, Done done) override {
    ++reads;
    Page page;
    for (auto it = stored_.upper_bound(after); it != stored_.end(); ++it) {
      if (static_cast<int>(page.deliveries.size()) == page_size) {
        page.full = true;
        break;
      }
      page.deliveries.push_back({group, it->first, it->second});
    }
    Result<Page> answer = failure ? Result<Page>(*failure) : Result<Page>(std::move(page));
    boost::asio::post(loop_, [done = std::move(done), answer = std::move(answer)]() mutable {
      done(std::move(answer));
    });
  }

  int reads = 0;
  int page_size = 100;
  std::optional<Error> failure;

 private:
  boost::asio::io_context& loop_;
  std::map<Seq, SharedPush> stored_;
};

class GroupSubscriptionsTest : public ::testing::Test {
 protected:
  GroupSubscriptions::Options options() {
    return {.max_held = 4, .gap_wait = std::chrono::milliseconds(1), .gap_attempts = 2};
  }
  void arrive(Seq seq) { subscriptions.deliver({kGroup, seq, recordOf(seq)}); }
  // Live from the next message on.
  void subscribeLive(RecordingSubscriber& subscriber) {
    subscriptions.subscribe(kGroup, &subscriber, std::nullopt, [](const Status&) {});
  }
  void run() {
    loop.restart();
    loop.run();
  }
  static std::vector<std::string> texts(std::initializer_list<Seq> seqs) {
    std::vector<std::string> out;
    for (Seq seq : seqs) out.push_back("m" + std::to_string(seq));
    return out;
  }

  boost::asio::io_context loop;
  FakeHistory history{loop};
  GroupSubscriptions subscriptions{loop, history, options()};
  RecordingSubscriber alice{1};
  RecordingSubscriber bob{2};
};

TEST_F(GroupSubscriptionsTest, InOrderArrivalsPassStraightThrough) {
  subscribeLive(alice);
  for (Seq seq : {5, 6, 7}) arrive(seq);
  EXPECT_EQ(alice.received, texts({5, 6, 7}));
  run();
  EXPECT_EQ(history.reads, 0);
}

TEST_F(GroupSubscriptionsTest, OutOfOrderArrivalsAreSentInSeqOrder) {
  subscribeLive(alice);
  arrive(1);
  arrive(3);
  arrive(4);
  EXPECT_EQ(alice.received, texts({1}));
  arrive(2);
  EXPECT_EQ(alice.received, texts({1, 2, 3, 4}));
  run();
  EXPECT_EQ(history.reads, 0) << "the gap closed before storage was asked";
}

TEST_F(GroupSubscriptionsTest, RepeatsAreDropped) {
  subscribeLive(alice);
  for (Seq seq : {1, 1, 2, 1, 3, 3, 2}) arrive(seq);
  EXPECT_EQ(alice.received, texts({1, 2, 3}));
}

TEST_F(GroupSubscriptionsTest, AGapIsFilledFromStorageAfterTheWait) {
  for (Seq seq : {1, 2, 3, 4}) history.store(seq);
  subscribeLive(alice);
  arrive(1);
  arrive(4);  // 2 and 3 were stored but their announcements were lost
  EXPECT_EQ(alice.received, texts({1}));
  run();
  EXPECT_EQ(alice.received, texts({1, 2, 3, 4}));
  EXPECT_EQ(history.reads, 1);
}

TEST_F(GroupSubscriptionsTest, AGapStorageCanNotFillYetIsReadAgainThenSkipped) {
  history.store(1);
  history.store(3);
  subscribeLive(alice);
  arrive(1);
  arrive(3);  // 2 is neither announced nor stored: its writer never committed
  run();
  EXPECT_EQ(alice.received, texts({1, 3}));
  EXPECT_EQ(history.reads, 1 + options().gap_attempts);
}

TEST_F(GroupSubscriptionsTest, AGapStorageFillsOnALaterReadIsDeliveredInOrder) {
  history.store(1);
  history.store(3);
  subscribeLive(alice);
  arrive(1);
  arrive(3);
  loop.run_one();  // the wait
  loop.run_one();  // the first read: nothing for 2 yet
  EXPECT_EQ(alice.received, texts({1}));
  history.store(2);  // committed late
  run();
  EXPECT_EQ(alice.received, texts({1, 2, 3}));
}

TEST_F(GroupSubscriptionsTest, ReplayAfterASeqSendsHistoryThenWhatArrivedMeanwhile) {
  for (Seq seq = 1; seq <= 5; ++seq) history.store(seq);
  history.page_size = 2;
  std::optional<Status> caught;
  subscriptions.subscribe(kGroup, &alice, 2, [&](const Status& status) { caught = status; });
  arrive(6);  // live, during the replay
  history.store(6);
  arrive(5);  // a repeat of history
  EXPECT_FALSE(caught);
  run();
  ASSERT_TRUE(caught);
  EXPECT_TRUE(caught->ok());
  EXPECT_EQ(alice.received, texts({3, 4, 5, 6}));
}

TEST_F(GroupSubscriptionsTest, ReplayWithNothingNewAnswersOnceStorageSaysSo) {
  history.store(1);
  std::optional<Status> caught;
  subscriptions.subscribe(kGroup, &alice, 1, [&](const Status& status) { caught = status; });
  run();
  ASSERT_TRUE(caught);
  EXPECT_TRUE(caught->ok());
  EXPECT_TRUE(alice.received.empty());
  arrive(2);
  EXPECT_EQ(alice.received, texts({2}));
}

TEST_F(GroupSubscriptionsTest, AFailedReplayAnswersWithTheError) {
  history.failure = Error::unavailable("The database is not available; retry shortly");
  std::optional<Status> caught;
  subscriptions.subscribe(kGroup, &alice, 0, [&](const Status& status) { caught = status; });
  run();
  ASSERT_TRUE(caught);
  ASSERT_FALSE(caught->ok());
  EXPECT_EQ(caught->error().kind, ErrorKind::kUnavailable);
}

TEST_F(GroupSubscriptionsTest, LeavingDuringAFillDeliversNothingAndAnswersTheReplay) {
  for (Seq seq = 1; seq <= 3; ++seq) history.store(seq);
  std::optional<Status> caught;
  subscriptions.subscribe(kGroup, &alice, 0, [&](const Status& status) { caught = status; });
  subscriptions.unsubscribe(kGroup, &alice);
  ASSERT_TRUE(caught);
  EXPECT_TRUE(caught->ok());
  run();  // the read answers after the leave
  EXPECT_TRUE(alice.received.empty());
  EXPECT_EQ(subscriptions.subscriptionCount(), 0u);
}

TEST_F(GroupSubscriptionsTest, EachSubscriptionKeepsItsOwnPlace) {
  for (Seq seq = 1; seq <= 3; ++seq) history.store(seq);
  subscribeLive(alice);
  arrive(3);
  subscriptions.subscribe(kGroup, &bob, 1, [](const Status&) {});
  arrive(4);
  run();
  EXPECT_EQ(alice.received, texts({3, 4}));
  EXPECT_EQ(bob.received, texts({2, 3, 4}));
}

TEST_F(GroupSubscriptionsTest, TooManyEarlyArrivalsMeanTheSubscriberFellBehind) {
  subscribeLive(alice);
  arrive(1);
  for (Seq seq = 3; seq <= 3 + static_cast<Seq>(options().max_held); ++seq) arrive(seq);
  EXPECT_EQ(alice.fell_behind, 1);
}

TEST_F(GroupSubscriptionsTest, UnsubscribingDuringADeliveryIsSafe) {
  class Leaver final : public GroupSubscriber {
   public:
    Leaver(GroupSubscriptions& subscriptions) : subscriptions_(subscriptions) {}
    void receive(const SharedPush&) override {
      ++received;
      subscriptions_.unsubscribe(kGroup, this);
    }
    void receiveEvent(const SharedEvent&) override {}
    void fellBehind() override {}
    const Principal& principal() const override { return principal_; }
    int received = 0;

   private:
    GroupSubscriptions& subscriptions_;
    Principal principal_{3, "leaver"};
  };
  Leaver leaver(subscriptions);
  subscriptions.subscribe(kGroup, &leaver, std::nullopt, [](const Status&) {});
  subscribeLive(alice);
  arrive(1);
  arrive(2);
  EXPECT_EQ(leaver.received, 1);
  EXPECT_EQ(alice.received, texts({1, 2}));
  EXPECT_EQ(subscriptions.subscriptionCount(), 1u);
}

TEST_F(GroupSubscriptionsTest, SubscribersOfFindsAUsersConnections) {
  subscribeLive(alice);
  subscribeLive(bob);
  auto found = subscriptions.subscribersOf(kGroup, 2);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0], &bob);
}

// A live subscription that knows the group's head misses nothing after it, even what
// never arrives live: the next arrival reveals the gap.
TEST_F(GroupSubscriptionsTest, LiveSubscriptionStartsAfterTheHeadItWasGiven) {
  subscriptions.subscribe(
      kGroup, &alice, std::nullopt, [](const Status&) {}, /*head=*/3);
  history.store(4);
  history.store(5);
  arrive(5);  // 4 was published but lost on the way
  run();
  EXPECT_EQ(alice.received, texts({4, 5}));
}

// The sweep's head catches a lost tail: nothing later arrives to reveal the gap.
TEST_F(GroupSubscriptionsTest, HeadAheadOfASubscriptionReadsWhatItMissed) {
  subscribeLive(alice);
  arrive(1);
  history.store(1);
  history.store(2);
  history.store(3);
  subscriptions.headIs(kGroup, 3);
  run();
  EXPECT_EQ(alice.received, texts({1, 2, 3}));
  const int reads = history.reads;
  subscriptions.headIs(kGroup, 3);  // caught up: nothing to read
  run();
  EXPECT_EQ(history.reads, reads);
}

TEST_F(GroupSubscriptionsTest, HeadAnchorsASubscriptionThatSawNothingYet) {
  subscribeLive(alice);
  subscriptions.headIs(kGroup, 9);
  arrive(9);  // a repeat of what was before the head
  arrive(10);
  run();
  EXPECT_EQ(alice.received, texts({10}));
  EXPECT_EQ(history.reads, 0);
}

TEST_F(GroupSubscriptionsTest, ReportsTheFirstAndTheLastSubscriberOfAGroup) {
  std::vector<std::pair<GroupId, bool>> changes;
  subscriptions.onInterestChanged(
      [&changes](GroupId group, bool interested) { changes.emplace_back(group, interested); });
  subscribeLive(alice);
  subscribeLive(bob);
  subscribeLive(alice);  // again: no change
  subscriptions.unsubscribe(kGroup, &alice);
  EXPECT_EQ(changes.size(), 1u);
  subscriptions.unsubscribe(kGroup, &bob);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0], std::make_pair(kGroup, true));
  EXPECT_EQ(changes[1], std::make_pair(kGroup, false));
}

TEST_F(GroupSubscriptionsTest, ListsEachReaderOfAGroupOnce) {
  RecordingSubscriber alice_on_a_phone{1};
  subscribeLive(alice);
  subscribeLive(alice_on_a_phone);
  subscribeLive(bob);
  auto readers = subscriptions.principalsOf(kGroup);
  ASSERT_EQ(readers.size(), 2u);
  EXPECT_EQ(readers[0].user_id, 1);
  EXPECT_EQ(readers[1].user_id, 2);
  EXPECT_TRUE(subscriptions.principalsOf(kGroup + 1).empty());
}

TEST_F(GroupSubscriptionsTest, SignalsReachEveryoneButTheirSenderNowAndAreNeverReplayed) {
  RecordingSubscriber alice_on_a_phone{1};
  RecordingSubscriber carol_elsewhere{3};
  subscribeLive(alice);
  subscribeLive(alice_on_a_phone);
  subscribeLive(bob);
  subscriptions.subscribe(kGroup + 1, &carol_elsewhere, std::nullopt, [](const Status&) {});
  arrive(1);
  arrive(3);  // held: a gap before it does not hold a signal back
  auto typing = std::make_shared<const PushedEvent>("T", boost::json::value(1));
  subscriptions.signal(kGroup, /*from=*/1, Audience::kOthers, typing);
  EXPECT_TRUE(alice.events.empty());
  EXPECT_TRUE(alice_on_a_phone.events.empty());
  ASSERT_EQ(bob.events.size(), 1u);
  EXPECT_EQ(bob.events[0], *typing->recordFor(jsonHubProtocol()));
  EXPECT_TRUE(carol_elsewhere.events.empty());

  RecordingSubscriber dave_later{4};
  subscriptions.subscribe(kGroup, &dave_later, 0, [](const Status&) {});
  run();
  EXPECT_TRUE(dave_later.events.empty());
  EXPECT_EQ(bob.events.size(), 1u);
}

TEST_F(GroupSubscriptionsTest, ASignalForItsUserReachesOnlyTheirConnections) {
  RecordingSubscriber alice_on_a_phone{1};
  subscribeLive(alice);
  subscribeLive(alice_on_a_phone);
  subscribeLive(bob);
  auto marker = std::make_shared<const PushedEvent>("R", boost::json::value(2));
  subscriptions.signal(kGroup, /*from=*/1, Audience::kThemOnly, marker);
  EXPECT_EQ(alice.events.size(), 1u);
  EXPECT_EQ(alice_on_a_phone.events.size(), 1u);
  EXPECT_TRUE(bob.events.empty());
}

TEST_F(GroupSubscriptionsTest, ARecipientMayLeaveWhileASignalIsDelivered) {
  class LeavesOnSignal final : public GroupSubscriber {
   public:
    explicit LeavesOnSignal(GroupSubscriptions& subscriptions) : subscriptions_(subscriptions) {}
    void receive(const SharedPush&) override {}
    void receiveEvent(const SharedEvent&) override { subscriptions_.unsubscribe(kGroup, this); }
    void fellBehind() override {}
    const Principal& principal() const override { return principal_; }

   private:
    GroupSubscriptions& subscriptions_;
    Principal principal_{9, "leaver"};
  };
  LeavesOnSignal leaver(subscriptions);
  subscriptions.subscribe(kGroup, &leaver, std::nullopt, [](const Status&) {});
  subscribeLive(bob);
  subscriptions.signal(kGroup, 1, Audience::kOthers,
                       std::make_shared<const PushedEvent>("T", boost::json::value(1)));
  EXPECT_EQ(bob.events.size(), 1u);
  EXPECT_EQ(subscriptions.principalsOf(kGroup).size(), 1u);
}

}  // namespace
}  // namespace chat::signalr
