#include "adapters/signalr/protocol/handshake.hpp"

#include <gtest/gtest.h>

#include <string>

#include "adapters/signalr/protocol/record_reader.hpp"

namespace chat::signalr {
namespace {

// Vectors from ASP.NET's HandshakeProtocolTests (records without the 0x1E).
TEST(ParseHandshakeRequest, ReadsProtocolAndVersion) {
  auto request = parseHandshakeRequest(R"({"protocol":"json","version":1})");
  ASSERT_TRUE(request.ok()) << request.error().message;
  EXPECT_EQ(request->protocol, "json");
  EXPECT_EQ(request->version, 1);
}

TEST(ParseHandshakeRequest, IgnoresUnknownFieldsAndKeyOrder) {
  auto request = parseHandshakeRequest(R"({"unknown":null,"version":10,"protocol":""})");
  ASSERT_TRUE(request.ok()) << request.error().message;
  EXPECT_EQ(request->protocol, "");
  EXPECT_EQ(request->version, 10);
}

struct InvalidCase {
  std::string record;
  std::string message;
};

TEST(ParseHandshakeRequest, RejectsInvalidRequests) {
  const InvalidCase cases[] = {
      {"42", "Unexpected JSON Token Type 'Number'. Expected a JSON Object."},
      {R"("42")", "Unexpected JSON Token Type 'String'. Expected a JSON Object."},
      {"null", "Unexpected JSON Token Type 'Null'. Expected a JSON Object."},
      {"[]", "Unexpected JSON Token Type 'Array'. Expected a JSON Object."},
      {"{}", "Missing required property 'protocol'."},
      {R"({"protocol":"json"})", "Missing required property 'version'."},
      {R"({"protocol":"json","version":null})", "Missing required property 'version'."},
      {R"({"version":1})", "Missing required property 'protocol'."},
      {R"({"type":4,"invocationId":"42","target":"foo","arguments":{}})",
       "Missing required property 'protocol'."},
      {R"({"version":"123"})", "Expected 'version' to be of type Number."},
      {R"({"protocol":"json","version":1.5})", "Expected 'version' to be of type Number."},
      {R"({"protocol":"json","version":4294967296})", "Expected 'version' to be of type Number."},
      {R"({"protocol":null,"version":123})", "Expected 'protocol' to be of type String."},
      {R"({"protocol":"json","version":1)", "Error reading JSON."},
      {"", "Error reading JSON."},
  };
  for (const auto& c : cases) {
    auto request = parseHandshakeRequest(c.record);
    ASSERT_FALSE(request.ok()) << c.record;
    EXPECT_EQ(request.error().kind, ErrorKind::kInvalid) << c.record;
    EXPECT_EQ(request.error().message, c.message) << c.record;
  }
}

TEST(ChooseHubProtocol, AcceptsJsonAndMessagePackVersionsOneAndTwoInAnyCase) {
  constexpr auto kBinary = TransferFormat::kBinary;
  EXPECT_EQ(chooseHubProtocol({"json", 1}, kBinary).value(), &jsonHubProtocol());
  EXPECT_EQ(chooseHubProtocol({"json", 2}, kBinary).value(), &jsonHubProtocol());
  EXPECT_EQ(chooseHubProtocol({"JSON", 1}, kBinary).value(), &jsonHubProtocol());
  EXPECT_EQ(chooseHubProtocol({"Json", 2}, TransferFormat::kText).value(), &jsonHubProtocol());
  EXPECT_EQ(chooseHubProtocol({"messagepack", 1}, kBinary).value(), &messagePackHubProtocol());
  EXPECT_EQ(chooseHubProtocol({"MessagePack", 2}, kBinary).value(), &messagePackHubProtocol());
}

TEST(ChooseHubProtocol, RejectsOtherProtocolsWithAspNetText) {
  auto chosen = chooseHubProtocol({"protobuf", 1}, TransferFormat::kBinary);
  ASSERT_FALSE(chosen.ok());
  EXPECT_EQ(chosen.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(chosen.error().message, "The protocol 'protobuf' is not supported.");
  EXPECT_FALSE(chooseHubProtocol({"", 1}, TransferFormat::kBinary).ok());
  EXPECT_FALSE(chooseHubProtocol({"jsonx", 1}, TransferFormat::kBinary).ok());
}

TEST(ChooseHubProtocol, RejectsOtherVersionsWithAspNetText) {
  auto chosen = chooseHubProtocol({"JSON", 3}, TransferFormat::kBinary);
  ASSERT_FALSE(chosen.ok());
  EXPECT_EQ(chosen.error().message,
            "The server does not support version 3 of the 'json' protocol.");
  EXPECT_EQ(chooseHubProtocol({"json", 0}, TransferFormat::kBinary).error().message,
            "The server does not support version 0 of the 'json' protocol.");
  EXPECT_FALSE(chooseHubProtocol({"json", -1}, TransferFormat::kBinary).ok());
}

TEST(ChooseHubProtocol, RefusesBinaryProtocolsOnTextTransports) {
  auto chosen = chooseHubProtocol({"messagepack", 1}, TransferFormat::kText);
  ASSERT_FALSE(chosen.ok());
  EXPECT_EQ(chosen.error().message,
            "Cannot use the 'messagepack' protocol on the current transport. The transport does "
            "not support 'Binary' transfer format.");
}

TEST(HandshakeResponse, IsEmptyObjectAndSeparator) {
  EXPECT_EQ(handshakeResponse(), std::string_view("{}\x1e", 3));
}

TEST(HandshakeError, EscapesTheMessage) {
  EXPECT_EQ(handshakeError("The protocol 'x' is not supported."),
            "{\"error\":\"The protocol 'x' is not supported.\"}\x1e");
  EXPECT_EQ(handshakeError("a\"b\\c\n"), "{\"error\":\"a\\\"b\\\\c\\n\"}\x1e");
}

TEST(Handshake, FollowedByHubMessageInTheSameBytes) {
  RecordReader reader;
  reader.append("{\"protocol\":\"json\",\"version\":1}\x1e{\"type\":6}\x1e");
  auto record = reader.next();
  ASSERT_TRUE(record.ok());
  ASSERT_TRUE(record.value());
  auto request = parseHandshakeRequest(*record.value());
  ASSERT_TRUE(request.ok());
  EXPECT_TRUE(chooseHubProtocol(*request, TransferFormat::kText).ok());
  auto ping = reader.next();
  ASSERT_TRUE(ping.ok());
  ASSERT_TRUE(ping.value());
  EXPECT_EQ(*ping.value(), "{\"type\":6}");
}

}  // namespace
}  // namespace chat::signalr
