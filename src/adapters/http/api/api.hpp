#pragma once
// The REST API: every route of the original server plus the new ones, mounted on a
// Router. Handlers parse and validate HTTP input, run a use case on the worker pool, and
// map its result to a response.
#include <atomic>
#include <boost/asio/thread_pool.hpp>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "adapters/http/router.hpp"
#include "adapters/metrics/prometheus_text.hpp"
#include "adapters/runtime/bounded_pool.hpp"
#include "app/use_cases.hpp"

namespace chat::http {

struct ApiDependencies {
  UseCases& use_cases;
  boost::asio::thread_pool& workers;
  // Registration and login hash passwords: on a pool of their own, bounded.
  runtime::BoundedPool& hashing;
  std::filesystem::path swagger_ui_dir;  // swagger-ui-dist's files
  std::filesystem::path web_client_dir;  // the built web client (web/dist)
  // Whether the backplane is connected; empty on a node of its own. Thread-safe.
  std::function<bool()> backplane_up{};
  // Set once SIGTERM's drain begins: /readyz then fails. Null: never draining.
  const std::atomic<bool>* draining = nullptr;
  // What is open now, read at each scrape of /metrics. Thread-safe.
  std::function<std::vector<metrics::GaugeReading>()> gauges{};
  // --metrics-bind: /metrics is served by a listener of its own, not with the API.
  bool metrics_elsewhere = false;
  // --local-accounts false: accounts and logins are an identity provider's; registration
  // and /api/Auth answer 403.
  bool local_accounts = true;
};

// `deps` is only dereferenced when a request arrives: a null one lists the routes.
void mountApi(Router& router, ApiDependencies* deps);

using ApiRoute = boost::asio::awaitable<Response> (*)(ApiDependencies&, RequestContext&);
// `route`, or 403 when local accounts are off (ApiDependencies::local_accounts).
boost::asio::awaitable<Response> onlyWithLocalAccounts(ApiDependencies& deps, RequestContext& ctx,
                                                       ApiRoute route);

// The OpenAPI document (api/openapi.json), embedded at build time.
std::string_view openApiDocument();

void mountAccountRoutes(Router& router, ApiDependencies* deps);
void mountAuthRoutes(Router& router, ApiDependencies* deps);
void mountGroupRoutes(Router& router, ApiDependencies* deps);
void mountMemberRoutes(Router& router, ApiDependencies* deps);
void mountMessageRoutes(Router& router, ApiDependencies* deps);
void mountHealthRoutes(Router& router, ApiDependencies* deps);
void mountMetricsRoutes(Router& router, ApiDependencies* deps);
void mountDocsRoutes(Router& router, ApiDependencies* deps);
void mountWebClientRoutes(Router& router, ApiDependencies* deps);

}  // namespace chat::http
