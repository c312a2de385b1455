#include "adapters/http/api/handler_support.hpp"

#include <string>

#include "adapters/http/json_body.hpp"
#include "domain/whole_number.hpp"

namespace chat::http {

Result<std::int64_t> parseId(std::string_view text, std::string_view name) {
  const auto value = parseWholeNumber<std::int64_t>(text);
  if (!value || *value < 1) {
    return Error::invalid("The value '" + std::string(text.substr(0, 32)) + "' is not valid for " +
                          std::string(name));
  }
  return *value;
}

Result<std::optional<std::int64_t>> queryInteger(const RequestContext& ctx,
                                                 const std::string& lower_key) {
  const std::string* text = ctx.queryValue(lower_key);
  if (!text) return std::optional<std::int64_t>{};
  const auto value = parseWholeNumber<std::int64_t>(*text);
  if (!value) return Error::invalid(lower_key + " must be an integer");
  return value;
}

ValueOrResponse<boost::json::object> readJsonBody(const RequestContext& ctx) {
  auto body = parseJsonBody(ctx.request);
  if (body) return {std::move(body).value(), {}};
  return {std::nullopt, errorResponse(body.error())};
}

ValueOrResponse<std::string> readJsonString(const RequestContext& ctx, std::string_view name) {
  auto [body, failure] = readJsonBody(ctx);
  if (!body) return {std::nullopt, std::move(failure)};
  auto value = stringOrEmpty(*body, name);
  if (!value) return {std::nullopt, errorResponse(value.error())};
  return {std::move(value).value(), {}};
}

const Principal& caller(const RequestContext& ctx) {
  return *ctx.principal;
}

}  // namespace chat::http
