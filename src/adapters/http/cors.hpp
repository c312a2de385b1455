#pragma once
// CORS as the original allowed it: the configured origins, with credentials. The exact
// origin is echoed (never `*`, which browsers refuse with credentials).
#include <string>
#include <vector>

#include "adapters/http/http_types.hpp"

namespace chat::http {

class CorsPolicy {
 public:
  explicit CorsPolicy(std::vector<std::string> allowed_origins)
      : allowed_origins_(std::move(allowed_origins)) {}

  bool allows(std::string_view origin) const;
  bool isPreflight(const Request& request) const;
  // 204 with the allow headers for an allowed origin; 204 without them otherwise.
  Response preflight(const Request& request) const;
  // Adds the allow headers to a response when the request's origin is allowed.
  void decorate(const Request& request, Response& response) const;

 private:
  std::vector<std::string> allowed_origins_;
};

}  // namespace chat::http
