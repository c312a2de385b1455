#include "adapters/http/api/api.hpp"
#include "adapters/metrics/prometheus_text.hpp"

namespace chat::http {
namespace {

boost::asio::awaitable<Response> metricsPage(ApiDependencies& deps, RequestContext&) {
  const auto gauges = deps.gauges ? deps.gauges() : std::vector<metrics::GaugeReading>{};
  Response response{Status::ok, 11};
  response.set(beast_http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
  response.set(beast_http::field::cache_control, "no-store");
  response.body() = metrics::prometheusText(metrics::serverMetrics(), gauges);
  response.prepare_payload();
  co_return response;
}

}  // namespace

void mountMetricsRoutes(Router& router, ApiDependencies* deps) {
  router.add(Verb::get, "/metrics", Access::kPublic,
             [deps](RequestContext& ctx) { return metricsPage(*deps, ctx); });
}

}  // namespace chat::http
