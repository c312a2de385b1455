#include "adapters/signalr/protocol/hub_message_parser.hpp"

#include <gtest/gtest.h>

#include <string>

namespace chat::signalr {
namespace {

namespace json = boost::json;

// Parses `record` and expects a message of type T.
template <class T>
T parseAs(std::string_view record) {
  auto message = parseHubMessage(record);
  EXPECT_TRUE(message.ok()) << record << ": " << (message.ok() ? "" : message.error().message);
  if (!message.ok()) return T{};
  EXPECT_TRUE(std::holds_alternative<T>(*message)) << record << ": index " << message->index();
  if (!std::holds_alternative<T>(*message)) return T{};
  return std::get<T>(std::move(message).value());
}

TEST(ParseHubMessage, InvocationWithId) {
  auto m = parseAs<Invocation>(
      R"({"type":1,"invocationId":"123","target":"Target","arguments":[1,"Foo"]})");
  EXPECT_EQ(m.invocation_id, "123");
  EXPECT_EQ(m.target, "Target");
  EXPECT_EQ(m.arguments, json::parse(R"([1,"Foo"])").as_array());
  EXPECT_TRUE(m.stream_ids.empty());
}

TEST(ParseHubMessage, InvocationWithTypeLastAsTheJsClientWrites) {
  auto m = parseAs<Invocation>(
      R"({"target":"Send","arguments":[{"groupId":1,"text":"hi"}],"invocationId":"0","type":1})");
  EXPECT_EQ(m.invocation_id, "0");
  EXPECT_EQ(m.target, "Send");
  EXPECT_EQ(m.arguments, json::parse(R"([{"groupId":1,"text":"hi"}])").as_array());
}

TEST(ParseHubMessage, InvocationWithoutIdIsNonBlocking) {
  auto m = parseAs<Invocation>(R"({"type":1,"target":"Target","arguments":[null]})");
  EXPECT_FALSE(m.invocation_id.has_value());
  EXPECT_EQ(m.arguments, json::parse("[null]").as_array());
}

TEST(ParseHubMessage, InvocationWithEmptyIdIsNonBlockingLikeAspNet) {
  auto m = parseAs<Invocation>(R"({"type":1,"invocationId":"","target":"T","arguments":[]})");
  EXPECT_FALSE(m.invocation_id.has_value());
}

TEST(ParseHubMessage, InvocationWithStreamIds) {
  auto m = parseAs<Invocation>(
      R"({"type":1,"target":"Target","arguments":[42],"streamIds":["__test_id__","__test_id2__"]})");
  EXPECT_EQ(m.stream_ids, (std::vector<std::string>{"__test_id__", "__test_id2__"}));
}

TEST(ParseHubMessage, ArgumentsBeforeTypeAndTarget) {
  auto m = parseAs<Invocation>(R"({ "arguments": [1,2], "type":1, "target": "Method" })");
  EXPECT_EQ(m.target, "Method");
  EXPECT_EQ(m.arguments, json::parse("[1,2]").as_array());
}

TEST(ParseHubMessage, IgnoresUnknownKeysAndHeaders) {
  auto m = parseAs<Invocation>(
      R"({"type":1,"headers":{"Foo":"Bar","KeyWith\nNew\r\nLines":"Still Works"},)"
      R"("invocationId":"42","target":"foo","arguments":[],"extraParameter":{"x":[1]}})");
  EXPECT_EQ(m.invocation_id, "42");
  EXPECT_EQ(m.target, "foo");
  EXPECT_TRUE(m.arguments.empty());
}

TEST(ParseHubMessage, NonAsciiArgumentsPassThrough) {
  auto m = parseAs<Invocation>(
      "{\"type\":1,\"target\":\"Send\",\"arguments\":[\"h\xC3\xA9llo \\u00e9 \xF0\x9F\x98\x80\"]}");
  EXPECT_EQ(m.arguments.at(0).as_string(), "h\xC3\xA9llo \xC3\xA9 \xF0\x9F\x98\x80");
}

TEST(ParseHubMessage, StreamItem) {
  auto m = parseAs<StreamItem>(R"({ "item": "foo", "invocationId": "1a", "type":2 })");
  EXPECT_EQ(m.invocation_id, "1a");
  EXPECT_EQ(m.item, json::value("foo"));
  auto null_item = parseAs<StreamItem>(R"({"type":2,"invocationId":"123","item":null})");
  EXPECT_TRUE(null_item.item.is_null());
}

TEST(ParseHubMessage, CompletionWithResult) {
  auto m = parseAs<Completion>(R"({ "type":3, "result": 10, "invocationId": "15" })");
  EXPECT_EQ(m.invocation_id, "15");
  ASSERT_TRUE(m.result.has_value());
  EXPECT_EQ(*m.result, json::value(10));
  EXPECT_FALSE(m.error.has_value());
}

TEST(ParseHubMessage, CompletionWithNullResultKeepsIt) {
  auto m = parseAs<Completion>(R"({"type":3,"invocationId":"123","result":null})");
  ASSERT_TRUE(m.result.has_value());
  EXPECT_TRUE(m.result->is_null());
}

TEST(ParseHubMessage, CompletionVoidAndError) {
  auto none = parseAs<Completion>(R"({"type":3,"invocationId":"123"})");
  EXPECT_FALSE(none.result.has_value());
  EXPECT_FALSE(none.error.has_value());
  auto error = parseAs<Completion>(
      R"({"type":3,"headers":{"Foo":"Bar"},"invocationId":"123","error":"Whoops!"})");
  EXPECT_EQ(error.error, "Whoops!");
  EXPECT_FALSE(error.result.has_value());
}

TEST(ParseHubMessage, StreamInvocation) {
  auto m = parseAs<StreamInvocation>(
      R"({ "type":4, "arguments": [1,2], "target": "Method", "invocationId": "3" })");
  EXPECT_EQ(m.invocation_id, "3");
  EXPECT_EQ(m.target, "Method");
  EXPECT_EQ(m.arguments, json::parse("[1,2]").as_array());
}

TEST(ParseHubMessage, CancelInvocation) {
  auto m = parseAs<CancelInvocation>(R"({"type":5,"headers":{},"invocationId":"123"})");
  EXPECT_EQ(m.invocation_id, "123");
}

TEST(ParseHubMessage, Ping) {
  parseAs<Ping>(R"({"type":6})");
}

TEST(ParseHubMessage, CloseWithoutError) {
  auto m = parseAs<Close>(R"({"type":7})");
  EXPECT_FALSE(m.error.has_value());
  EXPECT_FALSE(m.allow_reconnect);
}

TEST(ParseHubMessage, CloseWithErrorAndAllowReconnect) {
  auto m = parseAs<Close>(
      R"({"allowReconnect":true,"error":"Connection closed with an error.","type":7})");
  EXPECT_EQ(m.error, "Connection closed with an error.");
  EXPECT_TRUE(m.allow_reconnect);
  EXPECT_EQ(parseAs<Close>(R"({"type":7,"error":""})").error, "");
}

TEST(ParseHubMessage, AckAndSequence) {
  EXPECT_EQ(parseAs<Ack>(R"({"type":8,"sequenceId":1394})").sequence_id, 1394);
  EXPECT_EQ(parseAs<Sequence>(R"({"sequenceId":1234,"type":9})").sequence_id, 1234);
}

TEST(ParseHubMessage, UnknownTypeIsNotAnError) {
  EXPECT_EQ(parseAs<UnknownMessage>(R"({"type":42,"whatever":[1]})").type, 42);
  EXPECT_EQ(parseAs<UnknownMessage>(R"({"type":0})").type, 0);
  EXPECT_EQ(parseAs<UnknownMessage>(R"({"type":-1})").type, -1);
}

struct InvalidCase {
  std::string record;
  std::string message;
};

// Mostly ASP.NET's JsonHubProtocolTestsBase.InvalidMessages (whose header vectors have an
// unquoted key that a DOM parser rejects first; quoted here).
TEST(ParseHubMessage, RejectsInvalidMessagesWithAspNetTexts) {
  const InvalidCase cases[] = {
      {"null", "Unexpected JSON Token Type 'Null'. Expected a JSON Object."},
      {R"("foo")", "Unexpected JSON Token Type 'String'. Expected a JSON Object."},
      {"[42]", "Unexpected JSON Token Type 'Array'. Expected a JSON Object."},
      {"true", "Unexpected JSON Token Type 'True'. Expected a JSON Object."},
      {"{}", "Missing required property 'type'."},
      {R"({"type":null})", "Expected 'type' to be of type Number."},
      {R"({"type":"1"})", "Expected 'type' to be of type Number."},
      {R"({"type":1.5})", "Expected 'type' to be an integer."},
      {R"({"type":18446744073709551615})", "Expected 'type' to be an integer."},

      {R"({"type":1,"headers":{"Foo": 42},"target":"test","arguments":[]})",
       "Expected header 'Foo' to be of type String."},
      {R"({"type":1,"headers":{"Foo": true},"target":"test","arguments":[]})",
       "Expected header 'Foo' to be of type String."},
      {R"({"type":1,"headers":{"Foo": null},"target":"test","arguments":[]})",
       "Expected header 'Foo' to be of type String."},
      {R"({"type":1,"headers":{"Foo": []},"target":"test","arguments":[]})",
       "Expected header 'Foo' to be of type String."},
      {R"({"type":1,"headers":[],"target":"test","arguments":[]})",
       "Expected 'headers' to be of type Object."},

      {R"({"type":1})", "Missing required property 'target'."},
      {R"({"type":1,"invocationId":42})", "Expected 'invocationId' to be of type String."},
      {R"({"type":1,"invocationId":"42"})", "Missing required property 'target'."},
      {R"({"type":1,"invocationId":"42","target":42})", "Expected 'target' to be of type String."},
      {R"({"type":1,"target":"","arguments":[]})", "Missing required property 'target'."},
      {R"({"type":1,"invocationId":"42","target":"foo"})",
       "Missing required property 'arguments'."},
      {R"({"type":1,"invocationId":"42","target":"foo","arguments":{}})",
       "Expected 'arguments' to be of type Array."},
      {R"({"type":1,"target":"foo","arguments":[],"streamIds":"1"})",
       "Expected 'streamIds' to be of type Array."},
      {R"({"type":1,"target":"foo","arguments":[],"streamIds":[1]})",
       "Expected 'streamIds' to be an array of strings."},
      // Numeric ids are rejected (the JS client does too), even when `type` comes last.
      {R"({"target":"Send","arguments":[],"invocationId":0,"type":1})",
       "Expected 'invocationId' to be of type String."},

      {R"({"type":2})", "Missing required property 'invocationId'."},
      {R"({"type":2,"invocationId":42})", "Expected 'invocationId' to be of type String."},
      {R"({"type":2,"invocationId":"42"})", "Missing required property 'item'."},

      {R"({"type":3})", "Missing required property 'invocationId'."},
      {R"({"type":3,"invocationId":""})", "Missing required property 'invocationId'."},
      {R"({"type":3,"invocationId":42})", "Expected 'invocationId' to be of type String."},
      {R"({"type":3,"invocationId":"42","error":[]})", "Expected 'error' to be of type String."},
      {R"({"type":3,"invocationId":"42","error":"foo","result":true})",
       "The 'error' and 'result' properties are mutually exclusive."},

      {R"({"type":4})", "Missing required property 'invocationId'."},
      {R"({"type":4,"invocationId":42})", "Expected 'invocationId' to be of type String."},
      {R"({"type":4,"invocationId":"42","target":42})", "Expected 'target' to be of type String."},
      {R"({"type":4,"invocationId":"42","target":"foo"})",
       "Missing required property 'arguments'."},
      {R"({"type":4,"invocationId":"42","target":"foo","arguments":{}})",
       "Expected 'arguments' to be of type Array."},

      {R"({"type":5})", "Missing required property 'invocationId'."},
      {R"({"type":7,"allowReconnect":"yes"})", "Expected 'allowReconnect' to be true or false."},
      {R"({"type":8})", "Missing required property 'sequenceId'."},
      {R"({"type":9,"sequenceId":"1"})", "Expected 'sequenceId' to be of type Number."},
      {R"({"type":9,"sequenceId":-1})", "Expected 'sequenceId' to be a non-negative integer."},
  };
  for (const auto& c : cases) {
    auto message = parseHubMessage(c.record);
    ASSERT_FALSE(message.ok()) << c.record;
    EXPECT_EQ(message.error().kind, ErrorKind::kInvalid) << c.record;
    EXPECT_EQ(message.error().message, c.message) << c.record;
  }
}

TEST(ParseHubMessage, RejectsBadJson) {
  const std::string cases[] = {
      "",
      "{",
      R"({"type":1,"target":"x","arguments":[})",
      R"({"type":1,})",                                     // trailing comma
      R"({"type":6} {"type":6})",                           // two values in one record
      R"({"type":6 /* comment */})",                        // comments
      "{\"type\":1,\"target\":\"\xC3\",\"arguments\":[]}",  // invalid UTF-8
      R"({'type':6})",
  };
  for (const auto& record : cases) {
    auto message = parseHubMessage(record);
    ASSERT_FALSE(message.ok()) << record;
    EXPECT_EQ(message.error().message, "Error reading JSON.") << record;
  }
}

TEST(ParseHubMessage, RejectsHostileNesting) {
  const std::string deep = R"({"type":1,"target":"x","arguments":)" + std::string(1000, '[') +
                           std::string(1000, ']') + "}";
  auto message = parseHubMessage(deep);
  ASSERT_FALSE(message.ok());
  EXPECT_EQ(message.error().message, "Error reading JSON.");
}

}  // namespace
}  // namespace chat::signalr
