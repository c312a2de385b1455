#include "messagepack_receipt.hpp"

#include <string>

#include <gtest/gtest.h>

#include "adapters/signalr/protocol/hub_protocol.hpp"
#include "adapters/signalr/protocol/length_prefix.hpp"

namespace chat::bench {
namespace {

// A record as the server writes it, without its length prefix. Receipts point into it: keep
// it while they are read.
std::string body(const std::string& frame) {
  const auto prefix = signalr::readLengthPrefix(frame);
  EXPECT_EQ(prefix.state, signalr::LengthPrefix::State::kComplete);
  EXPECT_EQ(prefix.prefix_size + prefix.frame_size, frame.size());
  return frame.substr(prefix.prefix_size);
}

Message sampleMessage(std::string text) {
  Message message;
  message.id = 123456;
  message.group_id = 300;
  message.seq = 70000;
  message.sender_id = 5;
  message.sender_name = "bench0";
  message.text = std::move(text);
  message.sent_on = Timestamp(std::chrono::milliseconds(1'700'000'000'123));
  return message;
}

const signalr::HubProtocol& server() {
  return signalr::messagePackHubProtocol();
}

TEST(MessagePackReceipt, MessageReceivedAsTheServerWritesIt) {
  const auto record = body(server().messageInvocation("MessageReceived", sampleMessage("t1s2n3")));
  const auto receipt = parseMessagePackReceipt(record);
  ASSERT_EQ(receipt.kind, RecordKind::kMessageReceived);
  EXPECT_EQ(receipt.group_id, 300);
  EXPECT_EQ(receipt.seq, 70000);
  EXPECT_TRUE(receipt.has_message);
  EXPECT_EQ(receipt.message, "t1s2n3");
}

TEST(MessagePackReceipt, LongTextsUseWiderStrings) {
  for (std::size_t size : {31u, 32u, 255u, 256u, 70000u}) {
    const std::string text(size, 'x');
    const auto record = body(server().messageInvocation("MessageReceived", sampleMessage(text)));
    const auto receipt = parseMessagePackReceipt(record);
    ASSERT_EQ(receipt.kind, RecordKind::kMessageReceived) << size;
    EXPECT_EQ(receipt.message, text);
  }
}

TEST(MessagePackReceipt, CompletionWithAMessageDto) {
  const auto record = body(server().completionWithMessage("42", sampleMessage("hi")));
  const auto receipt = parseMessagePackReceipt(record);
  ASSERT_EQ(receipt.kind, RecordKind::kCompletion);
  EXPECT_EQ(receipt.invocation_id, 42u);
  EXPECT_FALSE(receipt.has_error);
  EXPECT_EQ(receipt.group_id, 300);
  EXPECT_EQ(receipt.seq, 70000);
  EXPECT_EQ(receipt.message, "hi");
}

TEST(MessagePackReceipt, CompletionErrorVoidAndOtherResults) {
  const auto error = body(server().completionError("7", "Not a member"));
  auto receipt = parseMessagePackReceipt(error);
  ASSERT_EQ(receipt.kind, RecordKind::kCompletion);
  EXPECT_EQ(receipt.invocation_id, 7u);
  EXPECT_TRUE(receipt.has_error);
  EXPECT_EQ(receipt.error, "Not a member");

  receipt = parseMessagePackReceipt(body(server().completionVoid("8")));
  ASSERT_EQ(receipt.kind, RecordKind::kCompletion);
  EXPECT_EQ(receipt.invocation_id, 8u);
  EXPECT_FALSE(receipt.has_error);
  EXPECT_FALSE(receipt.has_message);

  receipt = parseMessagePackReceipt(
      body(server().completionWithResult("9", boost::json::parse(R"([{"a":[1,2.5,null]},"x"])"))));
  ASSERT_EQ(receipt.kind, RecordKind::kCompletion);
  EXPECT_EQ(receipt.invocation_id, 9u);
  EXPECT_FALSE(receipt.has_message);
}

TEST(MessagePackReceipt, PingCloseAndOtherInvocations) {
  EXPECT_EQ(parseMessagePackReceipt(body(*server().ping())).kind, RecordKind::kPing);
  const auto close = body(server().close("Server shutting down", true));
  auto receipt = parseMessagePackReceipt(close);
  ASSERT_EQ(receipt.kind, RecordKind::kClose);
  EXPECT_EQ(receipt.error, "Server shutting down");
  receipt = parseMessagePackReceipt(body(server().close(std::nullopt, false)));
  ASSERT_EQ(receipt.kind, RecordKind::kClose);
  EXPECT_FALSE(receipt.has_error);
  EXPECT_EQ(
      parseMessagePackReceipt(body(server().messageInvocation("MessageEdited", sampleMessage("e"))))
          .kind,
      RecordKind::kInvocation);
  EXPECT_EQ(parseMessagePackReceipt(body(server().ack(3))).kind, RecordKind::kOther);
}

TEST(MessagePackReceipt, KeysInAnyOrderAndUnknownValuesSkipped) {
  // [1, {}, nil, "MessageReceived", [{"x": {"k": [1, 2.0]}, "message": "m", "when": timestamp
  // 32, "seq": 9, "groupId": -3}], []]
  const char bytes[] =
      "\x96\x01\x80\xc0\xafMessageReceived\x91\x85"
      "\xa1x\x81\xa1k\x92\x01\xcb\x40\x00\x00\x00\x00\x00\x00\x00"
      "\xa7message\xa1m"
      "\xa4when\xd6\xff\x00\x00\x00\x01"
      "\xa3seq\x09"
      "\xa7groupId\xfd"
      "\x90";
  const std::string record(bytes, sizeof bytes - 1);  // NULs inside
  const auto receipt = parseMessagePackReceipt(record);
  ASSERT_EQ(receipt.kind, RecordKind::kMessageReceived);
  EXPECT_EQ(receipt.message, "m");
  EXPECT_EQ(receipt.seq, 9);
  EXPECT_EQ(receipt.group_id, -3);
}

TEST(MessagePackReceipt, TruncatedOrWrongRecordsAreMalformed) {
  const auto record = body(server().messageInvocation("MessageReceived", sampleMessage("abc")));
  // Cut anywhere before the end of the MessageDto (the last byte is the empty stream ids,
  // which the scanner does not read).
  for (std::size_t size = 0; size + 1 < record.size(); ++size) {
    EXPECT_EQ(parseMessagePackReceipt(record.substr(0, size)).kind, RecordKind::kMalformed) << size;
  }
  EXPECT_EQ(parseMessagePackReceipt("").kind, RecordKind::kMalformed);
  EXPECT_EQ(parseMessagePackReceipt("\x01").kind, RecordKind::kMalformed);  // not an array
  EXPECT_EQ(parseMessagePackReceipt("\x90").kind, RecordKind::kMalformed);  // no type
  EXPECT_EQ(parseMessagePackReceipt("\x93\x03\x80\x01").kind, RecordKind::kMalformed);  // id int
  // Nesting deeper than the scanner follows.
  std::string deep = "\x96\x01\x80\xc0\xafMessageReceived\x91\x81\xa1x";
  deep.append(100, '\x91');
  deep += '\x01';
  EXPECT_EQ(parseMessagePackReceipt(deep).kind, RecordKind::kMalformed);
}

}  // namespace
}  // namespace chat::bench
