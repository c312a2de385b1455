#include "adapters/http/cors.hpp"

#include <algorithm>

#include "adapters/http/responses.hpp"

namespace chat::http {
namespace {
constexpr const char* kMaxAgeSeconds = "600";
// The request headers our routes and the official SignalR clients send. A fixed list, not an
// echo of Access-Control-Request-Headers: the browser then refuses any other header itself.
constexpr const char* kAllowedHeaders =
    "authorization, content-type, x-requested-with, x-signalr-user-agent";
}  // namespace

bool CorsPolicy::allows(std::string_view origin) const {
  return !origin.empty() && std::find(allowed_origins_.begin(), allowed_origins_.end(), origin) !=
                                allowed_origins_.end();
}

bool CorsPolicy::isPreflight(const Request& request) const {
  return request.method() == Verb::options &&
         request.find(beast_http::field::origin) != request.end() &&
         request.find(beast_http::field::access_control_request_method) != request.end();
}

Response CorsPolicy::preflight(const Request& request) const {
  Response response = emptyResponse(Status::no_content);
  decorate(request, response);
  if (allows(request[beast_http::field::origin])) {
    response.set(beast_http::field::access_control_allow_methods,
                 "GET, POST, PUT, DELETE, OPTIONS");
    response.set(beast_http::field::access_control_allow_headers, kAllowedHeaders);
    response.set(beast_http::field::access_control_max_age, kMaxAgeSeconds);
  }
  return response;
}

void CorsPolicy::decorate(const Request& request, Response& response) const {
  const auto origin = request[beast_http::field::origin];
  response.set(beast_http::field::vary, "Origin");
  if (!allows(origin)) return;
  response.set(beast_http::field::access_control_allow_origin, origin);
  response.set(beast_http::field::access_control_allow_credentials, "true");
  response.set(beast_http::field::access_control_expose_headers, "Retry-After, WWW-Authenticate");
}

}  // namespace chat::http
