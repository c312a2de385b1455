// RedisBackplane's ended sessions: published to the other nodes, read back by a node that
// was not subscribed (or not started) then, and sent again after Redis was down.
#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include "adapters/backplane/loop_thread_test_support.hpp"
#include "adapters/backplane/redis_backplane.hpp"
#include "adapters/redis/redis_server_test_support.hpp"
#include "adapters/security/system_clock.hpp"

namespace chat::backplane {
namespace {

using namespace std::chrono_literals;
using redis::testing::RedisServer;
using redis::testing::urlOf;
using testing::LoopThread;

// One node's backplane and the ended sessions its listener heard of.
struct Node {
  std::mutex mutex;
  std::vector<std::pair<std::string, Timestamp>> ended;
  std::unique_ptr<RedisBackplane> bus;

  bool heard(const std::string& session) {
    std::lock_guard lock(mutex);
    return std::any_of(ended.begin(), ended.end(),
                       [&](const auto& e) { return e.first == session; });
  }
  std::size_t count() {
    std::lock_guard lock(mutex);
    return ended.size();
  }
};

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

class RedisBackplaneSessionsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(server.start()); }
  void TearDown() override {
    loop_thread.runOnLoop([this] { nodes_.clear(); });
  }

  Node& node() {
    nodes_.push_back(std::make_unique<Node>());
    Node& node = *nodes_.back();
    signalr::Backplane::Listener listener;
    listener.session_ended = [&node](std::string_view session, Timestamp forget_at) {
      std::lock_guard lock(node.mutex);
      node.ended.emplace_back(std::string(session), forget_at);
    };
    loop_thread.runOnLoop([&] {
      node.bus = std::make_unique<RedisBackplane>(loop_thread.loop(), urlOf(server.url()),
                                                  "node-" + std::to_string(nodes_.size()),
                                                  std::move(listener), clock);
    });
    node.bus->start();
    EXPECT_TRUE(eventually([&] { return node.bus->up(); }));
    return node;
  }
  Timestamp later() { return clock.now() + std::chrono::hours(1); }

  SystemClock clock;
  RedisServer server;
  LoopThread loop_thread;
  std::vector<std::unique_ptr<Node>> nodes_;
};

TEST_F(RedisBackplaneSessionsTest, AnotherNodeHearsOfAnEndedSessionButNotTheNodeItself) {
  Node& a = node();
  Node& b = node();
  const Timestamp forget_at = later();
  a.bus->publishSessionEnded("session-1", forget_at);
  ASSERT_TRUE(eventually([&] { return b.heard("session-1"); }));
  {
    std::lock_guard lock(b.mutex);
    EXPECT_EQ(b.ended.front().second, forget_at);
  }
  std::this_thread::sleep_for(100ms);
  EXPECT_FALSE(a.heard("session-1"));  // from its own publish, that is; it ended it itself
}

TEST_F(RedisBackplaneSessionsTest, ANodeStartedLaterReadsTheSessionsEndedBefore) {
  Node& a = node();
  a.bus->publishSessionEnded("session-1", later());
  a.bus->publishSessionEnded("gone", clock.now() - 1s);  // every token of it expired already
  std::this_thread::sleep_for(200ms);
  Node& c = node();
  EXPECT_TRUE(eventually([&] { return c.heard("session-1"); }));
  std::this_thread::sleep_for(100ms);
  EXPECT_FALSE(c.heard("gone"));
}

TEST_F(RedisBackplaneSessionsTest, ASessionEndedWhileRedisIsDownGoesOutOnceItIsBack) {
  Node& a = node();
  Node& b = node();
  server.kill();
  ASSERT_TRUE(eventually([&] { return !a.bus->up() && !b.bus->up(); }));
  a.bus->publishSessionEnded("session-1", later());
  std::this_thread::sleep_for(200ms);
  ASSERT_NO_FATAL_FAILURE(server.start());  // empty: nothing was kept
  EXPECT_TRUE(eventually([&] { return b.heard("session-1"); }, 15s));
  Node& c = node();  // and it is kept for those that come later
  EXPECT_TRUE(eventually([&] { return c.heard("session-1"); }));
}

}  // namespace
}  // namespace chat::backplane
