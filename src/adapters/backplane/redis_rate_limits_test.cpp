#include "adapters/backplane/redis_rate_limits.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "adapters/backplane/loop_thread_test_support.hpp"
#include "adapters/redis/redis_server_test_support.hpp"

namespace chat::backplane {
namespace {

using namespace std::chrono_literals;
using redis::testing::RedisServer;
using redis::testing::urlOf;
using testing::LoopThread;

constexpr RateLimiter::Options kThreeThenOneIn10s{.burst = 3, .per_minute = 6, .max_keys = 10};

class RedisRateLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(server.start()); }
  // Their connections live on the loop, and go there.
  void TearDown() override {
    loop_thread.runOnLoop([this] { nodes_.clear(); });
  }

  // A node's limits, started, once its connection answers.
  RedisRateLimits* node(std::chrono::milliseconds timeout = 250ms) {
    RedisRateLimits* limits = nullptr;
    loop_thread.runOnLoop([&] {
      nodes_.push_back(
          std::make_unique<RedisRateLimits>(loop_thread.loop(), urlOf(server.url()), timeout));
      limits = nodes_.back().get();
    });
    limits->start();
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!limits->acquire("warm-up", kThreeThenOneIn10s) &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(10ms);
    }
    return limits;
  }

  RedisServer server;
  LoopThread loop_thread;
  std::vector<std::unique_ptr<RedisRateLimits>> nodes_;
};

TEST_F(RedisRateLimitsTest, NodesSpendFromOneBucket) {
  auto a = node();
  auto b = node();
  EXPECT_EQ(a->acquire("login:name:alice", kThreeThenOneIn10s), 0);
  EXPECT_EQ(b->acquire("login:name:alice", kThreeThenOneIn10s), 0);
  EXPECT_EQ(a->acquire("login:name:alice", kThreeThenOneIn10s), 0);
  // The burst is spent, whichever node is asked: one attempt comes back every 10 s.
  const auto wait_b = b->acquire("login:name:alice", kThreeThenOneIn10s);
  ASSERT_TRUE(wait_b.has_value());
  EXPECT_GE(*wait_b, 9);
  EXPECT_LE(*wait_b, 10);
  EXPECT_GT(a->acquire("login:name:alice", kThreeThenOneIn10s).value_or(0), 0);
  // Another key has a bucket of its own.
  EXPECT_EQ(a->acquire("login:name:bob", kThreeThenOneIn10s), 0);
}

TEST_F(RedisRateLimitsTest, BucketsRefillAndExpire) {
  auto a = node();
  constexpr RateLimiter::Options kOneThenTenASecond{.burst = 1, .per_minute = 600, .max_keys = 10};
  EXPECT_EQ(a->acquire("k", kOneThenTenASecond), 0);
  EXPECT_EQ(a->acquire("k", kOneThenTenASecond), 1);  // 100 ms, rounded up to a second
  std::this_thread::sleep_for(150ms);
  EXPECT_EQ(a->acquire("k", kOneThenTenASecond), 0);
}

TEST_F(RedisRateLimitsTest, UnreachableWhenRedisIsDown) {
  auto a = node();
  server.kill();
  std::optional<int> answer = 0;
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (answer && std::chrono::steady_clock::now() < deadline) {
    answer = a->acquire("k", kThreeThenOneIn10s);
  }
  EXPECT_FALSE(answer.has_value());
}

TEST_F(RedisRateLimitsTest, UnreachableAfterTheTimeoutWhenRedisHangs) {
  auto a = node(100ms);
  server.pause();
  const auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE(a->acquire("k", kThreeThenOneIn10s).has_value());
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  server.resume();
}

}  // namespace
}  // namespace chat::backplane
