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

}  // namespace

void mountHealthRoutes(Router& router, ApiDependencies* deps) {
  router.add(Verb::get, "/healthz", Access::kPublic,
             [deps](RequestContext& ctx) { return health(*deps, ctx); });
}

}  // namespace chat::http
