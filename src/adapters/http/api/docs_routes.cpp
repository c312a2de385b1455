#include <array>

#include "adapters/http/api/api.hpp"
#include "adapters/http/static_files.hpp"

namespace chat::http {
namespace {

// Swagger UI's page loads its script from a file, not inline, so that the content
// security policy can forbid inline scripts.
constexpr std::string_view kSwaggerPage = R"(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>ChatServer API</title>
<link rel="stylesheet" href="/swagger/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/swagger/swagger-ui-bundle.js"></script>
<script src="/swagger/init.js"></script>
</body>
</html>
)";

constexpr std::string_view kSwaggerInit =
    "window.ui = SwaggerUIBundle({url: '/swagger/v1/swagger.json', dom_id: '#swagger-ui'});\n";

// Swagger UI sets inline styles, so its page relaxes style-src (scripts stay strict).
constexpr std::string_view kSwaggerSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; frame-ancestors 'none'";

constexpr std::array<std::string_view, 2> kSwaggerFiles{"swagger-ui.css", "swagger-ui-bundle.js"};

}  // namespace

void mountDocsRoutes(Router& router, ApiDependencies* deps) {
  router.add(Verb::get, "/swagger/v1/swagger.json", Access::kPublic,
             [](RequestContext&) -> boost::asio::awaitable<Response> {
               co_return textResponse(openApiDocument(), "application/json", Caching::kRevalidate);
             });
  router.add(Verb::get, "/swagger", Access::kPublic,
             [](RequestContext&) -> boost::asio::awaitable<Response> {
               Response response =
                   textResponse(kSwaggerPage, "text/html; charset=utf-8", Caching::kRevalidate);
               response.set("Content-Security-Policy", kSwaggerSecurityPolicy);
               co_return response;
             });
  router.add(
      Verb::get, "/swagger/init.js", Access::kPublic,
      [](RequestContext&) -> boost::asio::awaitable<Response> {
        co_return textResponse(kSwaggerInit, "text/javascript; charset=utf-8",
                               Caching::kRevalidate);
      },
      RouteKind::kAsset);
  for (std::string_view file : kSwaggerFiles) {
    router.add(
        Verb::get, "/swagger/" + std::string(file), Access::kPublic,
        [deps, file](RequestContext&) {
          return serveFile(deps->workers, deps->swagger_ui_dir / file, Caching::kRevalidate,
                           "Swagger UI is not installed (run make build)");
        },
        RouteKind::kAsset);
  }
}

}  // namespace chat::http
