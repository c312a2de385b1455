#include <cmath>
#include <fstream>

#include <boost/json.hpp>

#include "report.hpp"

namespace chat::bench {

namespace json = boost::json;

namespace {

double ms(std::uint64_t ns) {
  return static_cast<double>(ns) / 1e6;
}

json::object latencyJson(const Histogram& h) {
  json::object out{{"count", h.count()},
                   {"min", ms(h.min())},
                   {"mean", h.mean() / 1e6},
                   {"p50", ms(h.valueAtPercentile(50))},
                   {"p90", ms(h.valueAtPercentile(90))},
                   {"p99", ms(h.valueAtPercentile(99))},
                   {"p99_9", ms(h.valueAtPercentile(99.9))},
                   {"max", ms(h.max())}};
  // The percentile curve: 0 .. 99.999 at a few points per decade of "nines".
  json::array curve;
  for (double nines = 0; nines <= 5.0001; nines += 0.25) {
    const double percentile = 100.0 * (1.0 - std::pow(10.0, -nines));
    curve.push_back(json::array{percentile, ms(h.valueAtPercentile(percentile))});
  }
  out["percentiles"] = std::move(curve);
  return out;
}

}  // namespace

std::string writeJsonReport(const Report& report, const std::string& path) {
  json::object settings;
  for (const auto& [key, value] : report.settings) settings[key] = value;
  json::object results;
  for (const Figure& figure : report.figures) {
    // Counts as integers, measurements as numbers.
    if (figure.decimals == 0 && std::abs(figure.value) < 9e15) {
      results[figure.key] = static_cast<std::int64_t>(std::llround(figure.value));
    } else {
      results[figure.key] = figure.value;
    }
  }
  json::object latencies;
  for (const LatencyResult& latency : report.latencies) {
    latencies[latency.key] = latencyJson(latency.histogram);
  }
  json::object errors;
  for (const auto& [kind, count] : report.errors) errors[kind] = count;
  json::array failures;
  for (const std::string& failure : report.failures) failures.push_back(json::string(failure));
  const json::object document{{"tool", "chat-bench"},
                              {"scenario", report.scenario},
                              {"passed", report.passed},
                              {"failures", std::move(failures)},
                              {"settings", std::move(settings)},
                              {"results", std::move(results)},
                              {"latency_ms", std::move(latencies)},
                              {"errors_by_kind", std::move(errors)}};
  std::ofstream file(path);
  if (!file) return "cannot write " + path;
  file << json::serialize(document) << "\n";
  return file ? "" : "cannot write " + path;
}

}  // namespace chat::bench
