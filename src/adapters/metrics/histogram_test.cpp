#include "adapters/metrics/histogram.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace chat::metrics {
namespace {

constexpr std::array<std::uint64_t, 3> kBounds{10, 100, 1000};

TEST(HistogramTest, CountsEachObservationInTheFirstBucketThatHoldsIt) {
  Histogram histogram(kBounds);
  for (std::uint64_t value : {0u, 10u, 11u, 100u, 5000u}) histogram.observe(value);
  const auto snapshot = histogram.snapshot();
  EXPECT_EQ(snapshot.bounds, (std::vector<std::uint64_t>{10, 100, 1000}));
  EXPECT_EQ(snapshot.cumulative, (std::vector<std::uint64_t>{2, 4, 4}));
  EXPECT_EQ(snapshot.count, 5u);
  EXPECT_EQ(snapshot.sum, 5121u);
}

TEST(HistogramTest, MergesWhatManyThreadsObserved) {
  Histogram histogram(kBounds);
  Counter counter;
  std::vector<std::thread> threads;
  for (int t = 0; t < 20; ++t) {  // more threads than slots: some share one
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        histogram.observe(50);
        counter.add();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const auto snapshot = histogram.snapshot();
  EXPECT_EQ(snapshot.count, 20'000u);
  EXPECT_EQ(snapshot.cumulative, (std::vector<std::uint64_t>{0, 20'000, 20'000}));
  EXPECT_EQ(snapshot.sum, 1'000'000u);
  EXPECT_EQ(counter.total(), 20'000u);
}

}  // namespace
}  // namespace chat::metrics
