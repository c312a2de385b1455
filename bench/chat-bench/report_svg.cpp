// The latency chart: for each distribution, latency (log scale) against percentile, drawn on
// the usual "nines" scale where 90%, 99%, 99.9% ... are evenly spaced.
#include <algorithm>
#include <cmath>
#include <fstream>

#include <fmt/format.h>

#include "report.hpp"

namespace chat::bench {

namespace {

constexpr double kWidth = 940;
constexpr double kHeight = 520;
constexpr double kLeft = 80;
constexpr double kRight = 310;
constexpr double kTop = 50;
constexpr double kBottom = 60;
constexpr double kPlotWidth = kWidth - kLeft - kRight;
constexpr double kPlotHeight = kHeight - kTop - kBottom;
constexpr double kFloorMs = 0.001;  // 1 µs: the bottom of the log scale
constexpr const char* kColors[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"};

double percentileAt(double nines) {
  return 100.0 * (1.0 - std::pow(10.0, -nines));
}

std::string escapeXml(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string percentLabel(int nines) {
  if (nines == 0) return "0%";
  if (nines == 1) return "90%";
  if (nines == 2) return "99%";
  return "99." + std::string(static_cast<std::size_t>(nines - 2), '9') + "%";
}

// Three significant digits: "250 µs", "1.25 ms", "12.5 s".
std::string msLabel(double ms) {
  if (ms >= 1000) return fmt::format("{:.3g} s", ms / 1000);
  if (ms >= 1) return fmt::format("{:.3g} ms", ms);
  return fmt::format("{:.3g} µs", ms * 1000);
}

}  // namespace

std::string writeSvgReport(const Report& report, const std::string& path) {
  // Axes: as many nines as the largest sample resolves (at least 1, at most 6).
  std::uint64_t most = 0;
  double low_ms = 1e300;
  double high_ms = 0;
  for (const LatencyResult& latency : report.latencies) {
    const Histogram& h = latency.histogram;
    if (h.count() == 0) continue;
    most = std::max(most, h.count());
    low_ms = std::min(low_ms, std::max(kFloorMs, h.valueAtPercentile(0) / 1e6));
    high_ms = std::max(high_ms, std::max(kFloorMs, h.max() / 1e6));
  }
  const int max_nines =
      std::clamp(static_cast<int>(std::floor(std::log10(std::max<double>(10, most)))), 1, 6);
  if (high_ms == 0) {
    low_ms = kFloorMs;
    high_ms = 1;
  }
  const double y_low = std::floor(std::log10(low_ms));
  const double y_high = std::max(y_low + 1, std::ceil(std::log10(high_ms)));
  const auto x_of = [&](double nines) { return kLeft + nines / max_nines * kPlotWidth; };
  const auto y_of = [&](double ms) {
    const double v = std::log10(std::max(ms, kFloorMs));
    return kTop + kPlotHeight - (v - y_low) / (y_high - y_low) * kPlotHeight;
  };

  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-family=\"sans-serif\" font-size=\"12\">\n"
      "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      "<text x=\"{2}\" y=\"28\" font-size=\"16\">chat-bench {3}: latency by percentile</text>\n",
      kWidth, kHeight, kLeft, escapeXml(report.scenario));
  // Grid and labels: decades of latency, nines of percentile.
  for (double decade = y_low; decade <= y_high + 1e-9; decade += 1) {
    const double ms = std::pow(10.0, decade);
    const double y = y_of(ms);
    svg += fmt::format(
        "<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" stroke=\"#ccc\"/>\n"
        "<text x=\"{3}\" y=\"{4:.1f}\" text-anchor=\"end\">{5}</text>\n",
        kLeft, y, kLeft + kPlotWidth, kLeft - 6, y + 4, msLabel(ms));
    for (int minor : {2, 5}) {
      if (decade + std::log10(minor) > y_high) break;
      svg += fmt::format(
          "<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" stroke=\"#eee\"/>\n", kLeft,
          y_of(ms * minor), kLeft + kPlotWidth);
    }
  }
  for (int nines = 0; nines <= max_nines; ++nines) {
    const double x = x_of(nines);
    svg += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#ccc\"/>\n"
        "<text x=\"{0:.1f}\" y=\"{3}\" text-anchor=\"middle\">{4}</text>\n",
        x, kTop, kTop + kPlotHeight, kTop + kPlotHeight + 18, percentLabel(nines));
  }
  svg += fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#333\"/>\n"
      "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">percentile</text>\n"
      "<text transform=\"translate(18,{}) rotate(-90)\" text-anchor=\"middle\">latency</text>\n",
      kLeft, kTop, kPlotWidth, kPlotHeight, kLeft + kPlotWidth / 2, kHeight - 14,
      kTop + kPlotHeight / 2);
  // One curve per distribution, 40 points per nine.
  std::size_t series = 0;
  for (const LatencyResult& latency : report.latencies) {
    const Histogram& h = latency.histogram;
    if (h.count() == 0) continue;
    const char* color = kColors[series % std::size(kColors)];
    std::string points;
    for (int step = 0; step <= max_nines * 40; ++step) {
      const double nines = step / 40.0;
      const double ms = h.valueAtPercentile(percentileAt(nines)) / 1e6;
      points += fmt::format("{:.1f},{:.1f} ", x_of(nines), y_of(ms));
    }
    svg += fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"{}\"/>\n",
                       color, points);
    const double legend_y = kTop + 10 + 40 * static_cast<double>(series);
    svg += fmt::format(
        "<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" stroke=\"{3}\" "
        "stroke-width=\"3\"/>\n<text x=\"{4}\" y=\"{5:.1f}\">{6}</text>\n"
        "<text x=\"{4}\" y=\"{7:.1f}\" fill=\"#555\" font-size=\"11\">p50 {8} · p99 {9} · max "
        "{10}</text>\n",
        kLeft + kPlotWidth + 12, legend_y, kLeft + kPlotWidth + 36, color, kLeft + kPlotWidth + 42,
        legend_y + 4, escapeXml(latency.label), legend_y + 20,
        msLabel(h.valueAtPercentile(50) / 1e6), msLabel(h.valueAtPercentile(99) / 1e6),
        msLabel(h.max() / 1e6));
    ++series;
  }
  if (series == 0) {
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">no samples</text>\n",
                       kLeft + kPlotWidth / 2, kTop + kPlotHeight / 2);
  }
  svg += "</svg>\n";
  std::ofstream file(path);
  if (!file) return "cannot write " + path;
  file << svg;
  return file ? "" : "cannot write " + path;
}

}  // namespace chat::bench
