#include <array>
#include <fstream>
#include <sstream>

#include "adapters/http/api/api.hpp"
#include "adapters/http/offload.hpp"
#include "adapters/http/responses.hpp"

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

constexpr std::string_view kPageSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; frame-ancestors 'none'";

struct StaticFile {
  std::string_view name;
  std::string_view content_type;
};
constexpr std::array kSwaggerFiles{
    StaticFile{"swagger-ui.css", "text/css; charset=utf-8"},
    StaticFile{"swagger-ui-bundle.js", "text/javascript; charset=utf-8"},
};

Response textResponse(std::string_view body, std::string_view content_type) {
  Response response{Status::ok, 11};
  response.set(beast_http::field::content_type, content_type);
  response.set(beast_http::field::cache_control, "public, max-age=3600");
  response.set("X-Content-Type-Options", "nosniff");
  response.body() = std::string(body);
  response.prepare_payload();
  return response;
}

boost::asio::awaitable<Response> swaggerFile(ApiDependencies& deps, const StaticFile& file) {
  const auto path = deps.swagger_ui_dir / file.name;
  auto content = co_await offload(deps.workers, [&]() -> Result<std::string> {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::notFound("Swagger UI is not installed (run `npm ci`)");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  });
  if (!content) co_return errorResponse(content.error());
  co_return textResponse(*content, file.content_type);
}

}  // namespace

void mountDocsRoutes(Router& router, ApiDependencies* deps) {
  router.add(Verb::get, "/swagger/v1/swagger.json", Access::kPublic,
             [](RequestContext&) -> boost::asio::awaitable<Response> {
               Response response = textResponse(openApiDocument(), "application/json");
               response.set(beast_http::field::cache_control, "no-cache");
               co_return response;
             });
  router.add(Verb::get, "/swagger", Access::kPublic,
             [](RequestContext&) -> boost::asio::awaitable<Response> {
               Response response = textResponse(kSwaggerPage, "text/html; charset=utf-8");
               response.set("Content-Security-Policy", kPageSecurityPolicy);
               co_return response;
             });
  router.add(Verb::get, "/swagger/init.js", Access::kPublic,
             [](RequestContext&) -> boost::asio::awaitable<Response> {
               co_return textResponse(kSwaggerInit, "text/javascript; charset=utf-8");
             });
  for (const StaticFile& file : kSwaggerFiles) {
    router.add(Verb::get, "/swagger/" + std::string(file.name), Access::kPublic,
               [deps, &file](RequestContext&) { return swaggerFile(*deps, file); });
  }
}

}  // namespace chat::http
