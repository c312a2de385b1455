#pragma once
// Histogram: an HDR-style log-bucketed histogram of non-negative integers (nanoseconds here).
// Values below 2^kSubBucketBits are exact; above, each power of two is split into
// 2^kSubBucketBits linear buckets, so a reported value is within 1/128 (0.8%) of the true one.
// Fixed memory (about 60 KB), O(1) record. Not thread-safe: one per thread, merged at the end.
#include <cstdint>
#include <vector>

namespace chat::bench {

class Histogram {
 public:
  static constexpr int kSubBucketBits = 7;
  static constexpr std::uint64_t kSubBuckets = std::uint64_t{1} << kSubBucketBits;

  Histogram();

  void record(std::uint64_t value, std::uint64_t count = 1);
  void merge(const Histogram& other);
  void reset();

  std::uint64_t count() const { return total_; }
  std::uint64_t min() const { return total_ ? min_ : 0; }
  std::uint64_t max() const { return max_; }
  double mean() const;

  // The smallest recorded value v such that at least `percentile`% of the values are <= v,
  // reported as the upper end of its bucket (capped by max()). 0 when empty. `percentile` in
  // [0, 100]; 100 gives max().
  std::uint64_t valueAtPercentile(double percentile) const;

  // Bucket index of a value, and the lowest and highest value of a bucket.
  static std::size_t indexOf(std::uint64_t value);
  static std::uint64_t lowestOf(std::size_t index);
  static std::uint64_t highestOf(std::size_t index);

 private:
  std::vector<std::uint64_t> counts_;
  std::uint64_t total_ = 0;
  std::uint64_t min_ = UINT64_MAX;
  std::uint64_t max_ = 0;
  long double sum_ = 0;
};

}  // namespace chat::bench
