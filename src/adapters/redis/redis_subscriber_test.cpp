#include "adapters/redis/redis_subscriber.hpp"

#include <gtest/gtest.h>

#include <utility>

#include "adapters/redis/redis_connection.hpp"
#include "adapters/redis/redis_server_test_support.hpp"

namespace chat::redis {
namespace {

using namespace std::string_literals;
using namespace std::chrono_literals;
using testing::RedisServerTest;
using testing::runFor;
using testing::runUntil;
using testing::urlOf;

using Message = std::pair<std::string, std::string>;  // channel, payload

// A subscriber that records what it receives and its state changes, and a command
// connection to publish with.
class RedisSubscriberTest : public RedisServerTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(RedisServerTest::SetUp());
    publisher = std::make_unique<RedisConnection>(loop, urlOf(server.url()));
    subscriber = std::make_unique<RedisSubscriber>(loop, urlOf(server.url()));
    subscriber->onMessage([this](std::string_view channel, std::string_view payload) {
      messages.emplace_back(channel, payload);
    });
    subscriber->onState([this](bool up) {
      states.push_back(up);
      count_when_up = subscriber->subscribedCount();
    });
    publisher->start();
    ASSERT_TRUE(runUntil(loop, [&] { return publisher->isUp(); }));
  }

  void TearDown() override {
    subscriber.reset();
    publisher.reset();
    RedisServerTest::TearDown();
  }

  void bringUp() {
    subscriber->start();
    ASSERT_TRUE(runUntil(loop, [&] { return subscriber->isUp(); })) << "never came up";
  }

  Reply call(std::initializer_list<std::string_view> args) {
    std::optional<Result<Reply>> answer;
    publisher->command(args, [&](Result<Reply> reply) { answer.emplace(std::move(reply)); });
    if (!runUntil(loop, [&] { return answer.has_value(); })) {
      ADD_FAILURE() << "no answer";
      return Reply::nil();
    }
    EXPECT_TRUE(answer->ok()) << answer->error().detail;
    return answer->ok() ? **answer : Reply::nil();
  }

  // How many subscribers received it.
  std::int64_t publish(std::string_view channel, std::string_view payload) {
    return call({"PUBLISH", channel, payload}).integer;
  }

  // Calls of a command since the last CONFIG RESETSTAT, from INFO commandstats.
  int callsOf(const std::string& command) {
    const std::string info = call({"INFO", "commandstats"}).text;
    const std::string key = "cmdstat_" + command + ":calls=";
    const auto at = info.find(key);
    return at == std::string::npos ? 0 : std::stoi(info.substr(at + key.size()));
  }

  std::unique_ptr<RedisConnection> publisher;
  std::unique_ptr<RedisSubscriber> subscriber;
  std::vector<Message> messages;
  std::vector<bool> states;
  std::size_t count_when_up = 0;
};

TEST_F(RedisSubscriberTest, UpOnlyOnceTheWholeSetIsSubscribed) {
  subscriber->subscribe("a");
  subscriber->subscribe("b");
  ASSERT_NO_FATAL_FAILURE(bringUp());
  EXPECT_EQ(states, std::vector<bool>{true});
  EXPECT_EQ(count_when_up, 2u);
  EXPECT_EQ(publish("a", "x"), 1);
}

TEST_F(RedisSubscriberTest, DeliversPayloadsExactly) {
  subscriber->subscribe("room:1");
  ASSERT_NO_FATAL_FAILURE(bringUp());
  const std::string binary = "\0\r\n\xff\x01 text"s;
  std::string large(1 << 20, '\0');
  for (std::size_t i = 0; i < large.size(); ++i) large[i] = static_cast<char>(i * 7919 % 251);

  EXPECT_EQ(publish("room:1", "hello"), 1);
  EXPECT_EQ(publish("room:1", binary), 1);
  EXPECT_EQ(publish("room:1", ""), 1);
  EXPECT_EQ(publish("room:1", large), 1);
  ASSERT_TRUE(runUntil(loop, [&] { return messages.size() == 4; }));
  EXPECT_EQ(messages[0], Message("room:1", "hello"));
  EXPECT_EQ(messages[1], Message("room:1", binary));
  EXPECT_EQ(messages[2], Message("room:1", ""));
  EXPECT_EQ(messages[3].first, "room:1");
  EXPECT_TRUE(messages[3].second == large) << "the 1 MiB payload differs";
}

TEST_F(RedisSubscriberTest, SubscribesWhileUp) {
  ASSERT_NO_FATAL_FAILURE(bringUp());
  EXPECT_EQ(count_when_up, 0u);
  subscriber->subscribe("late");
  ASSERT_TRUE(runUntil(loop, [&] { return subscriber->subscribedCount() == 1; }));
  EXPECT_EQ(publish("late", "news"), 1);
  ASSERT_TRUE(runUntil(loop, [&] { return messages.size() == 1; }));
  EXPECT_EQ(messages[0], Message("late", "news"));
  EXPECT_EQ(states, std::vector<bool>{true});
}

TEST_F(RedisSubscriberTest, UnsubscribeStopsDelivery) {
  subscriber->subscribe("a");
  subscriber->subscribe("b");
  ASSERT_NO_FATAL_FAILURE(bringUp());
  EXPECT_EQ(publish("a", "1"), 1);
  ASSERT_TRUE(runUntil(loop, [&] { return messages.size() == 1; }));

  // Published right after: the server may still send it, but it is no longer wanted.
  subscriber->unsubscribe("a");
  publisher->command({"PUBLISH", "a", "2"}, [](const Result<Reply>& /*reply*/) {});
  ASSERT_TRUE(runUntil(loop, [&] { return subscriber->subscribedCount() == 1; }));
  EXPECT_EQ(publish("a", "3"), 0);
  EXPECT_EQ(publish("b", "4"), 1);
  ASSERT_TRUE(runUntil(loop, [&] { return messages.size() == 2; }));
  runFor(loop, 50ms);
  EXPECT_EQ(messages, (std::vector<Message>{{"a", "1"}, {"b", "4"}}));
}

TEST_F(RedisSubscriberTest, BatchesWhatIsAskedInOneTurnIntoOneCommand) {
  ASSERT_NO_FATAL_FAILURE(bringUp());
  call({"CONFIG", "RESETSTAT"});
  for (const char* channel : {"x", "y", "z", "x"}) subscriber->subscribe(channel);
  subscriber->unsubscribe("z");  // asked and taken back in the same turn: never sent
  ASSERT_TRUE(runUntil(loop, [&] { return subscriber->subscribedCount() == 2; }));
  EXPECT_EQ(callsOf("subscribe"), 1);

  subscriber->subscribe("x");  // already subscribed: nothing to send
  subscriber->unsubscribe("x");
  subscriber->unsubscribe("y");
  subscriber->unsubscribe("never");
  ASSERT_TRUE(runUntil(loop, [&] { return subscriber->subscribedCount() == 0; }));
  EXPECT_EQ(callsOf("subscribe"), 1);
  EXPECT_EQ(callsOf("unsubscribe"), 1);
}

TEST_F(RedisSubscriberTest, ComesBackAndSubscribesAgainWhenItsConnectionIsKilled) {
  subscriber->subscribe("a");
  subscriber->subscribe("b");
  ASSERT_NO_FATAL_FAILURE(bringUp());
  EXPECT_EQ(call({"CLIENT", "KILL", "TYPE", "pubsub"}).integer, 1);
  ASSERT_TRUE(runUntil(loop, [&] { return states.size() == 3; })) << "no Down then Up";
  EXPECT_EQ(states, (std::vector<bool>{true, false, true}));
  EXPECT_EQ(count_when_up, 2u);
  EXPECT_EQ(publish("b", "again"), 1);
  ASSERT_TRUE(runUntil(loop, [&] { return messages.size() == 1; }));
  EXPECT_EQ(messages[0], Message("b", "again"));
}

TEST_F(RedisSubscriberTest, ComesBackWhenTheServerRestarts) {
  subscriber->subscribe("a");
  ASSERT_NO_FATAL_FAILURE(bringUp());
  server.kill();
  ASSERT_TRUE(runUntil(loop, [&] { return !subscriber->isUp() && !publisher->isUp(); }));
  EXPECT_EQ(states, (std::vector<bool>{true, false}));
  EXPECT_EQ(subscriber->subscribedCount(), 0u);
  subscriber->subscribe("b");  // while down: joins the set that is restored

  ASSERT_NO_FATAL_FAILURE(server.start());
  ASSERT_TRUE(runUntil(loop, [&] { return subscriber->isUp() && publisher->isUp(); }));
  EXPECT_EQ(states, (std::vector<bool>{true, false, true}));
  EXPECT_EQ(count_when_up, 2u);
  EXPECT_EQ(publish("a", "1"), 1);
  EXPECT_EQ(publish("b", "2"), 1);
  ASSERT_TRUE(runUntil(loop, [&] { return messages.size() == 2; }));
  EXPECT_EQ(messages, (std::vector<Message>{{"a", "1"}, {"b", "2"}}));
}

TEST_F(RedisSubscriberTest, NothingRunsAfterStop) {
  subscriber->subscribe("a");
  ASSERT_NO_FATAL_FAILURE(bringUp());
  subscriber->stop();
  EXPECT_FALSE(subscriber->isUp());
  EXPECT_EQ(publish("a", "1"), 0);
  runFor(loop, 100ms);
  EXPECT_TRUE(messages.empty());
  EXPECT_EQ(states, std::vector<bool>{true});
}

}  // namespace
}  // namespace chat::redis
