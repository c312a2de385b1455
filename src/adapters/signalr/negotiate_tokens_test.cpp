#include "adapters/signalr/negotiate_tokens.hpp"

#include <gtest/gtest.h>

#include <cctype>

namespace chat::signalr {
namespace {

using namespace std::chrono_literals;

const std::string kKey(32, 'k');
constexpr std::string_view kAddress = "192.0.2.1";
const std::string kNodeA = "http://10.0.0.11:5000";

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

TEST(NegotiateTokens, AnyNodeReadsWhichNodeIssuedTheToken) {
  NegotiateTokens node_a(kKey, 15s, {}, kNodeA);
  NegotiateTokens node_b(kKey, 15s, {}, "http://10.0.0.12:5000");
  const std::string token = node_a.issue({"conn", 7}, NegotiateTokens::Clock::now());
  EXPECT_EQ(node_b.nodeOf(token), kNodeA);
  EXPECT_EQ(node_a.nodeOf(token), kNodeA);
}

TEST(NegotiateTokens, ATakenOrExpiredTokenStillNamesItsNode) {
  // A long-polling connection's requests carry its token for as long as it lasts.
  NegotiateTokens tokens(kKey, 15s, {}, kNodeA);
  const auto now = NegotiateTokens::Clock::now();
  const std::string token = tokens.issue({"conn", 7}, now);
  ASSERT_TRUE(tokens.take(token, kAddress, now));
  EXPECT_EQ(tokens.nodeOf(token), kNodeA);
  EXPECT_FALSE(tokens.take(token, kAddress, now + 1h));
  EXPECT_EQ(tokens.nodeOf(token), kNodeA);
}

TEST(NegotiateTokens, ANodeWithoutAUrlNamesNone) {
  NegotiateTokens tokens(kKey, 15s);
  const auto now = NegotiateTokens::Clock::now();
  const std::string token = tokens.issue({"conn", 7}, now);
  EXPECT_FALSE(tokens.nodeOf(token));
  EXPECT_TRUE(tokens.take(token, kAddress, now));
}

TEST(NegotiateTokens, ForgedTokensNameNoNode) {
  NegotiateTokens ours(kKey, 15s, {}, kNodeA);
  NegotiateTokens theirs(std::string(32, 'x'), 15s, {}, kNodeA);
  const auto now = NegotiateTokens::Clock::now();
  EXPECT_FALSE(ours.nodeOf(theirs.issue({"conn", 7}, now)));
  const std::string token = ours.issue({"conn", 7}, now);
  for (std::size_t i = 0; i < token.size(); ++i) {
    std::string changed = token;
    changed[i] = changed[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(ours.nodeOf(changed)) << "changed at " << i;
  }
}

TEST(NegotiateTokens, TokensAreUrlSafeAndShort) {
  // The JS client appends id= to the URL without encoding it.
  NegotiateTokens tokens(kKey, 15s, {}, kNodeA);
  const std::string id(43, 'c');  // as long as Secrets::randomToken's
  const std::string token = tokens.issue({id, 1234567}, NegotiateTokens::Clock::now());
  for (const char c : token) {
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')
        << token;
  }
  EXPECT_LE(token.size(), 150u) << token;
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
  for (std::string_view bad :
       {"", ".", "....", "a.b.c.d", "a.1.2.3.4.5", "conn.x.1..mac", ".7.1..mac", "conn.7.1.mac"}) {
    EXPECT_FALSE(tokens.take(bad, kAddress, now)) << bad;
    EXPECT_FALSE(tokens.nodeOf(bad)) << bad;
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
