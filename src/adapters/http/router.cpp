#include "adapters/http/router.hpp"

#include <boost/algorithm/string/predicate.hpp>

namespace chat::http {
namespace {

std::vector<std::string_view> splitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    if (end > start) segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

bool isParameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool matches(std::string_view pattern, std::string_view path,
             std::map<std::string, std::string>* params) {
  const auto want = splitPath(pattern);
  const auto have = splitPath(path);
  if (want.size() != have.size()) return false;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (isParameter(want[i])) continue;
    if (!boost::algorithm::iequals(want[i], have[i])) return false;
  }
  if (params) {
    for (std::size_t i = 0; i < want.size(); ++i) {
      if (isParameter(want[i])) {
        (*params)[std::string(want[i].substr(1, want[i].size() - 2))] = std::string(have[i]);
      }
    }
  }
  return true;
}

}  // namespace

void Router::add(Verb method, std::string pattern, Access access, Handler handler, RouteKind kind) {
  routes_.push_back(Route{method, std::move(pattern), access, std::move(handler), kind});
}

Router::Match Router::match(Verb method, std::string_view path, RequestContext& ctx) const {
  Match result;
  for (const Route& route : routes_) {
    if (!matches(route.pattern, path, nullptr)) continue;
    if (route.method == method) {
      matches(route.pattern, path, &ctx.route_params);
      result.route = &route;
      return result;
    }
    result.path_known = true;
    if (!result.allowed_methods.empty()) result.allowed_methods += ", ";
    result.allowed_methods += std::string(beast_http::to_string(route.method));
  }
  return result;
}

std::vector<std::string> Router::metricRouteNames() const {
  std::vector<std::string> names;
  for (const Route& route : routes_) {
    names.push_back(std::string(beast_http::to_string(route.method)) + " " + route.pattern);
  }
  names.push_back("OPTIONS preflight");
  return names;
}

}  // namespace chat::http
