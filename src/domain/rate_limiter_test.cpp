#include "domain/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace chat {
namespace {

using std::chrono::seconds;

TEST(RateLimiter, AllowsBurstThenAsksToWait) {
  RateLimiter limiter({.burst = 3, .per_minute = 6, .max_keys = 10});
  Timestamp t{};
  EXPECT_EQ(limiter.acquire("a", t), 0);
  EXPECT_EQ(limiter.acquire("a", t), 0);
  EXPECT_EQ(limiter.acquire("a", t), 0);
  EXPECT_EQ(limiter.acquire("a", t), 10);  // one token per 10 s
  EXPECT_EQ(limiter.acquire("b", t), 0);   // keys are independent
}

TEST(RateLimiter, RefillsOverTime) {
  RateLimiter limiter({.burst = 1, .per_minute = 60, .max_keys = 10});
  Timestamp t{};
  EXPECT_EQ(limiter.acquire("a", t), 0);
  EXPECT_GT(limiter.acquire("a", t), 0);
  EXPECT_EQ(limiter.acquire("a", t + seconds(1)), 0);
}

TEST(RateLimiter, KeepsKeyCountBounded) {
  RateLimiter limiter({.burst = 1, .per_minute = 1, .max_keys = 2});
  Timestamp t{};
  EXPECT_EQ(limiter.acquire("a", t), 0);
  EXPECT_EQ(limiter.acquire("b", t + seconds(1)), 0);
  EXPECT_EQ(limiter.acquire("c", t + seconds(2)), 0);  // evicts "a", the oldest
  EXPECT_EQ(limiter.acquire("a", t + seconds(3)), 0);  // so "a" starts afresh
}

}  // namespace
}  // namespace chat
