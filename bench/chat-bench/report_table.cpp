#include <algorithm>

#include <fmt/format.h>

#include "report.hpp"

namespace chat::bench {

namespace {

std::string formatNumber(double value, int decimals) {
  // Thousands separators for the integer part.
  const std::string text = fmt::format("{:.{}f}", value, decimals);
  const std::size_t sign = (!text.empty() && text[0] == '-') ? 1 : 0;
  const std::size_t dot = std::min(text.find('.'), text.size());
  std::string out = text.substr(0, sign);
  for (std::size_t i = sign; i < dot; ++i) {
    if (i > sign && (dot - i) % 3 == 0) out.push_back(',');
    out.push_back(text[i]);
  }
  out.append(text, dot, std::string::npos);
  return out;
}

std::string ms(std::uint64_t ns) {
  return fmt::format("{:.3f}", static_cast<double>(ns) / 1e6);
}

}  // namespace

void printReport(const Report& report, std::FILE* out) {
  fmt::print(out, "\n== chat-bench {} ==\n", report.scenario);
  for (const auto& [key, value] : report.settings) fmt::print(out, "  {:<26} {}\n", key, value);
  fmt::print(out, "\n");
  for (const Figure& figure : report.figures) {
    fmt::print(out, "  {:<34} {:>16}{}{}\n", figure.label,
               formatNumber(figure.value, figure.decimals), figure.unit.empty() ? "" : " ",
               figure.unit);
  }
  if (!report.latencies.empty()) {
    fmt::print(out, "\n  {:<24} {:>10} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}\n", "latency (ms)",
               "count", "p50", "p90", "p99", "p99.9", "max", "mean");
    for (const LatencyResult& latency : report.latencies) {
      const Histogram& h = latency.histogram;
      fmt::print(out, "  {:<24} {:>10} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9.3f}\n", latency.label,
                 h.count(), ms(h.valueAtPercentile(50)), ms(h.valueAtPercentile(90)),
                 ms(h.valueAtPercentile(99)), ms(h.valueAtPercentile(99.9)), ms(h.max()),
                 h.mean() / 1e6);
    }
  }
  if (!report.errors.empty()) {
    fmt::print(out, "\n  errors by kind:\n");
    for (const auto& [kind, count] : report.errors) fmt::print(out, "  {:>10}  {}\n", count, kind);
  }
  fmt::print(out, "\n  result: {}\n", report.passed ? "PASS" : "FAIL");
  for (const std::string& failure : report.failures) fmt::print(out, "    - {}\n", failure);
  std::fflush(out);
}

}  // namespace chat::bench
