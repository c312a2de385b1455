#include "adapters/signalr/protocol/record_reader.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "adapters/signalr/protocol/length_prefix.hpp"

namespace chat::signalr {
namespace {

using Records = std::vector<std::string>;

// Drains every complete record; fails the test on an error.
void drain(RecordReader& reader, Records& out) {
  for (;;) {
    auto record = reader.next();
    ASSERT_TRUE(record.ok()) << record.error().message;
    if (!record.value()) return;
    out.emplace_back(*record.value());
  }
}

// A trace as a browser sends it: handshake, ping, invocation (type last), with a 0x1E inside
// nothing but the separators.
const std::string kTrace =
    "{\"protocol\":\"json\",\"version\":1}\x1e"
    "{\"type\":6}\x1e"
    "{\"target\":\"Send\",\"arguments\":[\"h\xC3\xA9llo\"],\"invocationId\":\"0\",\"type\":1}\x1e";
const Records kTraceRecords = {
    "{\"protocol\":\"json\",\"version\":1}",
    "{\"type\":6}",
    "{\"target\":\"Send\",\"arguments\":[\"h\xC3\xA9llo\"],\"invocationId\":\"0\",\"type\":1}",
};

TEST(RecordReader, ReturnsNothingUntilSeparatorArrives) {
  RecordReader reader;
  reader.append("{\"type\":6}");
  auto record = reader.next();
  ASSERT_TRUE(record.ok());
  EXPECT_FALSE(record.value().has_value());
  EXPECT_EQ(reader.bufferedSize(), 10u);
}

TEST(RecordReader, SplitsSeveralRecordsFromOneAppend) {
  RecordReader reader;
  reader.append(kTrace);
  Records got;
  drain(reader, got);
  EXPECT_EQ(got, kTraceRecords);
  EXPECT_EQ(reader.bufferedSize(), 0u);
}

TEST(RecordReader, ReassemblesAtEverySplitPosition) {
  for (std::size_t i = 0; i <= kTrace.size(); ++i) {
    RecordReader reader;
    Records got;
    reader.append(std::string_view(kTrace).substr(0, i));
    drain(reader, got);
    reader.append(std::string_view(kTrace).substr(i));
    drain(reader, got);
    EXPECT_EQ(got, kTraceRecords) << "split at " << i;
  }
}

TEST(RecordReader, ReassemblesAtEveryPairOfSplitPositions) {
  const std::string_view trace(kTrace);
  for (std::size_t i = 0; i <= trace.size(); ++i) {
    for (std::size_t j = i; j <= trace.size(); ++j) {
      RecordReader reader;
      Records got;
      reader.append(trace.substr(0, i));
      drain(reader, got);
      reader.append(trace.substr(i, j - i));
      drain(reader, got);
      reader.append(trace.substr(j));
      drain(reader, got);
      ASSERT_EQ(got, kTraceRecords) << "split at " << i << " and " << j;
    }
  }
}

TEST(RecordReader, ReassemblesOneByteAtATime) {
  RecordReader reader;
  Records got;
  for (char c : kTrace) {
    reader.append(std::string_view(&c, 1));
    drain(reader, got);
  }
  EXPECT_EQ(got, kTraceRecords);
}

TEST(RecordReader, KeepsBytesAfterHandshakeForTheNextCall) {
  RecordReader reader;
  // Handshake and the first hub message in one frame, the rest of the message later.
  reader.append("{\"protocol\":\"json\",\"version\":1}\x1e{\"type\":");
  auto handshake = reader.next();
  ASSERT_TRUE(handshake.ok());
  ASSERT_TRUE(handshake.value());
  EXPECT_EQ(*handshake.value(), "{\"protocol\":\"json\",\"version\":1}");
  // The handshake view stays valid until the next append.
  auto none = reader.next();
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none.value());
  EXPECT_EQ(*handshake.value(), "{\"protocol\":\"json\",\"version\":1}");
  reader.append("6}\x1e");
  auto ping = reader.next();
  ASSERT_TRUE(ping.ok());
  ASSERT_TRUE(ping.value());
  EXPECT_EQ(*ping.value(), "{\"type\":6}");
}

TEST(RecordReader, ReturnsEmptyRecordsAsEmptyViews) {
  RecordReader reader;
  reader.append("\x1e\x1e");
  Records got;
  drain(reader, got);
  EXPECT_EQ(got, (Records{"", ""}));
}

TEST(RecordReader, AcceptsRecordOfExactlyMaxSize) {
  RecordReader reader(10);
  reader.append(std::string(10, 'a'));
  auto partial = reader.next();
  ASSERT_TRUE(partial.ok());  // 10 bytes without separator may still be a valid record
  EXPECT_FALSE(partial.value());
  reader.append("\x1e");
  Records got;
  drain(reader, got);
  EXPECT_EQ(got, (Records{std::string(10, 'a')}));
}

TEST(RecordReader, RejectsOversizeRecordWithSeparator) {
  RecordReader reader(10);
  reader.append(std::string(11, 'a') + "\x1e");
  auto record = reader.next();
  ASSERT_FALSE(record.ok());
  EXPECT_EQ(record.error().kind, ErrorKind::kTooLarge);
  EXPECT_EQ(record.error().message, "The maximum message size of 10B was exceeded.");
  EXPECT_TRUE(reader.failed());
}

TEST(RecordReader, RejectsOversizeRecordBeforeItsSeparatorArrives) {
  RecordReader reader(10);
  reader.append(std::string(6, 'a'));
  ASSERT_TRUE(reader.next().ok());
  reader.append(std::string(5, 'a'));  // 11 bytes, no separator yet
  auto record = reader.next();
  ASSERT_FALSE(record.ok());
  EXPECT_EQ(record.error().kind, ErrorKind::kTooLarge);
  EXPECT_EQ(reader.bufferedSize(), 0u);  // the oversize bytes are not kept
}

TEST(RecordReader, ReturnsValidRecordsBeforeTheOversizeOne) {
  RecordReader reader(10);
  reader.append("{}\x1e" + std::string(20, 'a') + "\x1e");
  auto first = reader.next();
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first.value());
  EXPECT_EQ(*first.value(), "{}");
  EXPECT_FALSE(reader.next().ok());
}

TEST(RecordReader, ErrorIsFinal) {
  RecordReader reader(4);
  reader.append("aaaaa");
  ASSERT_FALSE(reader.next().ok());
  reader.append("\x1e{}\x1e");
  EXPECT_FALSE(reader.next().ok());
  EXPECT_EQ(reader.bufferedSize(), 0u);
}

TEST(RecordReader, MaxSizeAppliesPerRecordNotPerAppend) {
  RecordReader reader(10);
  std::string many;
  for (int i = 0; i < 100; ++i) many += "{\"type\":6}\x1e";  // 10-byte records
  reader.append(many);
  Records got;
  drain(reader, got);
  EXPECT_EQ(got.size(), 100u);
}

// Length-prefixed framing (MessagePack).

std::string frame(const std::string& body) {
  std::string out(kMaxLengthPrefixSize, '\0');
  out.resize(writeLengthPrefix(body.size(), out.data()));
  return out + body;
}

// Frames of several prefix sizes, an empty one, and bytes that would be separators.
const Records kFrameBodies = {
    std::string("\x91\x06"),
    std::string("\x95\x01\x80\xc0\xa4Send\x91\xa2hi"),
    std::string(200, '\x1e'),  // a two-byte prefix
    std::string(),
    std::string(20000, 'x'),  // a three-byte prefix
    std::string("\x92\x08\x01"),
};

std::string framesOf(const Records& bodies) {
  std::string out;
  for (const auto& body : bodies) out += frame(body);
  return out;
}

RecordReader lengthPrefixed(std::size_t max = RecordReader::kDefaultMaxRecordSize) {
  RecordReader reader(max);
  reader.setFraming(RecordFraming::kLengthPrefix);
  return reader;
}

TEST(RecordReaderLengthPrefix, SplitsSeveralFramesFromOneAppend) {
  RecordReader reader = lengthPrefixed();
  reader.append(framesOf(kFrameBodies));
  Records got;
  drain(reader, got);
  EXPECT_EQ(got, kFrameBodies);
  EXPECT_EQ(reader.bufferedSize(), 0u);
}

TEST(RecordReaderLengthPrefix, ReassemblesAtRandomSplits) {
  const std::string stream = framesOf(kFrameBodies);
  std::mt19937 random(20240611);
  for (int run = 0; run < 300; ++run) {
    RecordReader reader = lengthPrefixed();
    Records got;
    std::size_t at = 0;
    while (at < stream.size()) {
      // Mostly short pieces, so that prefixes are split too.
      const std::size_t piece = random() % 8 == 0 ? random() % 4096 : random() % 6;
      reader.append(std::string_view(stream).substr(at, piece));
      at += piece;
      drain(reader, got);
    }
    ASSERT_EQ(got, kFrameBodies) << "run " << run;
  }
}

TEST(RecordReaderLengthPrefix, ReassemblesOneByteAtATime) {
  RecordReader reader = lengthPrefixed();
  Records got;
  for (char c : framesOf(kFrameBodies)) {
    reader.append(std::string_view(&c, 1));
    drain(reader, got);
  }
  EXPECT_EQ(got, kFrameBodies);
}

TEST(RecordReaderLengthPrefix, ReadsFramesBufferedWithTheHandshake) {
  RecordReader reader;
  const std::string handshake = "{\"protocol\":\"messagepack\",\"version\":1}";
  // The handshake, a ping and the start of an invocation in one transport frame.
  const std::string invocation = frame(kFrameBodies[1]);
  reader.append(handshake + "\x1e" + frame(kFrameBodies[0]) + invocation.substr(0, 4));
  auto first = reader.next();
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first.value());
  EXPECT_EQ(*first.value(), handshake);
  reader.setFraming(RecordFraming::kLengthPrefix);
  Records got;
  drain(reader, got);
  reader.append(invocation.substr(4));
  drain(reader, got);
  EXPECT_EQ(got, (Records{kFrameBodies[0], kFrameBodies[1]}));
}

TEST(RecordReaderLengthPrefix, SwitchesAfterASeparatorSearchRanAhead) {
  RecordReader reader;
  reader.append("{}\x1e\x02\x91");
  Records got;
  drain(reader, got);  // scans the bytes after the handshake for a separator
  EXPECT_EQ(got, (Records{"{}"}));
  reader.setFraming(RecordFraming::kLengthPrefix);
  reader.append("\x06");
  drain(reader, got);
  EXPECT_EQ(got, (Records{"{}", "\x91\x06"}));
}

TEST(RecordReaderLengthPrefix, ReturnsAnEmptyFrameAsAnEmptyView) {
  RecordReader reader = lengthPrefixed();
  reader.append(std::string("\x00\x00", 2));
  Records got;
  drain(reader, got);
  EXPECT_EQ(got, (Records{"", ""}));
}

TEST(RecordReaderLengthPrefix, AcceptsAFrameOfExactlyMaxSize) {
  RecordReader reader = lengthPrefixed(10);
  reader.append(frame(std::string(10, 'a')));
  Records got;
  drain(reader, got);
  EXPECT_EQ(got, (Records{std::string(10, 'a')}));
}

TEST(RecordReaderLengthPrefix, RefusesAnOversizeFrameFromItsPrefixAlone) {
  RecordReader reader = lengthPrefixed(10);
  reader.append("\x0b");  // 11 bytes announced, none arrived
  auto record = reader.next();
  ASSERT_FALSE(record.ok());
  EXPECT_EQ(record.error().kind, ErrorKind::kTooLarge);
  EXPECT_EQ(record.error().message, "The maximum message size of 10B was exceeded.");
  EXPECT_TRUE(reader.failed());
  EXPECT_EQ(reader.bufferedSize(), 0u);
}

TEST(RecordReaderLengthPrefix, RefusesAnOversizeFrameAtTheDefaultLimit) {
  RecordReader reader = lengthPrefixed();
  reader.append(frame(std::string(RecordReader::kDefaultMaxRecordSize + 1, 'a')).substr(0, 3));
  auto record = reader.next();
  ASSERT_FALSE(record.ok());
  EXPECT_EQ(record.error().kind, ErrorKind::kTooLarge);
}

TEST(RecordReaderLengthPrefix, ReturnsValidFramesBeforeTheOversizeOne) {
  RecordReader reader = lengthPrefixed(10);
  reader.append(frame("\x91\x06") + "\x7f");
  auto first = reader.next();
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first.value());
  EXPECT_EQ(*first.value(), "\x91\x06");
  EXPECT_FALSE(reader.next().ok());
}

TEST(RecordReaderLengthPrefix, WaitsForAPrefixSplitAcrossAppends) {
  RecordReader reader = lengthPrefixed(1000);
  reader.append("\x80");
  auto none = reader.next();
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none.value());
  reader.append("\x01");  // 128 bytes announced
  none = reader.next();
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none.value());
  reader.append(std::string(128, 'b'));
  Records got;
  drain(reader, got);
  EXPECT_EQ(got, (Records{std::string(128, 'b')}));
}

TEST(RecordReaderLengthPrefix, RefusesBadPrefixes) {
  for (const std::string& bad : {std::string("\xff\xff\xff\xff\xff"),  // a sixth byte
                                 std::string("\x80\x80\x80\x80\x80\x00", 6),
                                 std::string("\x80\x80\x80\x80\x08")}) {  // over 2 GB
    RecordReader reader = lengthPrefixed();
    reader.append(bad);
    auto record = reader.next();
    ASSERT_FALSE(record.ok());
    EXPECT_EQ(record.error().kind, ErrorKind::kInvalid);
    EXPECT_EQ(record.error().message, "Messages over 2GB in size are not supported.");
    EXPECT_TRUE(reader.failed());
  }
}

TEST(RecordReaderLengthPrefix, A2GBPrefixIsTooLargeNotInvalid) {
  RecordReader reader = lengthPrefixed();
  reader.append("\xff\xff\xff\xff\x07");
  auto record = reader.next();
  ASSERT_FALSE(record.ok());
  EXPECT_EQ(record.error().kind, ErrorKind::kTooLarge);
}

TEST(RecordReaderLengthPrefix, ErrorIsFinal) {
  RecordReader reader = lengthPrefixed(4);
  reader.append("\x05");
  ASSERT_FALSE(reader.next().ok());
  reader.append(frame("ok"));
  EXPECT_FALSE(reader.next().ok());
  EXPECT_EQ(reader.bufferedSize(), 0u);
}

TEST(RecordReaderLengthPrefix, SwitchesBackToSeparators) {
  RecordReader reader = lengthPrefixed();
  reader.append(frame("ab") + "{}\x1e");
  Records got;
  drain(reader, got);
  reader.setFraming(RecordFraming::kSeparator);
  drain(reader, got);
  EXPECT_EQ(got, (Records{"ab", "{}"}));
}

}  // namespace
}  // namespace chat::signalr
