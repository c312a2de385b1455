#include "adapters/metrics/prometheus_text.hpp"

#include <prometheus/metric_family.h>
#include <prometheus/text_serializer.h>

#include <limits>
#include <string_view>
#include <utility>

namespace chat::metrics {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;
using Labels = std::vector<ClientMetric::Label>;

constexpr std::array<std::string_view, static_cast<std::size_t>(Transport::kCount)> kTransportNames{
    "WebSockets", "ServerSentEvents", "LongPolling"};
constexpr std::array<std::string_view, static_cast<std::size_t>(Refusal::kCount)> kRefusalNames{
    "login", "registration", "hub_invocations", "hub_connections"};

MetricFamily family(std::string name, std::string help, MetricType type) {
  return MetricFamily{"chatserver_" + std::move(name), std::move(help), type, {}};
}

ClientMetric counter(double value, Labels labels = {}) {
  ClientMetric metric;
  metric.label = std::move(labels);
  metric.counter.value = value;
  return metric;
}

// `scale` turns the recorded unit into the exposed one (nanoseconds into seconds).
ClientMetric histogram(const Histogram& histogram, double scale, Labels labels = {}) {
  const auto snapshot = histogram.snapshot();
  ClientMetric metric;
  metric.label = std::move(labels);
  metric.histogram.sample_count = snapshot.count;
  metric.histogram.sample_sum = static_cast<double>(snapshot.sum) * scale;
  for (std::size_t i = 0; i < snapshot.bounds.size(); ++i) {
    metric.histogram.bucket.push_back(
        {snapshot.cumulative[i], static_cast<double>(snapshot.bounds[i]) * scale});
  }
  metric.histogram.bucket.push_back({snapshot.count, std::numeric_limits<double>::infinity()});
  return metric;
}

MetricFamily single(std::string name, std::string help, const Counter& value) {
  auto out = family(std::move(name), std::move(help), MetricType::Counter);
  out.metric.push_back(counter(static_cast<double>(value.total())));
  return out;
}

MetricFamily singleHistogram(std::string name, std::string help, const Histogram& value,
                             double scale) {
  auto out = family(std::move(name), std::move(help), MetricType::Histogram);
  out.metric.push_back(histogram(value, scale));
  return out;
}

constexpr double kNanoseconds = 1e-9;

void addHttp(const HttpRequests& http, std::vector<MetricFamily>& out) {
  auto requests = family("http_requests_total", "HTTP requests answered, by route and status",
                         MetricType::Counter);
  auto durations =
      family("http_request_duration_seconds",
             "Time from a request's headers to its response, by route", MetricType::Histogram);
  for (std::size_t route = 0; route <= http.unmatched(); ++route) {
    if (http.names().empty()) break;
    const std::string name = route < http.names().size() ? http.names()[route] : "unmatched";
    const auto& cell = http.cell(route);
    bool any = false;
    for (std::size_t i = 0; i < HttpRequests::kStatuses.size(); ++i) {
      const auto count = cell.by_status[i].load(std::memory_order_relaxed);
      if (count == 0) continue;
      any = true;
      const unsigned status = HttpRequests::kStatuses[i];
      requests.metric.push_back(
          counter(static_cast<double>(count),
                  {{"route", name}, {"status", status == 0 ? "other" : std::to_string(status)}}));
    }
    if (any) durations.metric.push_back(histogram(cell.latency, kNanoseconds, {{"route", name}}));
  }
  out.push_back(std::move(requests));
  out.push_back(std::move(durations));
}

}  // namespace

std::string prometheusText(const ServerMetrics& m, const std::vector<GaugeReading>& gauges) {
  std::vector<MetricFamily> out;
  addHttp(m.http, out);

  auto opened = family("hub_connections_opened_total", "Hub connections opened, by transport",
                       MetricType::Counter);
  for (std::size_t i = 0; i < m.hub_connections_opened.size(); ++i) {
    opened.metric.push_back(counter(static_cast<double>(m.hub_connections_opened[i].total()),
                                    {{"transport", std::string(kTransportNames[i])}}));
  }
  out.push_back(std::move(opened));
  out.push_back(
      single("hub_connections_closed_total", "Hub connections ended", m.hub_connections_closed));
  out.push_back(single("hub_slow_connections_cut_total",
                       "Hub connections closed for not reading what was queued for them",
                       m.slow_connections_cut));
  out.push_back(single("messages_delivered_total",
                       "MessageReceived records queued to hub connections", m.messages_delivered));
  out.push_back(single("hub_events_delivered_total",
                       "Ephemeral hub events (UserTyping) queued to hub connections",
                       m.events_delivered));
  out.push_back(single("hub_fell_behind_total",
                       "Hub connections closed because too many of their messages arrived "
                       "out of order",
                       m.fell_behind));
  out.push_back(
      single("messages_stored_total", "Messages stored (durable) on this node", m.messages_stored));
  out.push_back(single("message_store_failures_total", "Sends that could not be stored",
                       m.message_store_failures));
  out.push_back(singleHistogram("send_ack_duration_seconds",
                                "A hub SendMessage from its arrival to its completion",
                                m.send_ack_seconds, kNanoseconds));
  out.push_back(singleHistogram("commit_duration_seconds",
                                "One commit batch's transaction, from start to durable",
                                m.commit_seconds, kNanoseconds));
  out.push_back(singleHistogram("commit_batch_messages", "Messages in one commit batch",
                                m.commit_batch_messages, 1.0));
  out.push_back(single("login_failures_total", "Logins refused for a wrong name or password",
                       m.login_failures));
  auto refusals = family("rate_limit_refusals_total", "Requests refused by a limit, by limit",
                         MetricType::Counter);
  for (std::size_t i = 0; i < m.refusals.size(); ++i) {
    refusals.metric.push_back(counter(static_cast<double>(m.refusals[i].total()),
                                      {{"limit", std::string(kRefusalNames[i])}}));
  }
  out.push_back(std::move(refusals));
  out.push_back(single("backplane_publishes_total", "Messages published to the other nodes",
                       m.backplane_publishes));
  out.push_back(single("gaps_read_total",
                       "Gaps in a group's messages (a publish lost or late) read from storage",
                       m.gaps_read));
  for (const auto& gauge : gauges) {
    auto reading = family(gauge.name, gauge.help, MetricType::Gauge);
    ClientMetric metric;
    metric.gauge.value = gauge.value;
    reading.metric.push_back(std::move(metric));
    out.push_back(std::move(reading));
  }
  return prometheus::TextSerializer().Serialize(out);
}

}  // namespace chat::metrics
