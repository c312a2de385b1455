#include "adapters/signalr/protocol/record_reader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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

}  // namespace
}  // namespace chat::signalr
