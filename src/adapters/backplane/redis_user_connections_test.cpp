#include "adapters/backplane/redis_user_connections.hpp"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <thread>

#include "adapters/backplane/loop_thread_test_support.hpp"
#include "adapters/redis/redis_server_test_support.hpp"

namespace chat::backplane {
namespace {

using namespace std::chrono_literals;
using redis::testing::RedisServer;
using redis::testing::urlOf;
using testing::LoopThread;
using testing::within;

constexpr UserId kAlice = 7;

// One node: its cluster view, and the counts it would write again after a reconnection.
struct Node {
  std::mutex mutex;
  std::map<UserId, std::size_t> counts;
  std::unique_ptr<RedisUserConnections> cluster;

  // What the cluster answers, waited for; none when it does not answer at all.
  std::optional<bool> admit(UserId user, std::size_t count, std::size_t max) {
    {
      std::lock_guard lock(mutex);
      counts[user] = count;
    }
    auto answer = std::make_shared<std::promise<bool>>();
    auto future = answer->get_future();
    cluster->admit(user, count, max, [answer](bool admitted) { answer->set_value(admitted); });
    auto admitted = within(future);
    if (admitted && !*admitted) update(user, count - 1);
    return admitted;
  }
  // Who is online across the nodes, waited for; none when the cluster can not tell.
  std::optional<std::vector<bool>> online(std::vector<UserId> users) {
    auto answer = std::make_shared<std::promise<std::optional<std::vector<bool>>>>();
    auto future = answer->get_future();
    cluster->online(std::move(users), [answer](std::optional<std::vector<bool>> online) {
      answer->set_value(std::move(online));
    });
    auto answered = within(future);
    return answered ? *answered : std::nullopt;
  }
  void update(UserId user, std::size_t count) {
    {
      std::lock_guard lock(mutex);
      counts[user] = count;
    }
    cluster->update(user, count);
  }
};

class RedisUserConnectionsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(server.start()); }
  void TearDown() override {
    loop_thread.runOnLoop([this] { nodes_.clear(); });
  }

  Node& node(RedisUserConnections::Options options = quick()) {
    nodes_.push_back(std::make_unique<Node>());
    Node& node = *nodes_.back();
    loop_thread.runOnLoop([&] {
      node.cluster = std::make_unique<RedisUserConnections>(
          loop_thread.loop(), urlOf(server.url()), "node-" + std::to_string(nodes_.size()),
          [&node] {
            std::lock_guard lock(node.mutex);
            return std::vector<std::pair<UserId, std::size_t>>(node.counts.begin(),
                                                               node.counts.end());
          },
          options);
    });
    node.cluster->start();
    waitUntilUp(node);
    return node;
  }
  // Until admissions reach Redis: a refusal says so (nothing else refuses max 0).
  static void waitUntilUp(Node& node) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (node.admit(999, 1, 0).value_or(true) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(10ms);
    }
  }
  static RedisUserConnections::Options quick() {
    return {.heartbeat_interval = 100ms, .lifetime = 400ms, .admit_timeout = 300ms};
  }

  RedisServer server;
  LoopThread loop_thread;
  std::vector<std::unique_ptr<Node>> nodes_;
};

TEST_F(RedisUserConnectionsTest, TheLimitHoldsOverAllNodes) {
  Node& a = node();
  Node& b = node();
  EXPECT_EQ(a.admit(kAlice, 1, 3), true);
  EXPECT_EQ(a.admit(kAlice, 2, 3), true);
  EXPECT_EQ(b.admit(kAlice, 1, 3), true);
  EXPECT_EQ(b.admit(kAlice, 2, 3), false);  // 2 on a, 2 on b
  EXPECT_EQ(a.admit(kAlice, 3, 3), false);
  // Another user counts apart.
  EXPECT_EQ(b.admit(kAlice + 1, 1, 1), true);
  // One closes on a: b may have another.
  a.update(kAlice, 1);
  EXPECT_EQ(b.admit(kAlice, 2, 3), true);
}

TEST_F(RedisUserConnectionsTest, ANodeThatStoppedBeatingNoLongerCounts) {
  Node& a = node();
  Node& b = node();
  EXPECT_EQ(a.admit(kAlice, 2, 2), true);
  EXPECT_EQ(b.admit(kAlice, 1, 2), false);
  a.cluster->stop();  // as a node that crashed: its counts stay in Redis
  std::this_thread::sleep_for(quick().lifetime + 200ms);
  EXPECT_EQ(b.admit(kAlice, 1, 2), true);
}

TEST_F(RedisUserConnectionsTest, ARestartedRedisLearnsTheCountsAgain) {
  Node& a = node();
  Node& b = node();
  EXPECT_EQ(a.admit(kAlice, 2, 2), true);
  server.kill();
  ASSERT_NO_FATAL_FAILURE(server.start());  // empty: nothing was saved
  waitUntilUp(a);
  waitUntilUp(b);
  std::this_thread::sleep_for(100ms);  // a's counts, written on reconnecting, are in
  EXPECT_EQ(b.admit(kAlice, 1, 2), false);
}

TEST_F(RedisUserConnectionsTest, AdmitsWhenRedisIsDownOrHangs) {
  Node& a = node();
  EXPECT_EQ(a.admit(kAlice, 1, 1), true);
  server.pause();
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(a.admit(kAlice, 2, 1), true);  // no answer: this node's own limit decides
  EXPECT_GE(std::chrono::steady_clock::now() - started, quick().admit_timeout - 50ms);
  server.resume();
  server.kill();
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(a.admit(kAlice, 3, 1), true);
}

TEST_F(RedisUserConnectionsTest, TellsWhoIsOnlineOnAnyNodeAlive) {
  Node& a = node();
  Node& b = node();
  const UserId bob = kAlice + 1;
  const UserId carol = kAlice + 2;
  EXPECT_EQ(a.admit(kAlice, 1, 5), true);
  EXPECT_EQ(b.admit(bob, 1, 5), true);
  EXPECT_EQ(b.admit(carol, 1, 5), true);
  b.update(carol, 0);  // carol closed hers
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(a.online({kAlice, bob, carol, 12345}), (std::vector<bool>{true, true, false, false}));
  EXPECT_EQ(b.online({}), std::vector<bool>());

  b.cluster->stop();  // crashed: once its heartbeat expires, bob is offline
  std::this_thread::sleep_for(quick().lifetime + 200ms);
  EXPECT_EQ(a.online({kAlice, bob}), (std::vector<bool>{true, false}));
}

TEST_F(RedisUserConnectionsTest, OnlineHasNoAnswerWhenRedisHangs) {
  Node& a = node();
  EXPECT_EQ(a.admit(kAlice, 1, 1), true);
  server.pause();
  EXPECT_EQ(a.online({kAlice}), std::nullopt);
  server.resume();
}

}  // namespace
}  // namespace chat::backplane
