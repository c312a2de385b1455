#include "histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace chat::bench {

namespace {

// Exact buckets for [0, kSubBuckets), then kSubBuckets per octave up to 2^64.
constexpr std::size_t kBucketCount =
    Histogram::kSubBuckets + (64 - Histogram::kSubBucketBits) * Histogram::kSubBuckets;

}  // namespace

Histogram::Histogram() : counts_(kBucketCount, 0) {}

std::size_t Histogram::indexOf(std::uint64_t value) {
  if (value < kSubBuckets) return static_cast<std::size_t>(value);
  const int msb = 63 - std::countl_zero(value);  // >= kSubBucketBits
  const int shift = msb - kSubBucketBits;
  const std::uint64_t mantissa = (value >> shift) - kSubBuckets;  // [0, kSubBuckets)
  return static_cast<std::size_t>(kSubBuckets + static_cast<std::uint64_t>(shift) * kSubBuckets +
                                  mantissa);
}

std::uint64_t Histogram::lowestOf(std::size_t index) {
  if (index < kSubBuckets) return index;
  const std::uint64_t octave = (index - kSubBuckets) / kSubBuckets;  // the shift
  const std::uint64_t mantissa = (index - kSubBuckets) % kSubBuckets;
  return (kSubBuckets + mantissa) << octave;
}

std::uint64_t Histogram::highestOf(std::size_t index) {
  if (index < kSubBuckets) return index;
  const std::uint64_t octave = (index - kSubBuckets) / kSubBuckets;
  return lowestOf(index) + ((std::uint64_t{1} << octave) - 1);
}

void Histogram::record(std::uint64_t value, std::uint64_t count) {
  if (count == 0) return;
  counts_[indexOf(value)] += count;
  total_ += count;
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
  sum_ += static_cast<long double>(value) * static_cast<long double>(count);
}

void Histogram::merge(const Histogram& other) {
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  total_ += other.total_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  sum_ += other.sum_;
}

void Histogram::reset() {
  std::fill(counts_.begin(), counts_.end(), 0);
  total_ = 0;
  min_ = UINT64_MAX;
  max_ = 0;
  sum_ = 0;
}

double Histogram::mean() const {
  return total_ ? static_cast<double>(sum_ / static_cast<long double>(total_)) : 0.0;
}

std::uint64_t Histogram::valueAtPercentile(double percentile) const {
  if (total_ == 0) return 0;
  if (percentile >= 100) return max_;
  percentile = std::max(percentile, 0.0);
  auto rank =
      static_cast<std::uint64_t>(std::ceil(percentile / 100.0 * static_cast<double>(total_)));
  rank = std::clamp<std::uint64_t>(rank, 1, total_);
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::min(highestOf(i), max_);
  }
  return max_;
}

}  // namespace chat::bench
