#include "adapters/signalr/protocol/hub_message_writer.hpp"

#include <gtest/gtest.h>

#include <string>

#include "adapters/signalr/protocol/hub_message_parser.hpp"

namespace chat::signalr {
namespace {

namespace json = boost::json;

std::string record(std::string_view json_text) {
  return std::string(json_text) + "\x1e";
}

TEST(SerializeInvocation, WritesServerPushWithoutId) {
  EXPECT_EQ(serializeInvocation("ReceiveMessage", json::array{"bob", "hi"}),
            record(R"({"type":1,"target":"ReceiveMessage","arguments":["bob","hi"]})"));
  EXPECT_EQ(serializeInvocation("Target", json::array{}),
            record(R"({"type":1,"target":"Target","arguments":[]})"));
  EXPECT_EQ(serializeInvocation("Target", json::array{nullptr, true, 42, 1.5}),
            record(R"({"type":1,"target":"Target","arguments":[null,true,42,1.5E0]})"));
}

TEST(SerializeInvocation, EscapesTargetAndArguments) {
  const json::array arguments{"quote \" backslash \\ newline \n tab \t ctl \x01",
                              "h\xC3\xA9llo \xF0\x9F\x98\x80"};
  EXPECT_EQ(serializeInvocation("a\"b\\c", arguments),
            record("{\"type\":1,\"target\":\"a\\\"b\\\\c\",\"arguments\":["
                   "\"quote \\\" backslash \\\\ newline \\n tab \\t ctl \\u0001\","
                   "\"h\xC3\xA9llo \xF0\x9F\x98\x80\"]}"));
}

TEST(SerializeInvocationRaw, EqualsSerializeInvocation) {
  const json::array cases[] = {
      json::array{},
      json::array{json::object{{"groupId", 1}, {"text", "h\xC3\xA9 \"x\"\n"}, {"id", 9}}},
      json::array{"bob", nullptr, json::array{1, 2}, false},
  };
  for (const auto& arguments : cases) {
    const std::string json_arguments = json::serialize(arguments);
    EXPECT_EQ(serializeInvocationRaw("Receive\"Message", json_arguments),
              serializeInvocation("Receive\"Message", arguments))
        << json_arguments;
  }
  EXPECT_EQ(
      serializeInvocationRaw("MessageReceived", R"([{"groupId":1,"text":"hi"}])"),
      record(R"({"type":1,"target":"MessageReceived","arguments":[{"groupId":1,"text":"hi"}]})"));
}

TEST(SerializeCompletion, Result) {
  EXPECT_EQ(serializeCompletionResult("123", 42),
            record(R"({"type":3,"invocationId":"123","result":42})"));
  EXPECT_EQ(serializeCompletionResult("123", "Foo"),
            record(R"({"type":3,"invocationId":"123","result":"Foo"})"));
  EXPECT_EQ(serializeCompletionResult("1", json::object{{"groupId", 7}}),
            record(R"({"type":3,"invocationId":"1","result":{"groupId":7}})"));
  EXPECT_EQ(serializeCompletionResult("1", nullptr),
            record(R"({"type":3,"invocationId":"1","result":null})"));
}

TEST(SerializeCompletion, RawResultIsSplicedInAsIs) {
  EXPECT_EQ(serializeCompletionResultRaw("4\"2", R"({"seq":7,"message":"a\"b"})"),
            record(R"({"type":3,"invocationId":"4\"2","result":{"seq":7,"message":"a\"b"}})"));
}

TEST(SerializeCompletion, VoidWritesNullResultLikeAspNet) {
  EXPECT_EQ(serializeCompletionVoid("0"), record(R"({"type":3,"invocationId":"0","result":null})"));
}

TEST(SerializeCompletion, Error) {
  EXPECT_EQ(serializeCompletionError("123", "It didn't work!"),
            record(R"({"type":3,"invocationId":"123","error":"It didn't work!"})"));
  EXPECT_EQ(serializeCompletionError("7", "Unknown hub method 'a\"b'"),
            record(R"({"type":3,"invocationId":"7","error":"Unknown hub method 'a\"b'"})"));
  EXPECT_EQ(serializeCompletionError("i\"d", "x"),
            record(R"({"type":3,"invocationId":"i\"d","error":"x"})"));
}

TEST(SerializeCompletion, EmptyErrorStaysAnError) {
  EXPECT_EQ(
      serializeCompletionError("1", ""),
      record(
          R"({"type":3,"invocationId":"1","error":"An unexpected error occurred on the server."})"));
}

TEST(PingRecord, IsTypeSix) {
  EXPECT_EQ(pingRecord(), record(R"({"type":6})"));
}

TEST(SerializeClose, OmitsAbsentFields) {
  EXPECT_EQ(serializeClose(std::nullopt, false), record(R"({"type":7})"));
  EXPECT_EQ(serializeClose(std::nullopt, true), record(R"({"type":7,"allowReconnect":true})"));
  EXPECT_EQ(serializeClose("Connection closed with an error.", false),
            record(R"({"type":7,"error":"Connection closed with an error."})"));
  EXPECT_EQ(
      serializeClose("Connection closed with an error.", true),
      record(R"({"type":7,"error":"Connection closed with an error.","allowReconnect":true})"));
  EXPECT_EQ(serializeClose("", false), record(R"({"type":7,"error":""})"));
  EXPECT_EQ(serializeClose("bad\\\"\x02", false), record(R"({"type":7,"error":"bad\\\"\u0002"})"));
}

// What we write must read back as the same message.
TEST(Serializers, RoundTripThroughTheParser) {
  auto strip = [](const std::string& r) { return std::string_view(r).substr(0, r.size() - 1); };

  const json::array arguments{"h\xC3\xA9 \"q\" \\ \n", 1, nullptr};
  auto invocation = parseHubMessage(strip(serializeInvocation("Send\tIt", arguments)));
  ASSERT_TRUE(invocation.ok());
  const auto& inv = std::get<Invocation>(*invocation);
  EXPECT_EQ(inv.target, "Send\tIt");
  EXPECT_EQ(inv.arguments, arguments);
  EXPECT_FALSE(inv.invocation_id);

  auto completion = parseHubMessage(strip(serializeCompletionError("4\"2", "no\nway")));
  ASSERT_TRUE(completion.ok());
  EXPECT_EQ(std::get<Completion>(*completion).invocation_id, "4\"2");
  EXPECT_EQ(std::get<Completion>(*completion).error, "no\nway");

  auto close = parseHubMessage(strip(serializeClose("bye", true)));
  ASSERT_TRUE(close.ok());
  EXPECT_EQ(std::get<Close>(*close).error, "bye");
  EXPECT_TRUE(std::get<Close>(*close).allow_reconnect);
}

}  // namespace
}  // namespace chat::signalr
