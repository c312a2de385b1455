#include "adapters/signalr/negotiate_tokens.hpp"

#include <gtest/gtest.h>

namespace chat::signalr {
namespace {

using namespace std::chrono_literals;

const std::string kKey(32, 'k');
constexpr std::string_view kAddress = "192.0.2.1";

TEST(NegotiateTokens, AnotherNodeWithTheSameKeyTakesTheToken) {
  NegotiateTokens node_a(kKey, 15s);
  NegotiateTokens node_b(kKey, 15s);
  const auto now = NegotiateTokens::Clock::now();
  const std::string token = node_a.issue({"conn", 7}, now);
  auto taken = node_b.take(token, kAddress, now + 1s);
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->connection_id, "conn");
  EXPECT_EQ(taken->user_id, 7);
}

TEST(NegotiateTokens, ANodeTakesATokenOnce) {
  NegotiateTokens tokens(kKey, 15s);
  const auto now = NegotiateTokens::Clock::now();
  const std::string token = tokens.issue({"conn", 7}, now);
  EXPECT_TRUE(tokens.take(token, kAddress, now));
  EXPECT_FALSE(tokens.take(token, kAddress, now));
}

TEST(NegotiateTokens, UnusedTokenExpires) {
  NegotiateTokens tokens(kKey, 15s);
  const auto now = NegotiateTokens::Clock::now();
  EXPECT_FALSE(tokens.take(tokens.issue({"conn", 7}, now), kAddress, now + 16s));
}

TEST(NegotiateTokens, RefusesAnotherKeysToken) {
  NegotiateTokens ours(kKey, 15s);
  NegotiateTokens theirs(std::string(32, 'x'), 15s);
  const auto now = NegotiateTokens::Clock::now();
  EXPECT_FALSE(ours.take(theirs.issue({"conn", 7}, now), kAddress, now));
}

TEST(NegotiateTokens, RefusesAnyChangeToTheToken) {
  NegotiateTokens tokens(kKey, 15s);
  const auto now = NegotiateTokens::Clock::now();
  const std::string token = tokens.issue({"conn", 7}, now);
  for (std::size_t i = 0; i < token.size(); ++i) {
    std::string changed = token;
    changed[i] = changed[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(tokens.take(changed, kAddress, now)) << "changed at " << i;
  }
  std::string other_user = token;
  other_user.replace(token.find(".7."), 3, ".8.");
  EXPECT_FALSE(tokens.take(other_user, kAddress, now));
}

TEST(NegotiateTokens, RefusesMalformedTokens) {
  NegotiateTokens tokens(kKey, 15s);
  const auto now = NegotiateTokens::Clock::now();
  for (std::string_view bad : {"", ".", "...", "a.b.c", "a.1.2.3.4", "conn.x.1.mac", ".7.1.mac"}) {
    EXPECT_FALSE(tokens.take(bad, kAddress, now)) << bad;
  }
}

TEST(NegotiateTokens, StaysBoundedUnderAFlood) {
  NegotiateTokens tokens(kKey, 15s, {.in_all = 2});
  const auto now = NegotiateTokens::Clock::now();
  EXPECT_TRUE(tokens.take(tokens.issue({"a", 1}, now), kAddress, now));
  EXPECT_TRUE(tokens.take(tokens.issue({"b", 1}, now), kAddress, now));
  EXPECT_FALSE(tokens.take(tokens.issue({"c", 1}, now), kAddress, now));
  // Once the remembered ones expire, there is room again.
  EXPECT_TRUE(tokens.take(tokens.issue({"d", 1}, now + 20s), kAddress, now + 20s));
}

TEST(NegotiateTokens, OneUsersFloodLeavesRoomForOthers) {
  NegotiateTokens tokens(kKey, 15s, {.in_all = 10, .per_user = 3, .per_address = 10});
  const auto now = NegotiateTokens::Clock::now();
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(tokens.take(tokens.issue({"flood" + std::to_string(i), 1}, now), kAddress, now));
  }
  EXPECT_FALSE(tokens.take(tokens.issue({"one-more", 1}, now), kAddress, now));
  EXPECT_TRUE(tokens.take(tokens.issue({"other", 2}, now), kAddress, now));
  // The flooder's share comes back as its tokens expire.
  EXPECT_TRUE(tokens.take(tokens.issue({"later", 1}, now + 20s), kAddress, now + 20s));
}

TEST(NegotiateTokens, OneAddressesFloodLeavesRoomForOtherAddresses) {
  NegotiateTokens tokens(kKey, 15s, {.in_all = 10, .per_user = 10, .per_address = 2});
  const auto now = NegotiateTokens::Clock::now();
  EXPECT_TRUE(tokens.take(tokens.issue({"a", 1}, now), kAddress, now));
  EXPECT_TRUE(tokens.take(tokens.issue({"b", 2}, now), kAddress, now));
  EXPECT_FALSE(tokens.take(tokens.issue({"c", 3}, now), kAddress, now));
  EXPECT_TRUE(tokens.take(tokens.issue({"d", 3}, now), "198.51.100.7", now));
}

}  // namespace
}  // namespace chat::signalr
