#include "adapters/metrics/server_metrics.hpp"

#include <algorithm>

namespace chat::metrics {

void HttpRequests::setRoutes(std::vector<std::string> names) {
  names_ = std::move(names);
  cells_.clear();
  for (std::size_t i = 0; i <= names_.size(); ++i) cells_.push_back(std::make_unique<Cell>());
}

void HttpRequests::observe(std::size_t route, unsigned status, std::chrono::nanoseconds took) {
  if (cells_.empty()) return;
  Cell& cell = *cells_[std::min(route, unmatched())];
  const auto* known = std::find(kStatuses.begin(), kStatuses.end() - 1, status);
  // A request costs far more than one shared add: these need no per-thread slots.
  cell.by_status[static_cast<std::size_t>(known - kStatuses.begin())].fetch_add(
      1, std::memory_order_relaxed);
  cell.latency.observe(static_cast<std::uint64_t>(took.count()));
}

ServerMetrics& serverMetrics() {
  static ServerMetrics metrics;
  return metrics;
}

}  // namespace chat::metrics
