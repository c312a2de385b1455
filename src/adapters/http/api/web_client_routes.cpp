#include "adapters/http/api/api.hpp"
#include "adapters/http/responses.hpp"
#include "adapters/http/static_files.hpp"

namespace chat::http {

void mountWebClientRoutes(Router& router, ApiDependencies* deps) {
  router.add(
      Verb::get, "/", Access::kPublic,
      [deps](RequestContext&) {
        return serveFile(deps->workers, deps->web_client_dir / "index.html", Caching::kRevalidate,
                         "The web client is not built (run make build)");
      },
      RouteKind::kAsset);
  // Vite names every asset after its content, so an asset never changes: cache it for good.
  router.add(
      Verb::get, "/assets/{file}", Access::kPublic,
      [deps](RequestContext& ctx) -> boost::asio::awaitable<Response> {
        const std::string& file = ctx.route_params["file"];
        if (!isSafeFileName(file)) co_return errorResponse(Status::not_found, "No such file");
        co_return co_await serveFile(deps->workers, deps->web_client_dir / "assets" / file,
                                     Caching::kImmutable, "No such file");
      },
      RouteKind::kAsset);
}

}  // namespace chat::http
