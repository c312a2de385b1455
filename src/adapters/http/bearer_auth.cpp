#include "adapters/http/bearer_auth.hpp"

#include <boost/algorithm/string/predicate.hpp>

namespace chat::http {
namespace {
constexpr std::string_view kScheme = "Bearer ";
}

Result<Principal> authenticate(const RequestContext& ctx, AccessTokens& tokens,
                               BearerOptions options) {
  const std::string_view header = ctx.request[beast_http::field::authorization];
  std::string_view token;
  if (header.size() > kScheme.size() && boost::algorithm::istarts_with(header, kScheme)) {
    token = header.substr(kScheme.size());
  } else if (options.allow_query_token) {
    if (const std::string* query = ctx.queryValue("access_token")) token = *query;
  }
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  if (token.empty()) return Error::unauthorized("Authentication is required");
  return tokens.verify(token);
}

std::string bearerChallenge(const Error& error, bool token_present) {
  if (!token_present) return "Bearer";
  std::string description = error.message;
  std::erase(description, '"');
  return "Bearer error=\"invalid_token\", error_description=\"" + description + "\"";
}

}  // namespace chat::http
