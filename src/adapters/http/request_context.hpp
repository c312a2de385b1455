#pragma once
// Everything a route handler knows about one request. Lives on the session's stack for
// the duration of the handler; not shared between threads.
#include <map>
#include <optional>
#include <string>

#include "adapters/http/http_types.hpp"
#include "domain/user.hpp"

namespace chat::http {

struct RequestContext {
  const Request& request;
  std::string path;                                 // decoded, without the query
  std::map<std::string, std::string> query;         // keys lower-cased
  std::map<std::string, std::string> route_params;  // from {name} segments
  std::string client_address;
  std::optional<Principal> principal;  // set on authenticated routes

  const std::string* queryValue(const std::string& lower_key) const {
    auto it = query.find(lower_key);
    return it == query.end() ? nullptr : &it->second;
  }
};

// The context of `request`: its decoded path and query (keys lower-cased, as ASP.NET
// matched them). nullopt when the request target is not a valid origin-form URL.
std::optional<RequestContext> makeRequestContext(const Request& request,
                                                 std::string client_address);

}  // namespace chat::http
