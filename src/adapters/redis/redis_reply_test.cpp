#include "adapters/redis/redis_reply.hpp"

#include <gtest/gtest.h>

namespace chat::redis {

// For gtest messages (inline: each test file that compares replies has it).
// NOLINTNEXTLINE(readability-identifier-naming): the name gtest looks for
inline void PrintTo(const Reply& reply, std::ostream* out) {
  *out << describe(reply);
}

namespace {

using namespace std::string_literals;

// Every reply the reader has whole; fails the test on a protocol error.
std::vector<Reply> drain(ReplyReader& reader) {
  std::vector<Reply> replies;
  for (;;) {
    auto next = reader.next();
    EXPECT_TRUE(next.ok()) << next.error().detail;
    if (!next.ok() || !*next) return replies;
    replies.push_back(std::move(**next));
  }
}

// One of each kind, with a bulk string that holds CR, LF and NUL, and nested arrays.
const std::string kStream =
    "+OK\r\n"
    "-ERR unknown command 'FOO'\r\n"
    ":42\r\n"
    ":-7\r\n"
    "$11\r\nhe\r\nl\0o\nwor\r\n"s
    "$0\r\n\r\n"
    "$-1\r\n"
    "*-1\r\n"
    "*0\r\n"
    "*3\r\n$7\r\nmessage\r\n$4\r\nroom\r\n$5\r\nhello\r\n"
    "*2\r\n*2\r\n:1\r\n*1\r\n+deep\r\n$-1\r\n";

std::vector<Reply> expected() {
  return {
      Reply::status("OK"),
      Reply::error("ERR unknown command 'FOO'"),
      Reply::number(42),
      Reply::number(-7),
      Reply::bulk("he\r\nl\0o\nwor"s),
      Reply::bulk(""),
      Reply::nil(),
      Reply::nil(),
      Reply::array({}),
      Reply::array({Reply::bulk("message"), Reply::bulk("room"), Reply::bulk("hello")}),
      Reply::array(
          {Reply::array({Reply::number(1), Reply::array({Reply::status("deep")})}), Reply::nil()}),
  };
}

TEST(ReplyReader, ReadsEveryKind) {
  ReplyReader reader;
  reader.feed(kStream);
  EXPECT_EQ(drain(reader), expected());
}

TEST(ReplyReader, ReadsTheSameWhereverTheStreamIsSplit) {
  for (std::size_t cut = 0; cut <= kStream.size(); ++cut) {
    ReplyReader reader;
    reader.feed(std::string_view(kStream).substr(0, cut));
    std::vector<Reply> replies = drain(reader);
    reader.feed(std::string_view(kStream).substr(cut));
    for (Reply& reply : drain(reader)) replies.push_back(std::move(reply));
    EXPECT_EQ(replies, expected()) << "split at byte " << cut;
  }
}

TEST(ReplyReader, ReadsTheStreamOneByteAtATime) {
  ReplyReader reader;
  std::vector<Reply> replies;
  for (char byte : kStream) {
    reader.feed(std::string_view(&byte, 1));
    for (Reply& reply : drain(reader)) replies.push_back(std::move(reply));
  }
  EXPECT_EQ(replies, expected());
}

TEST(ReplyReader, WaitsForTheRestOfALargeBulkString) {
  const std::string payload(1 << 20, 'x');
  const std::string wire = "$" + std::to_string(payload.size()) + "\r\n" + payload + "\r\n";
  ReplyReader reader;
  for (std::size_t at = 0; at < wire.size(); at += 4096) {
    EXPECT_TRUE(drain(reader).empty());
    reader.feed(std::string_view(wire).substr(at, 4096));
  }
  EXPECT_EQ(drain(reader), std::vector<Reply>{Reply::bulk(payload)});
}

TEST(ReplyReader, AProtocolErrorBreaksTheReaderForGood) {
  ReplyReader reader;
  reader.feed("+OK\r\n?what\r\n");
  auto first = reader.next();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(**first, Reply::status("OK"));
  auto broken = reader.next();
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(broken.error().detail.find("Protocol error"), std::string::npos)
      << broken.error().detail;
  reader.feed("+OK\r\n");
  EXPECT_FALSE(reader.next().ok());
}

TEST(ReplyReader, ABadLengthIsAProtocolError) {
  ReplyReader reader;
  reader.feed("$abc\r\n");
  EXPECT_FALSE(reader.next().ok());
}

TEST(Reply, DescribeShowsTheShape) {
  EXPECT_EQ(describe(expected().back()), "[[(integer) 1, [deep]], (nil)]");
  EXPECT_EQ(describe(Reply::error("ERR x")), "(error) ERR x");
  EXPECT_EQ(describe(Reply::bulk(std::string(100, 'a'))),
            "\"" + std::string(64, 'a') + "...(100 bytes)\"");
}

}  // namespace
}  // namespace chat::redis
