#include "adapters/signalr/protocol/messagepack_hub_protocol.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "adapters/signalr/protocol/hex_test_bytes.hpp"
#include "adapters/signalr/protocol/length_prefix.hpp"

namespace chat::signalr {
namespace {

const HubProtocol& protocol() {
  return messagePackHubProtocol();
}

Timestamp at(std::int64_t millis) {
  return Timestamp(std::chrono::milliseconds(millis));
}

// 2026-11-28T10:15:30.123Z; a name and a text with two-, three- and four-byte UTF-8.
Message sampleMessage() {
  Message message;
  message.id = 42;
  message.group_id = 7;
  message.seq = 1001;
  message.sender_id = 5;
  message.sender_name = "Zo\xC3\xAB";
  message.text = "h\xC3\xA9llo \xF0\x9F\x91\x8B";
  message.sent_on = at(1795860930123);
  return message;
}

// The sample's MessageDto, as @msgpack/msgpack encodes the same object with a Date.
const std::string kSampleDto =
    "87 a9 6d 65 73 73 61 67 65 49 64 2a a7 67 72 6f 75 70 49 64 07 a3 73 65 71 cd 03 e9 a8 70 "
    "6c 61 79 65 72 49 64 05 aa 70 6c 61 79 65 72 4e 61 6d 65 a4 5a 6f c3 ab a7 6d 65 73 73 61 "
    "67 65 ab 68 c3 a9 6c 6c 6f 20 f0 9f 91 8b a6 73 65 6e 74 4f 6e d7 ff 1d 53 53 00 6b 0a a9 "
    "c2";

// The body of a frame, after checking that its prefix gives its size exactly.
std::string bodyOf(const std::string& frame) {
  const LengthPrefix prefix = readLengthPrefix(frame);
  EXPECT_EQ(prefix.state, LengthPrefix::State::kComplete);
  EXPECT_EQ(prefix.prefix_size + prefix.frame_size, frame.size());
  return frame.substr(prefix.prefix_size);
}

// The bytes of `sentOn` in a pushed message.
std::string sentOnBytes(Timestamp time) {
  Message message = sampleMessage();
  message.sent_on = time;
  const std::string hex = toHex(protocol().messageInvocation("M", message));
  const std::string key = "a6 73 65 6e 74 4f 6e ";  // "sentOn"
  const std::size_t start = hex.find(key) + key.size();
  return hex.substr(start, hex.size() - start - 3);  // up to the empty StreamIds
}

TEST(MessagePackHubProtocol, IsTheBinaryLengthPrefixedMessagePackProtocol) {
  EXPECT_EQ(protocol().id(), HubProtocol::Id::kMessagePack);
  EXPECT_EQ(protocol().name(), "messagepack");
  EXPECT_EQ(protocol().transferFormat(), TransferFormat::kBinary);
  EXPECT_EQ(protocol().framing(), RecordFraming::kLengthPrefix);
  EXPECT_EQ(&protocol(), &messagePackHubProtocol());
}

TEST(MessagePackHubProtocol, PingIsOneSharedThreeByteRecord) {
  ASSERT_TRUE(protocol().ping());
  EXPECT_EQ(*protocol().ping(), hexBytes("02 91 06"));
  EXPECT_EQ(protocol().ping().get(), protocol().ping().get());
}

TEST(MessagePackHubProtocol, WritesAPushAsASixElementInvocation) {
  EXPECT_EQ(
      toHex(protocol().messageInvocation("MessageReceived", sampleMessage())),
      "71 96 01 80 c0 af 4d 65 73 73 61 67 65 52 65 63 65 69 76 65 64 91 " + kSampleDto + " 90");
}

TEST(MessagePackHubProtocol, WritesAnEventPushWithItsArgumentAsAMessagePackValue) {
  const auto argument = boost::json::parse(R"({"a":1})");
  EXPECT_EQ(toHex(protocol().eventInvocation("T", argument)),
            "0c 96 01 80 c0 a1 54 91 81 a1 61 01 90");
}

TEST(MessagePackHubProtocol, WritesCompletions) {
  EXPECT_EQ(toHex(protocol().completionWithMessage("3", sampleMessage())),
            "61 95 03 80 a1 33 03 " + kSampleDto);
  const Message found[] = {sampleMessage()};
  EXPECT_EQ(toHex(protocol().completionWithMessages("3", found)),
            "62 95 03 80 a1 33 03 91 " + kSampleDto);
  EXPECT_EQ(toHex(protocol().completionWithMessages("3", {})), "07 95 03 80 a1 33 03 90");
  EXPECT_EQ(toHex(protocol().completionVoid("1")), "07 95 03 80 a1 31 03 c0");
  EXPECT_EQ(toHex(protocol().completionError("1", "nope")), "0b 95 03 80 a1 31 01 a4 6e 6f 70 65");
  const std::string generic = "An unexpected error occurred on the server.";
  EXPECT_EQ(protocol().completionError("1", ""), hexBytes("33 95 03 80 a1 31 01 d9 2b") + generic);
}

TEST(MessagePackHubProtocol, WritesJsonResultsAsMessagePackValues) {
  const auto result = boost::json::parse(R"({"a":[1,-1,2.5,true,null,"x",4294967296,-129]})");
  // Byte for byte what @msgpack/msgpack writes for the same value.
  EXPECT_EQ(toHex(protocol().completionWithResult("7", result)),
            "25 95 03 80 a1 37 03 81 a1 61 98 01 ff cb 40 04 00 00 00 00 00 00 c3 c0 a1 78 cf 00 "
            "00 00 01 00 00 00 00 d1 ff 7f");
  EXPECT_EQ(toHex(protocol().completionWithResult("7", boost::json::value(std::uint64_t{1} << 63))),
            "0f 95 03 80 a1 37 03 cf 80 00 00 00 00 00 00 00");
  // A double stays a double even when it is a whole number, as ASP.NET writes it.
  EXPECT_EQ(toHex(protocol().completionWithResult("7", boost::json::value(2.0))),
            "0f 95 03 80 a1 37 03 cb 40 00 00 00 00 00 00 00");
  EXPECT_EQ(toHex(protocol().completionWithResult("7", boost::json::value(-0.0))),
            "0f 95 03 80 a1 37 03 cb 80 00 00 00 00 00 00 00");
}

TEST(MessagePackHubProtocol, WritesCloseAckAndSequence) {
  EXPECT_EQ(toHex(protocol().close(std::nullopt, false)), "04 93 07 c0 c2");
  EXPECT_EQ(toHex(protocol().close("bye", true)), "07 93 07 a3 62 79 65 c3");
  EXPECT_EQ(toHex(protocol().ack(1394)), "05 92 08 cd 05 72");
  EXPECT_EQ(toHex(protocol().sequence(0)), "03 92 09 00");
  EXPECT_EQ(toHex(protocol().ack(std::uint64_t{1} << 32)), "0b 92 08 cf 00 00 00 01 00 00 00 00");
}

TEST(MessagePackHubProtocol, WritesSentOnAsATimestampWithItsMilliseconds) {
  EXPECT_EQ(sentOnBytes(at(1795860930123)), "d7 ff 1d 53 53 00 6b 0a a9 c2");
  EXPECT_EQ(sentOnBytes(at(0)), "d7 ff 00 00 00 00 00 00 00 00");
  // The last instant of the 64-bit form (2514-05-30T01:53:03.999Z), then the 96-bit form.
  EXPECT_EQ(sentOnBytes(at(17179869183999)), "d7 ff ee 2e 1f 03 ff ff ff ff");
  EXPECT_EQ(sentOnBytes(at(17179869184000)), "c7 0c ff 00 00 00 00 00 00 00 04 00 00 00 00");
  // Before 1970 the seconds are negative and the nanoseconds still count forwards.
  EXPECT_EQ(sentOnBytes(at(-1)), "c7 0c ff 3b 8b 87 c0 ff ff ff ff ff ff ff ff");
}

TEST(MessagePackHubProtocol, ReadsBackWhatItWrites) {
  const auto result =
      boost::json::parse(R"({"n":[1,-2,0.5,"t",true,null,{}],"u":18446744073709551615})");
  auto completion = protocol().parse(bodyOf(protocol().completionWithResult("9", result)));
  ASSERT_TRUE(completion.ok()) << completion.error().message;
  EXPECT_EQ(std::get<Completion>(*completion).invocation_id, "9");
  EXPECT_EQ(std::get<Completion>(*completion).result, result);

  auto void_completion = protocol().parse(bodyOf(protocol().completionVoid("9")));
  ASSERT_TRUE(void_completion.ok());
  ASSERT_TRUE(std::get<Completion>(*void_completion).result);
  EXPECT_TRUE(std::get<Completion>(*void_completion).result->is_null());

  auto error = protocol().parse(bodyOf(protocol().completionError("9", "no")));
  ASSERT_TRUE(error.ok());
  EXPECT_EQ(std::get<Completion>(*error).error, "no");

  auto close = protocol().parse(bodyOf(protocol().close("bye", true)));
  ASSERT_TRUE(close.ok());
  EXPECT_EQ(std::get<Close>(*close).error, "bye");
  EXPECT_TRUE(std::get<Close>(*close).allow_reconnect);

  auto ack = protocol().parse(bodyOf(protocol().ack(77)));
  ASSERT_TRUE(ack.ok());
  EXPECT_EQ(std::get<Ack>(*ack).sequence_id, 77);
  auto sequence = protocol().parse(bodyOf(protocol().sequence(78)));
  ASSERT_TRUE(sequence.ok());
  EXPECT_EQ(std::get<Sequence>(*sequence).sequence_id, 78);

  EXPECT_TRUE(std::holds_alternative<Ping>(*protocol().parse(bodyOf(*protocol().ping()))));
}

TEST(MessagePackHubProtocol, PrefixesLongFramesWithTwoOrThreeBytes) {
  Message message = sampleMessage();
  message.text = std::string(300, 'a');
  const std::string two = protocol().messageInvocation("M", message);
  EXPECT_EQ(readLengthPrefix(two).prefix_size, 2u);
  bodyOf(two);
  message.text = std::string(20000, 'a');
  const std::string three = protocol().messageInvocation("M", message);
  EXPECT_EQ(readLengthPrefix(three).prefix_size, 3u);
  bodyOf(three);
}

// The golden frames tests/e2e/messagepack-codec.test.mjs feeds to both JavaScript clients.
// CHAT_UPDATE_FIXTURES=1 writes them anew.
TEST(MessagePackHubProtocol, WritesTheGoldenFramesTheJavaScriptClientsRead) {
  Message old = sampleMessage();
  old.sent_on = at(-86400000 + 250);  // 1969-12-31T00:00:00.250Z: the 96-bit form
  const auto result = boost::json::parse(
      R"({"groupId":7,"name":"General","members":[1,2],"ratio":0.5,"open":true,"topic":null})");
  const std::pair<const char*, std::string> frames[] = {
      {"message_invocation", protocol().messageInvocation("MessageReceived", sampleMessage())},
      {"message_invocation_1969", protocol().messageInvocation("MessageReceived", old)},
      {"completion_message", protocol().completionWithMessage("3", sampleMessage())},
      {"completion_result", protocol().completionWithResult("4", result)},
      {"completion_void", protocol().completionVoid("5")},
      {"completion_error", protocol().completionError("6", "Not a member of group 7")},
      {"ping", *protocol().ping()},
      {"close", protocol().close("Server is shutting down", true)},
      {"ack", protocol().ack(1394)},
      {"sequence", protocol().sequence(1395)},
  };
  const bool update = std::getenv("CHAT_UPDATE_FIXTURES") != nullptr;
  for (const auto& [name, frame] : frames) {
    const std::string path = std::string(CHAT_FIXTURES_DIR) + "/messagepack/" + name + ".bin";
    if (update) std::ofstream(path, std::ios::binary) << frame;
    std::ifstream file(path, std::ios::binary);
    ASSERT_TRUE(file) << path;
    const std::string golden{std::istreambuf_iterator<char>(file), {}};
    EXPECT_EQ(toHex(frame), toHex(golden)) << name;
  }
}

}  // namespace
}  // namespace chat::signalr
