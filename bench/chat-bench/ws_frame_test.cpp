#include "ws_frame.hpp"

#include <string>

#include <gtest/gtest.h>

namespace chat::bench::ws {
namespace {

// An unmasked frame as a server writes it.
std::string serverFrame(std::uint8_t first, std::string_view payload) {
  std::string out(1, static_cast<char>(first));
  const std::size_t n = payload.size();
  if (n < 126) {
    out.push_back(static_cast<char>(n));
  } else if (n <= 0xFFFF) {
    out.push_back(static_cast<char>(126));
    out.push_back(static_cast<char>(n >> 8));
    out.push_back(static_cast<char>(n & 0xFF));
  } else {
    out.push_back(static_cast<char>(127));
    for (int shift = 56; shift >= 0; shift -= 8)
      out.push_back(static_cast<char>((n >> shift) & 0xFF));
  }
  return out + std::string(payload);
}

ParseStatus parse(std::string_view bytes, Frame& frame, std::size_t& consumed,
                  std::size_t max = 1 << 20) {
  std::string_view error;
  return parseServerFrame(bytes, max, frame, consumed, error);
}

TEST(WsFrame, SplitsSeveralTextFramesOfOneRead) {
  const std::string bytes = serverFrame(0x81, "t1s0n1xx") + serverFrame(0x81, "t2s0n2xx");
  std::string_view rest = bytes;
  Frame frame;
  std::size_t consumed = 0;
  ASSERT_EQ(parse(rest, frame, consumed), ParseStatus::kFrame);
  EXPECT_EQ(frame.opcode, Opcode::kText);
  EXPECT_TRUE(frame.fin);
  EXPECT_EQ(frame.payload, "t1s0n1xx");
  rest.remove_prefix(consumed);
  ASSERT_EQ(parse(rest, frame, consumed), ParseStatus::kFrame);
  EXPECT_EQ(frame.payload, "t2s0n2xx");
  rest.remove_prefix(consumed);
  EXPECT_TRUE(rest.empty());
}

TEST(WsFrame, EveryLengthEncoding) {
  for (const std::size_t n : {0UL, 125UL, 126UL, 65535UL, 65536UL}) {
    const std::string payload(n, 'x');
    const std::string bytes = serverFrame(0x81, payload);
    Frame frame;
    std::size_t consumed = 0;
    ASSERT_EQ(parse(bytes, frame, consumed), ParseStatus::kFrame) << n;
    EXPECT_EQ(frame.payload.size(), n);
    EXPECT_EQ(consumed, bytes.size());
    // Every strict prefix is incomplete.
    for (const std::size_t cut :
         {std::size_t{0}, std::size_t{1}, bytes.size() / 2, bytes.size() - 1}) {
      if (cut >= bytes.size()) continue;
      EXPECT_EQ(parse(std::string_view(bytes).substr(0, cut), frame, consumed),
                ParseStatus::kIncomplete)
          << n << " cut at " << cut;
    }
  }
}

TEST(WsFrame, FragmentsAndControlFrames) {
  Frame frame;
  std::size_t consumed = 0;
  ASSERT_EQ(parse(serverFrame(0x01, "ab"), frame, consumed), ParseStatus::kFrame);
  EXPECT_FALSE(frame.fin);
  ASSERT_EQ(parse(serverFrame(0x80, "cd"), frame, consumed), ParseStatus::kFrame);
  EXPECT_EQ(frame.opcode, Opcode::kContinuation);
  EXPECT_TRUE(frame.fin);
  ASSERT_EQ(parse(serverFrame(0x89, "p"), frame, consumed), ParseStatus::kFrame);
  EXPECT_EQ(frame.opcode, Opcode::kPing);
  const std::string close = serverFrame(0x88, closePayload(1000));  // frame.payload points into it
  ASSERT_EQ(parse(close, frame, consumed), ParseStatus::kFrame);
  EXPECT_EQ(frame.opcode, Opcode::kClose);
  EXPECT_EQ(frame.payload, std::string("\x03\xe8", 2));
}

TEST(WsFrame, RejectsWhatAServerMustNotSend) {
  Frame frame;
  std::size_t consumed = 0;
  std::string masked = serverFrame(0x81, "a");
  masked[1] = static_cast<char>(masked[1] | 0x80);
  EXPECT_EQ(parse(masked, frame, consumed), ParseStatus::kError);
  EXPECT_EQ(parse(serverFrame(0xC1, "a"), frame, consumed), ParseStatus::kError);  // RSV1
  EXPECT_EQ(parse(serverFrame(0x83, "a"), frame, consumed), ParseStatus::kError);  // opcode 3
  EXPECT_EQ(parse(serverFrame(0x09, "a"), frame, consumed),
            ParseStatus::kError);  // fragmented ping
  EXPECT_EQ(parse(serverFrame(0x89, std::string(126, 'p')), frame, consumed), ParseStatus::kError);
  EXPECT_EQ(parse(serverFrame(0x81, std::string(11, 'x')), frame, consumed, 10),
            ParseStatus::kError);
}

TEST(WsFrame, ClientFramesAreMasked) {
  for (const std::size_t n : {3UL, 200UL, 70000UL}) {
    const std::string payload(n, 'y');
    std::string out;
    appendClientFrame(out, Opcode::kText, payload, 0x01020304);
    ASSERT_GE(out.size(), n + 6);
    EXPECT_EQ(static_cast<std::uint8_t>(out[0]), 0x81);
    EXPECT_NE(static_cast<std::uint8_t>(out[1]) & 0x80, 0);
    const std::size_t header = n < 126 ? 2 : n <= 0xFFFF ? 4 : 10;
    ASSERT_EQ(out.size(), header + 4 + n);
    const std::string_view mask = std::string_view(out).substr(header, 4);
    EXPECT_EQ(mask, std::string_view("\x01\x02\x03\x04", 4));
    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_EQ(out[header + 4 + i] ^ mask[i & 3], 'y') << i;
    }
  }
}

}  // namespace
}  // namespace chat::bench::ws
