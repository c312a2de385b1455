#include "adapters/metrics/prometheus_text.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace chat::metrics {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(PrometheusTextTest, ExposesCountersHistogramsAndGaugesInTheTextFormat) {
  ServerMetrics metrics;
  metrics.http.setRoutes({"GET /api/Groups", "POST /api/Groups"});
  using std::chrono::microseconds;
  metrics.http.observe(0, 200, microseconds(2'000));
  metrics.http.observe(0, 200, microseconds(2'100));
  metrics.http.observe(0, 418, microseconds(1));
  metrics.http.observe(99, 404, microseconds(1));  // no route matched
  metrics.hub_connections_opened[static_cast<std::size_t>(Transport::kLongPolling)].add(3);
  metrics.messages_stored.add(7);
  metrics.commit_batch_messages.observe(5);
  metrics.refusals[static_cast<std::size_t>(Refusal::kLogin)].add();

  const std::string text = prometheusText(metrics, {{"hub_connections", "Open now", 4}});

  EXPECT_THAT(text, HasSubstr("# TYPE chatserver_http_requests_total counter"));
  EXPECT_THAT(
      text,
      HasSubstr("chatserver_http_requests_total{route=\"GET /api/Groups\",status=\"200\"} 2"));
  EXPECT_THAT(
      text,
      HasSubstr("chatserver_http_requests_total{route=\"GET /api/Groups\",status=\"other\"} 1"));
  EXPECT_THAT(text,
              HasSubstr("chatserver_http_requests_total{route=\"unmatched\",status=\"404\"} 1"));
  EXPECT_THAT(text, Not(HasSubstr("route=\"POST /api/Groups\"")));  // nothing counted
  EXPECT_THAT(text, HasSubstr("chatserver_http_request_duration_seconds_bucket{route=\"GET "
                              "/api/Groups\",le=\"0.001\"} 1"));
  EXPECT_THAT(text, HasSubstr("chatserver_http_request_duration_seconds_bucket{route=\"GET "
                              "/api/Groups\",le=\"0.0025\"} 3"));
  EXPECT_THAT(text, HasSubstr("chatserver_http_request_duration_seconds_count{route=\"GET "
                              "/api/Groups\"} 3"));
  EXPECT_THAT(text,
              HasSubstr("chatserver_hub_connections_opened_total{transport=\"LongPolling\"} 3"));
  EXPECT_THAT(text, HasSubstr("chatserver_messages_stored_total 7"));
  EXPECT_THAT(text, HasSubstr("chatserver_commit_batch_messages_bucket{le=\"8\"} 1"));
  EXPECT_THAT(text, HasSubstr("chatserver_commit_batch_messages_bucket{le=\"+Inf\"} 1"));
  EXPECT_THAT(text, HasSubstr("chatserver_rate_limit_refusals_total{limit=\"login\"} 1"));
  EXPECT_THAT(text, HasSubstr("# TYPE chatserver_hub_connections gauge"));
  EXPECT_THAT(text, HasSubstr("chatserver_hub_connections 4"));
}

}  // namespace
}  // namespace chat::metrics
