#include "adapters/signalr/protocol/length_prefix.hpp"

#include <gtest/gtest.h>

#include <string>

namespace chat::signalr {
namespace {

std::string prefixOf(std::size_t size) {
  std::string out(kMaxLengthPrefixSize, '\0');
  out.resize(writeLengthPrefix(size, out.data()));
  return out;
}

TEST(LengthPrefix, WritesSevenBitsAByteLeastSignificantFirst) {
  EXPECT_EQ(prefixOf(0), std::string(1, '\x00'));
  EXPECT_EQ(prefixOf(2), "\x02");
  EXPECT_EQ(prefixOf(127), "\x7f");
  EXPECT_EQ(prefixOf(128), "\x80\x01");
  EXPECT_EQ(prefixOf(0x3fff), "\xff\x7f");
  EXPECT_EQ(prefixOf(0x4000), std::string("\x80\x80\x01"));
  EXPECT_EQ(prefixOf(kMaxFrameSize), "\xff\xff\xff\xff\x07");
  for (std::size_t size : {0u, 127u, 128u, 16383u, 16384u, 2097151u, 2097152u}) {
    EXPECT_EQ(lengthPrefixSize(size), prefixOf(size).size()) << size;
  }
  EXPECT_EQ(lengthPrefixSize(kMaxFrameSize), 5u);
}

TEST(LengthPrefix, ReadsWhatItWrites) {
  for (std::size_t size : {0u, 1u, 127u, 128u, 300u, 32768u, 1u << 21, 0x7fffffffu}) {
    const std::string prefix = prefixOf(size);
    const LengthPrefix read = readLengthPrefix(prefix + "tail");
    ASSERT_EQ(read.state, LengthPrefix::State::kComplete) << size;
    EXPECT_EQ(read.frame_size, size);
    EXPECT_EQ(read.prefix_size, prefix.size());
  }
}

TEST(LengthPrefix, WaitsWhileEveryByteSaysMore) {
  EXPECT_EQ(readLengthPrefix("").state, LengthPrefix::State::kIncomplete);
  EXPECT_EQ(readLengthPrefix("\x80").state, LengthPrefix::State::kIncomplete);
  EXPECT_EQ(readLengthPrefix("\xff\xff\xff\xff").state, LengthPrefix::State::kIncomplete);
}

TEST(LengthPrefix, AcceptsNonMinimalPrefixes) {
  const LengthPrefix read = readLengthPrefix(std::string("\x81\x80\x00", 3));
  ASSERT_EQ(read.state, LengthPrefix::State::kComplete);
  EXPECT_EQ(read.frame_size, 1u);
  EXPECT_EQ(read.prefix_size, 3u);
}

TEST(LengthPrefix, RefusesSixBytesAndSizesOver2GB) {
  EXPECT_EQ(readLengthPrefix("\xff\xff\xff\xff\xff").state, LengthPrefix::State::kInvalid);
  EXPECT_EQ(readLengthPrefix("\xff\xff\xff\xff\xff\x01").state, LengthPrefix::State::kInvalid);
  EXPECT_EQ(readLengthPrefix("\x80\x80\x80\x80\x08").state, LengthPrefix::State::kInvalid);
  EXPECT_EQ(readLengthPrefix("\xff\xff\xff\xff\x7f").state, LengthPrefix::State::kInvalid);
}

}  // namespace
}  // namespace chat::signalr
