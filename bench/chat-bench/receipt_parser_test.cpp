#include "receipt_parser.hpp"

#include <string>

#include <gtest/gtest.h>

#include "payload.hpp"

namespace chat::bench {
namespace {

TEST(ReceiptParser, MessageReceivedAsTheServerWritesIt) {
  const auto receipt = parseReceipt(
      R"({"type":1,"target":"MessageReceived","arguments":[{"messageId":17,"groupId":3,)"
      R"("seq":42,"playerId":5,"playerName":"bench0","message":"t123s4n5xx",)"
      R"("sentOn":"2024-01-01T00:00:00.123Z"}]})");
  ASSERT_EQ(receipt.kind, RecordKind::kMessageReceived);
  EXPECT_EQ(receipt.group_id, 3);
  EXPECT_EQ(receipt.seq, 42);
  EXPECT_TRUE(receipt.has_message);
  EXPECT_EQ(receipt.message, "t123s4n5xx");
}

TEST(ReceiptParser, KeysInAnyOrderWithWhitespace) {
  const auto receipt =
      parseReceipt(R"( { "arguments" : [ { "message" : "hi", "seq" : 7, "groupId" : 9 } ], )"
                   R"("target" : "MessageReceived", "type" : 1 } )");
  ASSERT_EQ(receipt.kind, RecordKind::kMessageReceived);
  EXPECT_EQ(receipt.group_id, 9);
  EXPECT_EQ(receipt.seq, 7);
  EXPECT_EQ(receipt.message, "hi");
}

TEST(ReceiptParser, KeyNamesInsideStringsAreNotKeys) {
  // A quote inside a string is escaped, so `"seq":` in a text never matches.
  const auto receipt = parseReceipt(
      R"({"type":1,"target":"MessageReceived","arguments":[{"message":"\"seq\":99 \"type\"",)"
      R"("groupId":2,"seq":3}]})");
  ASSERT_EQ(receipt.kind, RecordKind::kMessageReceived);
  EXPECT_EQ(receipt.seq, 3);
  EXPECT_EQ(receipt.message, R"(\"seq\":99 \"type\")");
  const auto value_like_key = parseReceipt(R"({"target":"type","type":1,"arguments":[]})");
  EXPECT_EQ(value_like_key.kind, RecordKind::kInvocation);
}

TEST(ReceiptParser, CompletionWithMessageDto) {
  const auto receipt =
      parseReceipt(R"({"type":3,"invocationId":"12","result":{"messageId":1,"groupId":4,"seq":8,)"
                   R"("playerId":1,"playerName":"a","message":"t1s2n3","sentOn":"x"}})");
  ASSERT_EQ(receipt.kind, RecordKind::kCompletion);
  EXPECT_EQ(receipt.invocation_id, 12u);
  EXPECT_FALSE(receipt.has_error);
  EXPECT_EQ(receipt.group_id, 4);
  EXPECT_EQ(receipt.seq, 8);
  EXPECT_EQ(receipt.message, "t1s2n3");
}

TEST(ReceiptParser, CompletionVoidAndError) {
  const auto done = parseReceipt(R"({"type":3,"invocationId":"1","result":null})");
  ASSERT_EQ(done.kind, RecordKind::kCompletion);
  EXPECT_EQ(done.invocation_id, 1u);
  EXPECT_FALSE(done.has_error);
  EXPECT_EQ(done.seq, -1);
  const auto failed =
      parseReceipt(R"({"type":3,"invocationId":"2","error":"Too many invocations; slow down."})");
  ASSERT_EQ(failed.kind, RecordKind::kCompletion);
  EXPECT_TRUE(failed.has_error);
  EXPECT_EQ(failed.error, "Too many invocations; slow down.");
}

TEST(ReceiptParser, PingCloseHandshake) {
  EXPECT_EQ(parseReceipt(R"({"type":6})").kind, RecordKind::kPing);
  const auto close = parseReceipt(R"({"type":7,"error":"bye","allowReconnect":true})");
  EXPECT_EQ(close.kind, RecordKind::kClose);
  EXPECT_EQ(close.error, "bye");
  EXPECT_EQ(parseReceipt("{}").kind, RecordKind::kHandshakeOk);
  EXPECT_EQ(parseReceipt(R"({"error":"The protocol 'x' is not supported."})").kind,
            RecordKind::kHandshakeError);
  EXPECT_EQ(parseReceipt(R"({"type":99})").kind, RecordKind::kOther);
}

TEST(ReceiptParser, MalformedRecords) {
  EXPECT_EQ(parseReceipt("").kind, RecordKind::kMalformed);
  EXPECT_EQ(parseReceipt("not json").kind, RecordKind::kMalformed);
  EXPECT_EQ(parseReceipt(R"({"type":1,"arguments":[]})").kind, RecordKind::kMalformed);
  EXPECT_EQ(parseReceipt(R"({"type":3})").kind, RecordKind::kMalformed);
  EXPECT_EQ(parseReceipt(R"({"type":"x"})").kind, RecordKind::kMalformed);
  // The message string never ends: no text, no seq.
  const auto truncated =
      parseReceipt(R"({"type":1,"target":"MessageReceived","arguments":[{"message":"ab})");
  EXPECT_EQ(truncated.kind, RecordKind::kMessageReceived);
  EXPECT_FALSE(truncated.has_message);
  EXPECT_EQ(truncated.seq, -1);
}

TEST(Payload, RoundTripsAndPads) {
  std::string text;
  appendPayload(text, {123456789012345, 7, 42}, 40);
  EXPECT_EQ(text.size(), 40u);
  EXPECT_TRUE(text.starts_with("t123456789012345s7n42x"));
  const auto payload = parsePayload(text);
  ASSERT_TRUE(payload);
  EXPECT_EQ(payload->send_ns, 123456789012345u);
  EXPECT_EQ(payload->sender, 7u);
  EXPECT_EQ(payload->seq, 42u);
  std::string shortest;
  appendPayload(shortest, {1, 2, 3}, 0);
  EXPECT_EQ(shortest, "t1s2n3");
}

TEST(Payload, RejectsOtherTexts) {
  EXPECT_FALSE(parsePayload(""));
  EXPECT_FALSE(parsePayload("hello"));
  EXPECT_FALSE(parsePayload("t1s2"));
  EXPECT_FALSE(parsePayload("t1s2n3y"));
  EXPECT_FALSE(parsePayload("ts2n3"));
}

}  // namespace
}  // namespace chat::bench
