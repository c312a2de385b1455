#include "hub_encoding.hpp"

#include <string>
#include <variant>

#include <gtest/gtest.h>

#include "adapters/signalr/protocol/hub_message_parser.hpp"
#include "adapters/signalr/protocol/length_prefix.hpp"
#include "adapters/signalr/protocol/messagepack_hub_message_parser.hpp"

namespace chat::bench {
namespace {

// What the server reads from one MessagePack record with its length prefix.
signalr::Invocation serverReads(const std::string& frame) {
  const auto prefix = signalr::readLengthPrefix(frame);
  EXPECT_EQ(prefix.state, signalr::LengthPrefix::State::kComplete);
  EXPECT_EQ(prefix.prefix_size + prefix.frame_size, frame.size());
  auto message = signalr::parseMessagePackHubMessage(frame.substr(prefix.prefix_size));
  EXPECT_TRUE(static_cast<bool>(message));
  const auto* invocation = message ? std::get_if<signalr::Invocation>(&*message) : nullptr;
  EXPECT_NE(invocation, nullptr);
  return invocation ? *invocation : signalr::Invocation{};
}

TEST(HubEncoding, MessagePackSendMessageAsTheServerReadsIt) {
  for (std::size_t size : {5u, 31u, 32u, 200u, 300u, 70000u}) {
    std::string out;
    const std::string text(size, 't');
    appendSendMessage(out, HubEncoding::kMessagePack, 1234567, 99999, text);
    const auto invocation = serverReads(out);
    EXPECT_EQ(invocation.invocation_id, "1234567");
    EXPECT_EQ(invocation.target, "SendMessage");
    ASSERT_EQ(invocation.arguments.size(), 2u);
    EXPECT_EQ(invocation.arguments[0].to_number<std::int64_t>(), 99999);
    EXPECT_EQ(invocation.arguments[1].as_string(), text);
  }
}

TEST(HubEncoding, MessagePackInvocationWithJsonArguments) {
  std::string out = "kept";
  const auto arguments = boost::json::parse(R"([-5, -200, -70000, 1, 300, "g", [true, null]])");
  ASSERT_EQ(
      appendInvocation(out, HubEncoding::kMessagePack, 3, "ConnectToGroup", arguments.as_array()),
      "");
  ASSERT_EQ(out.substr(0, 4), "kept");
  const auto invocation = serverReads(out.substr(4));
  EXPECT_EQ(invocation.target, "ConnectToGroup");
  EXPECT_EQ(boost::json::value(invocation.arguments), arguments);
  EXPECT_NE(appendInvocation(out, HubEncoding::kMessagePack, 4, "X",
                             boost::json::parse("[1.5]").as_array()),
            "");
}

TEST(HubEncoding, JsonRecordsAsTheServerReadsThem) {
  std::string out;
  appendSendMessage(out, HubEncoding::kJson, 12, 34, "t1s2n3");
  ASSERT_EQ(out.back(), '\x1e');
  auto message = signalr::parseHubMessage(std::string_view(out).substr(0, out.size() - 1));
  ASSERT_TRUE(static_cast<bool>(message));
  const auto& invocation = std::get<signalr::Invocation>(*message);
  EXPECT_EQ(invocation.invocation_id, "12");
  EXPECT_EQ(boost::json::serialize(invocation.arguments), R"([34,"t1s2n3"])");
}

TEST(HubEncoding, HandshakeAndPing) {
  EXPECT_EQ(handshakeRecord(HubEncoding::kMessagePack),
            "{\"protocol\":\"messagepack\",\"version\":1}\x1e");
  EXPECT_EQ(pingRecord(HubEncoding::kMessagePack), std::string_view("\x02\x91\x06", 3));
  EXPECT_EQ(pingRecord(HubEncoding::kJson), "{\"type\":6}\x1e");
}

}  // namespace
}  // namespace chat::bench
