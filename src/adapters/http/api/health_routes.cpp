#include "adapters/http/api/api.hpp"
#include "adapters/http/responses.hpp"
#include "adapters/runtime/offload.hpp"

namespace chat::http {
namespace {

boost::asio::awaitable<Response> health(ApiDependencies& deps, RequestContext&) {
  auto database =
      co_await runtime::offload(deps.workers, [&] { return deps.use_cases.check_health.handle(); });
  const bool ok = database.ok();
  boost::json::object body{{"status", ok ? "ok" : "unavailable"},
                           {"database", ok ? "ok" : "unreachable"}};
  // Without Redis the node still serves (other nodes' messages come from the database),
  // so the backplane's state is shown but never fails the check.
  if (deps.backplane_up) body["backplane"] = deps.backplane_up() ? "ok" : "polling";
  co_return jsonResponse(ok ? Status::ok : Status::service_unavailable, body);
}

// Whether a load balancer should send this node work: its database answers and it is not
// draining. The backplane is shown but does not count: without Redis a node still serves
// (the sweep brings other nodes' messages), and failing every node at once when Redis goes
// would turn a slower cluster into a stopped one.
boost::asio::awaitable<Response> readiness(ApiDependencies& deps, RequestContext&) {
  const bool draining = deps.draining != nullptr && deps.draining->load();
  auto database =
      co_await runtime::offload(deps.workers, [&] { return deps.use_cases.check_health.handle(); });
  const bool ready = !draining && database.ok();
  boost::json::object body{{"status", draining ? "draining"
                                      : ready  ? "ready"
                                               : "unavailable"},
                           {"database", database.ok() ? "ok" : "unreachable"}};
  if (deps.backplane_up) body["backplane"] = deps.backplane_up() ? "ok" : "polling";
  if (draining) {
    body["message"] = "The server is shutting down";
  } else if (!ready) {
    body["message"] = "The database is not reachable";
  }
  co_return jsonResponse(ready ? Status::ok : Status::service_unavailable, body);
}

}  // namespace

void mountHealthRoutes(Router& router, ApiDependencies* deps) {
  router.add(Verb::get, "/healthz", Access::kPublic,
             [deps](RequestContext& ctx) { return health(*deps, ctx); });
  router.add(Verb::get, "/readyz", Access::kPublic,
             [deps](RequestContext& ctx) { return readiness(*deps, ctx); });
}

}  // namespace chat::http
