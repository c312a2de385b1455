#pragma once
// Finds and checks the bearer token of a request: the Authorization header (scheme
// matched case-insensitively) or, where allowed (the hub's WebSocket upgrade, which
// browsers cannot give headers), the access_token query parameter.
#include <string_view>

#include "adapters/http/request_context.hpp"
#include "app/ports/access_tokens.hpp"

namespace chat::http {

struct BearerOptions {
  bool allow_query_token = false;
};

Result<Principal> authenticate(const RequestContext& ctx, AccessTokens& tokens,
                               BearerOptions options = {});

// The WWW-Authenticate value for a failed authentication.
std::string bearerChallenge(const Error& error, bool token_present);

}  // namespace chat::http
