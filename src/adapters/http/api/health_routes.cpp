#include "adapters/http/api/api.hpp"
#include "adapters/http/responses.hpp"
#include "adapters/runtime/offload.hpp"

namespace chat::http {
namespace {

// The parts /healthz and /readyz share: whether the database answers (on the worker pool),
// and the backplane's state, shown but never counted: without Redis a node still serves
// (the sweep brings other nodes' messages), and failing every node at once when Redis goes
// would turn a slower cluster into a stopped one.
struct Probe {
  bool database_ok = false;
  boost::json::object body;
};

boost::asio::awaitable<Probe> probe(ApiDependencies& deps, std::string_view status_ok,
                                    std::string_view status_failed, bool failed_anyway) {
  auto database =
      co_await runtime::offload(deps.workers, [&] { return deps.use_cases.check_health.handle(); });
  const bool ok = database.ok() && !failed_anyway;
  Probe result{database.ok(),
               {{"status", ok ? status_ok : status_failed},
                {"database", database.ok() ? "ok" : "unreachable"}}};
  if (deps.backplane_up) result.body["backplane"] = deps.backplane_up() ? "ok" : "polling";
  co_return result;
}

boost::asio::awaitable<Response> health(ApiDependencies& deps, RequestContext&) {
  Probe result = co_await probe(deps, "ok", "unavailable", false);
  co_return jsonResponse(result.database_ok ? Status::ok : Status::service_unavailable,
                         result.body);
}

// Whether a load balancer should send this node work: its database answers and it is not
// draining (liveness, /healthz, still passes while it drains).
boost::asio::awaitable<Response> readiness(ApiDependencies& deps, RequestContext&) {
  const bool draining = deps.draining != nullptr && deps.draining->load();
  Probe result = co_await probe(deps, "ready", draining ? "draining" : "unavailable", draining);
  const bool ready = result.database_ok && !draining;
  if (draining) {
    result.body["message"] = "The server is shutting down";
  } else if (!ready) {
    result.body["message"] = "The database is not reachable";
  }
  co_return jsonResponse(ready ? Status::ok : Status::service_unavailable, result.body);
}

}  // namespace

void mountHealthRoutes(Router& router, ApiDependencies* deps) {
  router.add(Verb::get, "/healthz", Access::kPublic,
             [deps](RequestContext& ctx) { return health(*deps, ctx); });
  router.add(Verb::get, "/readyz", Access::kPublic,
             [deps](RequestContext& ctx) { return readiness(*deps, ctx); });
}

}  // namespace chat::http
