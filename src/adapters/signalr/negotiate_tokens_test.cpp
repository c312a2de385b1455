#include "adapters/signalr/negotiate_tokens.hpp"

#include <gtest/gtest.h>

namespace chat::signalr {
namespace {

using namespace std::chrono_literals;

const std::string kKey(32, 'k');

TEST(NegotiateTokens, AnotherNodeWithTheSameKeyTakesTheToken) {
  NegotiateTokens node_a(kKey, 15s);
  NegotiateTokens node_b(kKey, 15s);
  const auto now = NegotiateTokens::Clock::now();
  const std::string token = node_a.issue({"conn", 7}, now);
  auto taken = node_b.take(token, now + 1s);
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->connection_id, "conn");
  EXPECT_EQ(taken->user_id, 7);
}

TEST(NegotiateTokens, ANodeTakesATokenOnce) {
  NegotiateTokens tokens(kKey, 15s);
  const auto now = NegotiateTokens::Clock::now();
  const std::string token = tokens.issue({"conn", 7}, now);
  EXPECT_TRUE(tokens.take(token, now));
  EXPECT_FALSE(tokens.take(token, now));
}

TEST(NegotiateTokens, UnusedTokenExpires) {
  NegotiateTokens tokens(kKey, 15s);
  const auto now = NegotiateTokens::Clock::now();
  EXPECT_FALSE(tokens.take(tokens.issue({"conn", 7}, now), now + 16s));
}

TEST(NegotiateTokens, RefusesAnotherKeysToken) {
  NegotiateTokens ours(kKey, 15s);
  NegotiateTokens theirs(std::string(32, 'x'), 15s);
  const auto now = NegotiateTokens::Clock::now();
  EXPECT_FALSE(ours.take(theirs.issue({"conn", 7}, now), now));
}

TEST(NegotiateTokens, RefusesAnyChangeToTheToken) {
  NegotiateTokens tokens(kKey, 15s);
  const auto now = NegotiateTokens::Clock::now();
  const std::string token = tokens.issue({"conn", 7}, now);
  for (std::size_t i = 0; i < token.size(); ++i) {
    std::string changed = token;
    changed[i] = changed[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(tokens.take(changed, now)) << "changed at " << i;
  }
  std::string other_user = token;
  other_user.replace(token.find(".7."), 3, ".8.");
  EXPECT_FALSE(tokens.take(other_user, now));
}

TEST(NegotiateTokens, RefusesMalformedTokens) {
  NegotiateTokens tokens(kKey, 15s);
  const auto now = NegotiateTokens::Clock::now();
  for (std::string_view bad : {"", ".", "...", "a.b.c", "a.1.2.3.4", "conn.x.1.mac", ".7.1.mac"}) {
    EXPECT_FALSE(tokens.take(bad, now)) << bad;
  }
}

TEST(NegotiateTokens, StaysBoundedUnderAFlood) {
  NegotiateTokens tokens(kKey, 15s, 2);
  const auto now = NegotiateTokens::Clock::now();
  EXPECT_TRUE(tokens.take(tokens.issue({"a", 1}, now), now));
  EXPECT_TRUE(tokens.take(tokens.issue({"b", 1}, now), now));
  EXPECT_FALSE(tokens.take(tokens.issue({"c", 1}, now), now));
  // Once the remembered ones expire, there is room again.
  EXPECT_TRUE(tokens.take(tokens.issue({"d", 1}, now + 20s), now + 20s));
}

}  // namespace
}  // namespace chat::signalr
