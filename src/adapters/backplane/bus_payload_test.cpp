#include "adapters/backplane/bus_payload.hpp"

#include <gtest/gtest.h>

namespace chat::backplane {
namespace {

TEST(BusPayload, MessageRoundTripsWithAnyRecordBytes) {
  const std::string record = std::string("{\"type\":1}\x1e", 11) + std::string("\n\0\n", 3);
  const std::string payload = encodeMessage("node-a", 42, record);
  auto decoded = decodeMessage(payload);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->node, "node-a");
  EXPECT_EQ(decoded->seq, 42);
  EXPECT_EQ(decoded->record, record);
}

TEST(BusPayload, DepartureRoundTrips) {
  const std::string payload = encodeDeparture("b", 7, 9);  // the decoded views point into it
  auto decoded = decodeDeparture(payload);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->node, "b");
  EXPECT_EQ(decoded->group, 7);
  EXPECT_EQ(decoded->user, 9);
}

TEST(BusPayload, RefusesWhatIsNotOurs) {
  for (std::string_view bad : {"", "m1", "m1\na\n", "m1\na\nx\nrec", "m1\na\n0\nrec",
                               "m2\na\n1\nrec", "l1\na\n1\n", "l1\na\nx\n2"}) {
    EXPECT_FALSE(decodeMessage(bad)) << bad;
    EXPECT_FALSE(decodeDeparture(bad)) << bad;
  }
  EXPECT_FALSE(decodeMessage(encodeDeparture("a", 1, 2)));
  EXPECT_FALSE(decodeDeparture(encodeMessage("a", 1, "r")));
}

TEST(BusPayload, AnEventRoundTripsAndIsNeitherAMessageNorADeparture) {
  const std::string argument = "{\"playerName\":\"a\\nb\"}\n";
  const std::string payload = encodeEvent("node-b", 9, false, "UserTyping", argument);
  auto decoded = decodeEvent(payload);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->node, "node-b");
  EXPECT_EQ(decoded->from, 9);
  EXPECT_FALSE(decoded->theirs_only);
  EXPECT_EQ(decoded->target, "UserTyping");
  EXPECT_EQ(decoded->argument, argument);
  EXPECT_FALSE(decodeMessage(payload));
  EXPECT_FALSE(decodeDeparture(payload));
  EXPECT_FALSE(decodeEvent(encodeMessage("a", 9, "r")));
  for (std::string_view bad :
       {"e1", "e1\na\n1\n", "e1\na\nx\nT\n{}", "e1\na\n1\n\n{}", "e2\na\n1\nT\n{}"}) {
    EXPECT_FALSE(decodeEvent(bad)) << bad;
  }
}

TEST(BusPayload, AnEventForItsUsersOwnConnectionsSaysSo) {
  const std::string payload = encodeEvent("node-b", 9, true, "ReadMarkerUpdated", "{}");
  auto decoded = decodeEvent(payload);
  ASSERT_TRUE(decoded);
  EXPECT_TRUE(decoded->theirs_only);
  EXPECT_EQ(decoded->from, 9);
  EXPECT_EQ(decoded->target, "ReadMarkerUpdated");
  EXPECT_FALSE(decodeEvent("o2\na\n1\nT\n{}"));
}

TEST(BusPayload, ChannelsNameTheirGroup) {
  EXPECT_EQ(groupChannel("chat:", 12), "chat:group:12");
  EXPECT_EQ(groupOfChannel("chat:", "chat:group:12"), 12);
  EXPECT_FALSE(groupOfChannel("chat:", "chat:control"));
  EXPECT_FALSE(groupOfChannel("chat:", "other:group:12"));
  EXPECT_FALSE(groupOfChannel("chat:", "chat:group:12x"));
}

TEST(BusPayload, AnEndedSessionRoundTrips) {
  const Timestamp forget_at{std::chrono::milliseconds(1'700'000'000'123)};
  const std::string payload = encodeSessionEnded("node-a", "0123abcd", forget_at);
  auto ended = decodeSessionEnded(payload);
  ASSERT_TRUE(ended.has_value());
  EXPECT_EQ(ended->node, "node-a");
  EXPECT_EQ(ended->session_id, "0123abcd");
  EXPECT_EQ(ended->forget_at, forget_at);
  EXPECT_FALSE(decodeDeparture(payload));
  EXPECT_FALSE(decodeSessionEnded(encodeDeparture("node-a", 1, 2)));
  EXPECT_FALSE(decodeSessionEnded("s1\nnode-a\n1700000000123\n"));
  EXPECT_FALSE(decodeSessionEnded("s1\nnode-a\nsoon\nabc"));
  EXPECT_FALSE(decodeSessionEnded("s2\nnode-a\n1700000000123\nabc"));
}

TEST(BusPayload, TimesAreEpochMilliseconds) {
  const Timestamp time{std::chrono::milliseconds(1'700'000'000'123)};
  EXPECT_EQ(epochMilliseconds(time), "1700000000123");
  EXPECT_EQ(parseEpochMilliseconds("1700000000123"), time);
  EXPECT_FALSE(parseEpochMilliseconds("-5"));
  EXPECT_FALSE(parseEpochMilliseconds("12x"));
}

TEST(BusPayload, NodeIdsAreSafeToEmbed) {
  EXPECT_TRUE(validNodeId("web-1.example_2"));
  EXPECT_FALSE(validNodeId(""));
  EXPECT_FALSE(validNodeId("a\nb"));
  EXPECT_FALSE(validNodeId("a b"));
  EXPECT_FALSE(validNodeId(std::string(101, 'a')));
}

}  // namespace
}  // namespace chat::backplane
