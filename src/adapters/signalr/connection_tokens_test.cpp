#include "adapters/signalr/connection_tokens.hpp"

#include <gtest/gtest.h>

namespace chat::signalr {
namespace {

using namespace std::chrono_literals;

TEST(ConnectionTokens, TokenWorksOnce) {
  ConnectionTokens tokens(15s);
  const auto now = ConnectionTokens::Clock::now();
  ASSERT_TRUE(tokens.add("t", {"c", 7}, now));
  auto taken = tokens.take("t", now);
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->connection_id, "c");
  EXPECT_EQ(taken->user_id, 7);
  EXPECT_FALSE(tokens.take("t", now));
}

TEST(ConnectionTokens, UnusedTokenExpires) {
  ConnectionTokens tokens(15s);
  const auto now = ConnectionTokens::Clock::now();
  ASSERT_TRUE(tokens.add("t", {"c", 7}, now));
  EXPECT_FALSE(tokens.take("t", now + 16s));
}

TEST(ConnectionTokens, BoundsPendingNegotiations) {
  ConnectionTokens tokens(15s, 2);
  const auto now = ConnectionTokens::Clock::now();
  EXPECT_TRUE(tokens.add("a", {"a", 1}, now));
  EXPECT_TRUE(tokens.add("b", {"b", 1}, now));
  EXPECT_FALSE(tokens.add("c", {"c", 1}, now));
  EXPECT_TRUE(tokens.add("d", {"d", 1}, now + 16s));  // the expired ones made room
}

}  // namespace
}  // namespace chat::signalr
