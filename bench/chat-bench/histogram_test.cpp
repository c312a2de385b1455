#include "histogram.hpp"

#include <cstdint>
#include <random>

#include <gtest/gtest.h>

namespace chat::bench {
namespace {

TEST(Histogram, EmptyReportsZero) {
  Histogram histogram;
  EXPECT_EQ(histogram.count(), 0u);
  EXPECT_EQ(histogram.min(), 0u);
  EXPECT_EQ(histogram.max(), 0u);
  EXPECT_EQ(histogram.valueAtPercentile(50), 0u);
  EXPECT_EQ(histogram.mean(), 0.0);
}

TEST(Histogram, SmallValuesAreExact) {
  Histogram histogram;
  for (std::uint64_t v = 1; v <= 100; ++v) histogram.record(v);
  EXPECT_EQ(histogram.count(), 100u);
  EXPECT_EQ(histogram.min(), 1u);
  EXPECT_EQ(histogram.max(), 100u);
  EXPECT_EQ(histogram.valueAtPercentile(50), 50u);
  EXPECT_EQ(histogram.valueAtPercentile(90), 90u);
  EXPECT_EQ(histogram.valueAtPercentile(99), 99u);
  EXPECT_EQ(histogram.valueAtPercentile(100), 100u);
  EXPECT_DOUBLE_EQ(histogram.mean(), 50.5);
}

TEST(Histogram, BucketsCoverEveryValueContiguously) {
  for (std::size_t index = 0; index + 1 < 40 * Histogram::kSubBuckets; ++index) {
    ASSERT_EQ(Histogram::highestOf(index) + 1, Histogram::lowestOf(index + 1)) << index;
    ASSERT_EQ(Histogram::indexOf(Histogram::lowestOf(index)), index);
    ASSERT_EQ(Histogram::indexOf(Histogram::highestOf(index)), index);
  }
  EXPECT_EQ(Histogram::indexOf(UINT64_MAX), Histogram::indexOf(UINT64_MAX - 1));
}

TEST(Histogram, LargeValuesWithinRelativePrecision) {
  std::mt19937_64 random(42);
  for (int i = 0; i < 100000; ++i) {
    const std::uint64_t value = random() >> (random() % 60);
    const std::size_t index = Histogram::indexOf(value);
    ASSERT_LE(Histogram::lowestOf(index), value);
    ASSERT_GE(Histogram::highestOf(index), value);
    const double width =
        static_cast<double>(Histogram::highestOf(index) - Histogram::lowestOf(index));
    ASSERT_LE(width, static_cast<double>(value) / 128.0 + 1) << value;
  }
}

TEST(Histogram, PercentilesOfAUniformRange) {
  Histogram histogram;
  for (std::uint64_t ms = 1; ms <= 1000; ++ms) histogram.record(ms * 1'000'000);
  auto near = [](std::uint64_t actual, double expected) {
    return std::abs(static_cast<double>(actual) - expected) <= expected / 100.0;
  };
  EXPECT_TRUE(near(histogram.valueAtPercentile(50), 500e6)) << histogram.valueAtPercentile(50);
  EXPECT_TRUE(near(histogram.valueAtPercentile(99), 990e6)) << histogram.valueAtPercentile(99);
  EXPECT_TRUE(near(histogram.valueAtPercentile(99.9), 999e6));
  EXPECT_EQ(histogram.valueAtPercentile(100), 1000u * 1'000'000);
  EXPECT_EQ(histogram.max(), 1000u * 1'000'000);
  EXPECT_EQ(histogram.min(), 1'000'000u);
}

TEST(Histogram, PercentileNeverExceedsMax) {
  Histogram histogram;
  histogram.record(1'000'001);
  EXPECT_EQ(histogram.valueAtPercentile(50), 1'000'001u);
}

TEST(Histogram, MergeAddsCountsAndExtremes) {
  Histogram a;
  Histogram b;
  a.record(10, 3);
  b.record(5000);
  b.record(7);
  a.merge(b);
  EXPECT_EQ(a.count(), 5u);
  EXPECT_EQ(a.min(), 7u);
  EXPECT_EQ(a.max(), 5000u);
  EXPECT_EQ(a.valueAtPercentile(20), 7u);
  EXPECT_EQ(a.valueAtPercentile(80), 10u);
  a.reset();
  EXPECT_EQ(a.count(), 0u);
  EXPECT_EQ(a.max(), 0u);
}

}  // namespace
}  // namespace chat::bench
