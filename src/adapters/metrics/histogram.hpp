#pragma once
// Observations (nanoseconds, counts) in fixed buckets, counted per thread like Counter and
// merged on scrape into Prometheus's cumulative form.
#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "adapters/metrics/counter.hpp"

namespace chat::metrics {

class Histogram {
 public:
  static constexpr std::size_t kMaxBounds = 15;

  // Upper bounds, ascending, at most kMaxBounds; a last bucket takes everything above.
  explicit Histogram(std::span<const std::uint64_t> bounds);

  void observe(std::uint64_t value) {
    std::size_t bucket = 0;
    while (bucket < bound_count_ && value > bounds_[bucket]) ++bucket;
    Slot& slot = slots_[threadSlot()];
    slot.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
    slot.sum.fetch_add(value, std::memory_order_relaxed);
  }

  // The nanoseconds from `start` to now.
  void observeSince(std::chrono::steady_clock::time_point start) {
    observe(static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                           std::chrono::steady_clock::now() - start)
                                           .count()));
  }

  struct Snapshot {
    std::vector<std::uint64_t> bounds;
    std::vector<std::uint64_t> cumulative;  // per bound: observations at or below it
    std::uint64_t count = 0;                // all observations (the +Inf bucket)
    std::uint64_t sum = 0;
  };
  Snapshot snapshot() const;

 private:
  struct alignas(64) Slot {
    std::array<std::atomic<std::uint64_t>, kMaxBounds + 1> buckets{};
    std::atomic<std::uint64_t> sum{0};
  };
  std::array<std::uint64_t, kMaxBounds> bounds_{};
  std::size_t bound_count_ = 0;
  std::array<Slot, kSlots> slots_{};
};

// Latencies, in nanoseconds: 100 µs to 10 s.
inline constexpr std::array<std::uint64_t, 15> kLatencyBoundsNs{
    100'000,     250'000,     500'000,       1'000'000,     2'500'000,
    5'000'000,   10'000'000,  25'000'000,    50'000'000,    100'000'000,
    250'000'000, 500'000'000, 1'000'000'000, 2'500'000'000, 10'000'000'000};

}  // namespace chat::metrics
