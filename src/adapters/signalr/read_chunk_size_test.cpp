#include "adapters/signalr/read_chunk_size.hpp"

#include <gtest/gtest.h>

namespace chat::signalr {
namespace {

constexpr std::size_t kSmall = ReadChunkSize::kQuiet - 1;
constexpr std::size_t kMidSize = ReadChunkSize::kQuiet;  // neither small nor filling kBusy

ReadChunkSize busy() {
  ReadChunkSize size;
  size.afterRead(ReadChunkSize::kQuiet);
  return size;
}

TEST(ReadChunkSize, StartsQuiet) {
  EXPECT_EQ(ReadChunkSize().next(), ReadChunkSize::kQuiet);
}

TEST(ReadChunkSize, StaysQuietOnReadsThatDoNotFillTheQuietSize) {
  ReadChunkSize size;
  for (int i = 0; i < 3 * ReadChunkSize::kSmallReadsToQuiet; ++i) {
    EXPECT_FALSE(size.afterRead(kSmall));
    EXPECT_EQ(size.next(), ReadChunkSize::kQuiet);
  }
}

TEST(ReadChunkSize, TurnsBusyOnAReadThatFillsTheQuietSize) {
  ReadChunkSize size;
  EXPECT_FALSE(size.afterRead(ReadChunkSize::kQuiet));
  EXPECT_EQ(size.next(), ReadChunkSize::kBusy);
}

TEST(ReadChunkSize, StaysBusyOnFullAndMidSizeReads) {
  ReadChunkSize size = busy();
  for (int i = 0; i < 3 * ReadChunkSize::kSmallReadsToQuiet; ++i) {
    EXPECT_FALSE(size.afterRead(i % 2 == 0 ? kMidSize : ReadChunkSize::kBusy));
    EXPECT_EQ(size.next(), ReadChunkSize::kBusy);
  }
}

TEST(ReadChunkSize, TurnsQuietAfterEnoughSmallReadsInARow) {
  ReadChunkSize size = busy();
  for (int i = 1; i < ReadChunkSize::kSmallReadsToQuiet; ++i) {
    EXPECT_FALSE(size.afterRead(kSmall)) << "small read " << i;
    EXPECT_EQ(size.next(), ReadChunkSize::kBusy);
  }
  EXPECT_TRUE(size.afterRead(kSmall));
  EXPECT_EQ(size.next(), ReadChunkSize::kQuiet);
  EXPECT_FALSE(size.afterRead(kSmall)) << "reports the turn once";
}

TEST(ReadChunkSize, AMidSizeReadRestartsTheCountOfSmallReads) {
  ReadChunkSize size = busy();
  for (int i = 1; i < ReadChunkSize::kSmallReadsToQuiet; ++i) size.afterRead(kSmall);
  EXPECT_FALSE(size.afterRead(kMidSize));
  for (int i = 1; i < ReadChunkSize::kSmallReadsToQuiet; ++i) {
    EXPECT_FALSE(size.afterRead(kSmall)) << "small read " << i << " after the mid-size one";
  }
  EXPECT_EQ(size.next(), ReadChunkSize::kBusy);
  EXPECT_TRUE(size.afterRead(kSmall));
  EXPECT_EQ(size.next(), ReadChunkSize::kQuiet);
}

TEST(ReadChunkSize, TurnsBusyAgainAfterTurningQuiet) {
  ReadChunkSize size = busy();
  for (int i = 0; i < ReadChunkSize::kSmallReadsToQuiet; ++i) size.afterRead(kSmall);
  ASSERT_EQ(size.next(), ReadChunkSize::kQuiet);
  size.afterRead(ReadChunkSize::kQuiet);
  EXPECT_EQ(size.next(), ReadChunkSize::kBusy);
  for (int i = 1; i < ReadChunkSize::kSmallReadsToQuiet; ++i) {
    EXPECT_FALSE(size.afterRead(kSmall)) << "small read " << i << " of the second busy spell";
  }
  EXPECT_TRUE(size.afterRead(kSmall));
}

}  // namespace
}  // namespace chat::signalr
