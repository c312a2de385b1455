#include "adapters/metrics/histogram.hpp"

#include <algorithm>

namespace chat::metrics {

Histogram::Histogram(std::span<const std::uint64_t> bounds)
    : bound_count_(std::min(bounds.size(), kMaxBounds)) {
  std::copy_n(bounds.begin(), bound_count_, bounds_.begin());
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot snapshot;
  snapshot.bounds.assign(bounds_.begin(), bounds_.begin() + bound_count_);
  std::vector<std::uint64_t> per_bucket(bound_count_ + 1, 0);
  for (const auto& slot : slots_) {
    for (std::size_t i = 0; i <= bound_count_; ++i) {
      per_bucket[i] += slot.buckets[i].load(std::memory_order_relaxed);
    }
    snapshot.sum += slot.sum.load(std::memory_order_relaxed);
  }
  std::uint64_t running = 0;
  for (std::size_t i = 0; i < bound_count_; ++i) {
    running += per_bucket[i];
    snapshot.cumulative.push_back(running);
  }
  snapshot.count = running + per_bucket[bound_count_];
  return snapshot;
}

}  // namespace chat::metrics
