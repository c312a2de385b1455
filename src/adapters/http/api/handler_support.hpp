#pragma once
// Small pieces shared by the route handlers.
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <string_view>

#include "adapters/http/request_context.hpp"
#include "adapters/http/responses.hpp"
#include "domain/result.hpp"

namespace chat::http {

// A positive decimal id from a route parameter or query value.
Result<std::int64_t> parseId(std::string_view text, std::string_view name);
// An optional integer query parameter.
Result<std::optional<std::int64_t>> queryInteger(const RequestContext& ctx,
                                                 const std::string& lower_key);

// The request's JSON object body, or the error response to send (400 or 415).
struct BodyOrResponse {
  std::optional<boost::json::object> body;
  Response error;
};
BodyOrResponse readJsonBody(const RequestContext& ctx);

const Principal& caller(const RequestContext& ctx);

}  // namespace chat::http
