#pragma once
// Small pieces shared by the route handlers.
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
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

// Something read from the request, or the error response to send instead.
template <class T>
struct ValueOrResponse {
  std::optional<T> value;
  Response error;
};

// The request's JSON object body, or the error response to send (400 or 415).
ValueOrResponse<boost::json::object> readJsonBody(const RequestContext& ctx);
// One string property of that body, "" when absent or null (stringOrEmpty), or the error
// response to send: readJsonBody's, or 400 when the property is not a string.
ValueOrResponse<std::string> readJsonString(const RequestContext& ctx, std::string_view name);

const Principal& caller(const RequestContext& ctx);

}  // namespace chat::http
