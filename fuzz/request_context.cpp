// Fuzzes a raw HTTP request head through Beast's parser into makeRequestContext (path, query),
// the negotiate and history query values and authenticate(); checks what they promise.
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/http/api/handler_support.hpp"
#include "adapters/http/bearer_auth.hpp"
#include "adapters/http/request_context.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace chat;
using namespace chat::http;

// Accepts every token, and remembers the one it was given.
class RecordingTokens : public AccessTokens {
 public:
  AccessToken issue(const Principal&) override { return {}; }
  Result<Principal> verify(std::string_view token) override {
    seen = std::string(token);
    Principal principal;
    principal.user_id = 1;
    principal.user_name = "alice";
    return principal;
  }
  std::optional<std::string> seen;
};

void checkQueryInteger(const RequestContext& ctx, const std::string& key) {
  auto value = queryInteger(ctx, key);
  if (!value || !value->has_value()) return;
  // A whole decimal number: digits after an optional '-', nothing else (leading zeros pass).
  const std::string& text = *ctx.queryValue(key);
  const std::size_t digits = text.find_first_not_of('-') == 1 ? 1 : 0;
  FUZZ_CHECK(!text.empty() && text.find_first_not_of("0123456789", digits) == std::string::npos,
             "an integer read from more than its digits");
}

void checkAuthentication(const RequestContext& ctx, bool allow_query_token) {
  RecordingTokens tokens;
  auto principal = authenticate(ctx, tokens, {.allow_query_token = allow_query_token});
  if (!tokens.seen) {
    FUZZ_CHECK(!principal.ok(), "authenticated without verifying a token");
    return;
  }
  FUZZ_CHECK(principal.ok(), "the verified principal was lost");
  FUZZ_CHECK(!tokens.seen->empty() && tokens.seen->front() != ' ', "an empty or padded token");
  const std::string_view header = ctx.request[boost::beast::http::field::authorization];
  const std::string* query = ctx.queryValue("access_token");
  FUZZ_CHECK(header.ends_with(*tokens.seen) ||
                 (allow_query_token && query != nullptr && query->ends_with(*tokens.seen)),
             "a token from neither the header nor an allowed query");
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  boost::beast::http::request_parser<boost::beast::http::string_body> parser;
  parser.eager(true);
  parser.header_limit(8 * 1024);
  parser.body_limit(64 * 1024);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (!parser.is_header_done()) return 0;
  const Request& request = parser.get();

  auto ctx = makeRequestContext(request, "203.0.113.7");
  if (!ctx) return 0;
  for (const auto& [key, value] : ctx->query) {
    for (char c : key) FUZZ_CHECK(!std::isupper(static_cast<unsigned char>(c)), "an upper key");
  }
  // The hub's negotiate reads negotiateVersion and id; message history reads these three.
  (void)ctx->queryValue("negotiateversion");
  (void)ctx->queryValue("id");
  for (const char* key : {"limit", "before", "after"}) checkQueryInteger(*ctx, key);
  // Message routes parse their ids from path segments.
  const std::string_view path = ctx->path;
  const std::size_t slash = path.rfind('/');
  auto id = parseId(slash == std::string_view::npos ? path : path.substr(slash + 1), "id");
  if (id) FUZZ_CHECK(*id >= 1, "a non-positive id");
  checkAuthentication(*ctx, false);
  checkAuthentication(*ctx, true);
  return 0;
}
