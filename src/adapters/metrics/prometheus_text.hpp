#pragma once
// The Prometheus text exposition of ServerMetrics, with gauges read at the moment of the
// scrape (what is open now is known elsewhere; it is not counted twice).
#include <string>
#include <vector>

#include "adapters/metrics/server_metrics.hpp"

namespace chat::metrics {

struct GaugeReading {
  std::string name;  // without the chatserver_ prefix
  std::string help;
  double value = 0;
};

std::string prometheusText(const ServerMetrics& metrics, const std::vector<GaugeReading>& gauges);

}  // namespace chat::metrics
