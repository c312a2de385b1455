#pragma once
// The id that ties a request's log line to what a proxy or client logged of it: the
// request's own X-Request-Id when it is a sane one (what nginx's $request_id or a client
// sends), else one made here. The response carries it back in X-Request-Id.
#include <string>
#include <string_view>

namespace chat::http {

inline constexpr std::size_t kMaxRequestIdLength = 64;

// 1 to 64 characters from A-Z a-z 0-9 - _ . : — anything else is not echoed or logged.
bool isValidRequestId(std::string_view id);
// `offered` when valid, else a new id unique in this process (and, by a random prefix,
// most likely across the nodes).
std::string requestId(std::string_view offered);

}  // namespace chat::http
