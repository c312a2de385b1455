#pragma once
// Report: what a scenario measured, in the order it is shown: settings, figures, latency
// distributions and errors by kind, plus a verdict. Written as a table (report_table.cpp),
// JSON (report_json.cpp) and an SVG chart of the latency distributions (report_svg.cpp).
// A value type.
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "histogram.hpp"

namespace chat::bench {

struct Figure {
  std::string key;    // JSON name
  std::string label;  // table text
  double value = 0;
  std::string unit;
  int decimals = 0;
};

struct LatencyResult {
  std::string key;
  std::string label;
  Histogram histogram;  // nanoseconds
};

struct Report {
  std::string scenario;
  std::vector<std::pair<std::string, std::string>> settings;
  std::vector<Figure> figures;
  std::vector<LatencyResult> latencies;
  std::vector<std::pair<std::string, std::uint64_t>> errors;  // by kind
  bool passed = true;
  std::vector<std::string> failures;  // why not passed

  void setting(std::string key, std::string value) {
    settings.emplace_back(std::move(key), std::move(value));
  }
  void figure(std::string key, std::string label, double value, std::string unit = "",
              int decimals = 0) {
    figures.push_back({std::move(key), std::move(label), value, std::move(unit), decimals});
  }
  void fail(std::string why) {
    passed = false;
    failures.push_back(std::move(why));
  }
};

// The percentiles every latency distribution is reported at.
inline constexpr double kReportedPercentiles[] = {50, 90, 99, 99.9};

void printReport(const Report& report, std::FILE* out);
// Both return "" on success, else the error.
std::string writeJsonReport(const Report& report, const std::string& path);
std::string writeSvgReport(const Report& report, const std::string& path);

}  // namespace chat::bench
