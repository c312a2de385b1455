#pragma once
// Maps (method, path) to a handler. Path patterns are segments separated by '/', where
// `{name}` captures one segment; literal segments match case-insensitively, as ASP.NET's
// routing did. Built once at start, then read-only and safe to share between threads.
#include <boost/asio/awaitable.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/http/http_types.hpp"
#include "adapters/http/request_context.hpp"

namespace chat::http {

using Handler = std::function<boost::asio::awaitable<Response>(RequestContext&)>;

enum class Access { kPublic, kBearer };
// API routes belong in the OpenAPI document; asset routes (pages, scripts) do not.
enum class RouteKind { kApi, kAsset };

struct Route {
  Verb method;
  std::string pattern;
  Access access;
  Handler handler;
  RouteKind kind = RouteKind::kApi;
};

class Router {
 public:
  void add(Verb method, std::string pattern, Access access, Handler handler,
           RouteKind kind = RouteKind::kApi);

  struct Match {
    const Route* route = nullptr;  // null when nothing matched
    bool path_known = false;       // some route has this path, with another method
    std::string allowed_methods;   // for 405's Allow header
  };
  // Fills ctx.route_params on a match.
  Match match(Verb method, std::string_view path, RequestContext& ctx) const;

  const std::vector<Route>& routes() const { return routes_; }
  // "GET /api/Groups", … in route order, then the names HttpServer counts preflights and
  // requests that matched no route under (see metrics::HttpRequests).
  std::vector<std::string> metricRouteNames() const;

 private:
  std::vector<Route> routes_;
};

}  // namespace chat::http
