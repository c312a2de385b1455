#include "adapters/http/api/api.hpp"

#include "adapters/http/responses.hpp"

namespace chat::http {

boost::asio::awaitable<Response> onlyWithLocalAccounts(ApiDependencies& deps, RequestContext& ctx,
                                                       ApiRoute route) {
  if (!deps.local_accounts) {
    co_return errorResponse(Status::forbidden,
                            "Accounts and logins belong to the identity provider here: sign in "
                            "there and bring its token");
  }
  co_return co_await route(deps, ctx);
}

void mountApi(Router& router, ApiDependencies* deps) {
  mountAccountRoutes(router, deps);
  mountAuthRoutes(router, deps);
  mountGroupRoutes(router, deps);
  mountMemberRoutes(router, deps);
  mountMessageRoutes(router, deps);
  mountHealthRoutes(router, deps);
  if (deps == nullptr || !deps->metrics_elsewhere) mountMetricsRoutes(router, deps);
  mountDocsRoutes(router, deps);
  mountWebClientRoutes(router, deps);
}

}  // namespace chat::http
