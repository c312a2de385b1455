#include "adapters/signalr/protocol/messagepack_hub_message_parser.hpp"

#include <gtest/gtest.h>

#include <string>

#include "adapters/signalr/protocol/hex_test_bytes.hpp"
#include "adapters/signalr/protocol/messagepack_reader.hpp"

namespace chat::signalr {
namespace {

// "Send" and "SendMessage" as MessagePack strings.
const std::string kSend = "a4 53 65 6e 64";
const std::string kSendMessage = "ab 53 65 6e 64 4d 65 73 73 61 67 65";

HubMessage parsed(const std::string& hex) {
  auto message = parseMessagePackHubMessage(hexBytes(hex));
  EXPECT_TRUE(message.ok()) << hex << ": " << message.error().message;
  return message.ok() ? std::move(message).value() : HubMessage{UnknownMessage{}};
}

std::string errorOf(const std::string& hex) {
  auto message = parseMessagePackHubMessage(hexBytes(hex));
  if (message.ok()) return "(parsed)";
  EXPECT_EQ(message.error().kind, ErrorKind::kInvalid);
  return message.error().message;
}

boost::json::array jsonArray(std::string_view json) {
  return boost::json::parse(json).as_array();
}

TEST(MessagePackHubMessageParser, ReadsTheJavaScriptClientsFiveElementInvocation) {
  // What @microsoft/signalr-protocol-msgpack writes for invoke("SendMessage", 7, "hi").
  const auto message = parsed("95 01 80 a1 30 " + kSendMessage + " 92 07 a2 68 69");
  const auto* invocation = std::get_if<Invocation>(&message);
  ASSERT_NE(invocation, nullptr);
  EXPECT_EQ(invocation->invocation_id, "0");
  EXPECT_EQ(invocation->target, "SendMessage");
  EXPECT_EQ(invocation->arguments, jsonArray(R"([7,"hi"])"));
  EXPECT_TRUE(invocation->stream_ids.empty());
}

TEST(MessagePackHubMessageParser, ReadsSixElementInvocationWithStreamIds) {
  const auto message = parsed("96 01 80 c0 " + kSend + " 90 92 a1 31 a1 32");
  const auto* invocation = std::get_if<Invocation>(&message);
  ASSERT_NE(invocation, nullptr);
  EXPECT_FALSE(invocation->invocation_id);
  EXPECT_TRUE(invocation->arguments.empty());
  EXPECT_EQ(invocation->stream_ids, (std::vector<std::string>{"1", "2"}));
}

TEST(MessagePackHubMessageParser, ReadsAnEmptyInvocationIdAsNone) {
  const auto message = parsed("95 01 80 a0 " + kSend + " 90");
  ASSERT_TRUE(std::holds_alternative<Invocation>(message));
  EXPECT_FALSE(std::get<Invocation>(message).invocation_id);
}

TEST(MessagePackHubMessageParser, AcceptsHeadersAndIgnoresExtraElements) {
  // Headers {"k1":"v1"}; a seventh element the protocol may add one day, here a bin that
  // would be refused if it were read.
  const auto message = parsed("97 01 81 a2 6b 31 a2 76 31 c0 " + kSend + " 90 90 c4 01 00");
  ASSERT_TRUE(std::holds_alternative<Invocation>(message));
}

TEST(MessagePackHubMessageParser, ConvertsArgumentsToJsonValues) {
  const auto message =
      parsed("95 01 80 c0 " + kSend +
             " 9d c0 c3 c2 7f e0 cc ff cf ff ff ff ff ff ff ff ff d3 80 00 00 00 00 00 00 00"
             " a2 c3 a9 91 01 81 a1 6b a1 76 cb 3f d0 00 00 00 00 00 00 ca 3f c0 00 00");
  const auto* invocation = std::get_if<Invocation>(&message);
  ASSERT_NE(invocation, nullptr);
  EXPECT_EQ(invocation->arguments,
            jsonArray("[null,true,false,127,-32,255,18446744073709551615,"
                      "-9223372036854775808,\"\xC3\xA9\",[1],{\"k\":\"v\"},0.25,1.5]"));
  EXPECT_TRUE(invocation->arguments[5].is_int64());   // as the JSON parser reads numbers
  EXPECT_TRUE(invocation->arguments[6].is_uint64());  // only above INT64_MAX
}

TEST(MessagePackHubMessageParser, KeepsTheLastValueOfARepeatedKey) {
  const auto message = parsed("95 01 80 c0 " + kSend + " 91 82 a1 6b 01 a1 6b 02");
  EXPECT_EQ(std::get<Invocation>(message).arguments, jsonArray(R"([{"k":2}])"));
}

TEST(MessagePackHubMessageParser, ReadsEveryOtherMessageType) {
  auto item = parsed("94 02 80 a1 31 81 a1 61 01");
  ASSERT_TRUE(std::holds_alternative<StreamItem>(item));
  EXPECT_EQ(std::get<StreamItem>(item).invocation_id, "1");
  EXPECT_EQ(std::get<StreamItem>(item).item, boost::json::parse(R"({"a":1})"));

  auto stream = parsed("95 04 80 a1 32 a7 43 6f 75 6e 74 65 72 92 0a cd 01 f4");
  ASSERT_TRUE(std::holds_alternative<StreamInvocation>(stream));
  EXPECT_EQ(std::get<StreamInvocation>(stream).invocation_id, "2");
  EXPECT_EQ(std::get<StreamInvocation>(stream).target, "Counter");
  EXPECT_EQ(std::get<StreamInvocation>(stream).arguments, jsonArray("[10,500]"));

  auto cancel = parsed("93 05 80 a1 32");
  ASSERT_TRUE(std::holds_alternative<CancelInvocation>(cancel));
  EXPECT_EQ(std::get<CancelInvocation>(cancel).invocation_id, "2");

  EXPECT_TRUE(std::holds_alternative<Ping>(parsed("91 06")));
  EXPECT_TRUE(std::holds_alternative<Ping>(parsed("92 06 01")));

  auto ack = parsed("92 08 cd 05 72");
  ASSERT_TRUE(std::holds_alternative<Ack>(ack));
  EXPECT_EQ(std::get<Ack>(ack).sequence_id, 1394);
  auto sequence = parsed("92 09 ce 00 01 00 00");  // any unsigned width
  ASSERT_TRUE(std::holds_alternative<Sequence>(sequence));
  EXPECT_EQ(std::get<Sequence>(sequence).sequence_id, 65536);
}

TEST(MessagePackHubMessageParser, ReadsEachCompletionKind) {
  auto value = std::get<Completion>(parsed("95 03 80 a1 31 03 2a"));
  EXPECT_EQ(value.invocation_id, "1");
  EXPECT_EQ(value.result, boost::json::value(42));
  EXPECT_FALSE(value.error);

  auto null_result = std::get<Completion>(parsed("95 03 80 a1 31 03 c0"));
  ASSERT_TRUE(null_result.result);
  EXPECT_TRUE(null_result.result->is_null());

  auto void_kind = std::get<Completion>(parsed("94 03 80 a1 31 02"));
  EXPECT_FALSE(void_kind.result);
  EXPECT_FALSE(void_kind.error);

  auto error = std::get<Completion>(parsed("95 03 80 a1 31 01 a4 6f 6f 70 73"));
  EXPECT_EQ(error.error, "oops");
  EXPECT_FALSE(error.result);

  auto nil_error = std::get<Completion>(parsed("95 03 80 a1 31 01 c0"));  // read as void
  EXPECT_FALSE(nil_error.error);
  EXPECT_FALSE(nil_error.result);
}

TEST(MessagePackHubMessageParser, ReadsCloseInItsShortAndLongForms) {
  auto js = std::get<Close>(parsed("92 07 c0"));  // what the JavaScript clients write
  EXPECT_FALSE(js.error);
  EXPECT_FALSE(js.allow_reconnect);

  auto full = std::get<Close>(parsed("93 07 a3 65 72 72 c3"));
  EXPECT_EQ(full.error, "err");
  EXPECT_TRUE(full.allow_reconnect);

  EXPECT_EQ(std::get<Close>(parsed("92 07 a0")).error, "");  // an empty error is still one
}

TEST(MessagePackHubMessageParser, IgnoresUnknownTypesWhateverFollows) {
  auto future = parsed("93 0a c4 01 00 a1 78");
  ASSERT_TRUE(std::holds_alternative<UnknownMessage>(future));
  EXPECT_EQ(std::get<UnknownMessage>(future).type, 10);
  EXPECT_EQ(std::get<UnknownMessage>(parsed("91 ff")).type, -1);
}

TEST(MessagePackHubMessageParser, RefusesWrongTypesInEachPosition) {
  const std::string head = "95 01 80 c0 ";
  EXPECT_EQ(errorOf("91 cb 3f f0 00 00 00 00 00 00"), "Reading 'messageType' as Int32 failed.");
  EXPECT_EQ(errorOf("91 cf 00 00 00 01 00 00 00 00"), "Reading 'messageType' as Int32 failed.");
  EXPECT_EQ(errorOf("91 a1 31"), "Reading 'messageType' as Int32 failed.");
  EXPECT_EQ(errorOf("90"), "Reading 'messageType' as Int32 failed.");
  EXPECT_EQ(errorOf("95 01 90 c0 " + kSend + " 90"), "Reading map length for 'headers' failed.");
  EXPECT_EQ(errorOf("91 01"), "Reading map length for 'headers' failed.");
  EXPECT_EQ(errorOf("95 01 81 a1 6b 01 c0 " + kSend + " 90"),
            "Reading 'headers[0].Value' as String failed.");
  EXPECT_EQ(errorOf("95 01 81 a0 a1 76 c0 " + kSend + " 90"), "Null or empty key in header.");
  EXPECT_EQ(errorOf("95 01 81 a1 6b a0 c0 " + kSend + " 90"), "Null or empty value in header.");
  EXPECT_EQ(errorOf("95 01 81 01 a1 76 c0 " + kSend + " 90"),
            "MessagePack map keys must be strings.");
  EXPECT_EQ(errorOf("95 01 80 01 " + kSend + " 90"), "Reading 'invocationId' as String failed.");
  EXPECT_EQ(errorOf(head + "01 90"), "Reading 'target' as String failed.");
  EXPECT_EQ(errorOf("93 01 80 c0"), "Reading 'target' as String failed.");
  EXPECT_EQ(errorOf(head + "c0 90"), "Null or empty target for Invocation message.");
  EXPECT_EQ(errorOf(head + "a0 90"), "Null or empty target for Invocation message.");
  EXPECT_EQ(errorOf(head + kSend + " 80"), "Reading array length for 'arguments' failed.");
  EXPECT_EQ(errorOf("94 01 80 c0 " + kSend), "Reading array length for 'arguments' failed.");
  EXPECT_EQ(errorOf("96 01 80 c0 " + kSend + " 90 c0"),
            "Reading array length for 'streamIds' failed.");
  EXPECT_EQ(errorOf("96 01 80 c0 " + kSend + " 90 91 01"), "Reading 'streamIds' as String failed.");
  EXPECT_EQ(errorOf("96 01 80 c0 " + kSend + " 90 91 a0"),
            "Null or empty value in streamIds received.");
  EXPECT_EQ(errorOf("95 04 80 c0 " + kSend + " 90"),
            "Null or empty invocation ID for StreamInvocation message.");
  EXPECT_EQ(errorOf("95 04 80 a1 31 c0 90"), "Null or empty target for StreamInvocation message.");
  EXPECT_EQ(errorOf("94 02 80 c0 01"), "Null or empty invocation ID for StreamItem message.");
  EXPECT_EQ(errorOf("93 02 80 a1 31"), "Reading 'item' failed.");
  EXPECT_EQ(errorOf("95 03 80 a0 03 01"), "Null or empty invocation ID for Completion message.");
  EXPECT_EQ(errorOf("94 03 80 a1 31 a1 33"), "Reading 'resultKind' as Int32 failed.");
  EXPECT_EQ(errorOf("95 03 80 a1 31 09 01"), "Invalid invocation result kind.");
  EXPECT_EQ(errorOf("94 03 80 a1 31 03"), "Reading 'result' failed.");
  EXPECT_EQ(errorOf("95 03 80 a1 31 01 01"), "Reading 'error' as String failed.");
  EXPECT_EQ(errorOf("93 05 80 c0"), "Null or empty invocation ID for CancelInvocation message.");
  EXPECT_EQ(errorOf("92 05 80"), "Reading 'invocationId' as String failed.");
  EXPECT_EQ(errorOf("91 07"), "Reading 'error' as String failed.");
  EXPECT_EQ(errorOf("93 07 c0 01"), "Reading 'allowReconnect' as Boolean failed.");
  EXPECT_EQ(errorOf("91 08"), "Reading 'sequenceId' as Int64 failed.");
  EXPECT_EQ(errorOf("92 09 a1 31"), "Reading 'sequenceId' as Int64 failed.");
  EXPECT_EQ(errorOf("92 09 cf ff ff ff ff ff ff ff ff"), "Reading 'sequenceId' as Int64 failed.");
  EXPECT_EQ(errorOf("92 08 ff"), "Expected 'sequenceId' to be a non-negative integer.");
}

TEST(MessagePackHubMessageParser, ReportsTheFirstBadElementInReadingOrder) {
  // Bad headers come before the bin in the target's place, as ASP.NET reads them.
  EXPECT_EQ(errorOf("95 01 05 c0 c4 01 00 90"), "Reading map length for 'headers' failed.");
  EXPECT_EQ(errorOf("95 01 80 c0 c4 01 00 90"),
            "MessagePack binary values are not supported; send bytes as a base64 string.");
}

TEST(MessagePackHubMessageParser, RefusesValuesWithoutAJsonForm) {
  const std::string head = "95 01 80 c0 " + kSend + " ";
  EXPECT_EQ(errorOf(head + "91 c4 02 01 02"),
            "MessagePack binary values are not supported; send bytes as a base64 string.");
  EXPECT_EQ(errorOf(head + "91 d6 ff 00 00 00 00"),  // a timestamp
            "MessagePack extension values (type -1) are not supported.");
  EXPECT_EQ(errorOf(head + "91 c7 00 05"),
            "MessagePack extension values (type 5) are not supported.");
  EXPECT_EQ(errorOf(head + "91 81 01 02"), "MessagePack map keys must be strings.");
  EXPECT_EQ(errorOf(head + "91 81 91 01 02"), "MessagePack map keys must be strings.");
  EXPECT_EQ(errorOf(head + "91 cb 7f f8 00 00 00 00 00 00"),
            "MessagePack floats must be finite for JSON.");
  EXPECT_EQ(errorOf(head + "91 ca 7f 80 00 00"), "MessagePack floats must be finite for JSON.");
  EXPECT_EQ(errorOf("95 01 80 c0 a2 ff fe 90"), "MessagePack strings must be valid UTF-8.");
  EXPECT_EQ(errorOf(head + "91 a3 ed a0 80"), "MessagePack strings must be valid UTF-8.");
  EXPECT_EQ(errorOf("94 02 80 a1 31 c4 00"),
            "MessagePack binary values are not supported; send bytes as a base64 string.");
}

TEST(MessagePackHubMessageParser, RefusesWhatIsNoMessagePackArray) {
  EXPECT_EQ(errorOf(""), "The message is empty.");
  EXPECT_EQ(errorOf("06"), "Reading 'message' as Array failed.");
  EXPECT_EQ(errorOf("81 a1 61 01"), "Reading 'message' as Array failed.");
  EXPECT_EQ(errorOf("95 01 80"), "The MessagePack data ends before the message does.");
  EXPECT_EQ(errorOf("91 06 00"), "Unexpected data after the message.");
  EXPECT_EQ(errorOf("92 06 c1").rfind("Invalid MessagePack data at byte", 0), 0u);
}

// A 5-element Invocation whose arguments are `levels` arrays, one inside the other.
std::string nestedArguments(std::size_t levels) {
  std::string hex = "95 01 80 c0 " + kSend;
  for (std::size_t i = 1; i < levels; ++i) hex += " 91";
  return hex + " 90";
}

TEST(MessagePackHubMessageParser, BoundsTheNestingDepth) {
  // The message array is the first level, the arguments the second.
  EXPECT_TRUE(parseMessagePackHubMessage(hexBytes(nestedArguments(kMaxMessagePackDepth - 1))));
  EXPECT_EQ(errorOf(nestedArguments(kMaxMessagePackDepth)),
            "MessagePack data nested deeper than 32 levels.");
  // A whole record of array headers is refused at the limit, not followed down.
  EXPECT_EQ(parseMessagePackHubMessage(std::string(32 * 1024, '\x91')).error().message,
            "MessagePack data nested deeper than 32 levels.");
  EXPECT_EQ(parseMessagePackHubMessage(std::string(32 * 1024, '\x81')).error().message,
            "MessagePack data nested deeper than 32 levels.");
}

TEST(MessagePackHubMessageParser, RefusesHugeDeclaredLengthsInSmallRecords) {
  const std::string head = "95 01 80 c0 " + kSend + " ";
  const std::string ends = "The MessagePack data ends before the message does.";
  EXPECT_EQ(errorOf(head + "dd ff ff ff ff"), ends);     // an array of 4 billion
  EXPECT_EQ(errorOf(head + "91 df ff ff ff ff"), ends);  // a map of 4 billion
  EXPECT_EQ(errorOf(head + "91 db ff ff ff ff"), ends);  // a 4 GB string
  EXPECT_EQ(errorOf(head + "91 c6 ff ff ff ff"), ends);  // a 4 GB bin
  EXPECT_EQ(errorOf(head + "91 c9 ff ff ff ff 01"), ends);
  EXPECT_EQ(errorOf("dd ff ff ff ff 01 80 c0"), ends);
  // 30000 of 65535 declared arguments, in a record of the default size.
  std::string record = hexBytes(head + "dc ff ff") + std::string(30000, '\xc0');
  EXPECT_EQ(parseMessagePackHubMessage(record).error().message, ends);
}

TEST(MessagePackHubMessageParser, ReadsAsManyArgumentsAsTheRecordHolds) {
  std::string record = hexBytes("95 01 80 c0 " + kSend + " dc 75 30") + std::string(30000, '\xc0');
  auto message = parseMessagePackHubMessage(record);
  ASSERT_TRUE(message.ok()) << message.error().message;
  EXPECT_EQ(std::get<Invocation>(*message).arguments.size(), 30000u);
}

}  // namespace
}  // namespace chat::signalr
