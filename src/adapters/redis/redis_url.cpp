#include "adapters/redis/redis_url.hpp"

#include <boost/url/parse.hpp>
#include <limits>

#include "domain/whole_number.hpp"

namespace chat::redis {
namespace {

Error bad(std::string_view what) {
  return Error::invalid("Bad Redis URL: " + std::string(what));
}

// Digits only, within [min, max]: no sign, no spaces, no trailing text.
template <class Int>
bool parseNumber(std::string_view text, Int min, Int max, Int& out) {
  const auto value = parseWholeNumber<Int>(text);
  if (!value || *value < min || *value > max) return false;
  out = *value;
  return true;
}

}  // namespace

std::string RedisUrl::describe() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + "/" + std::to_string(db);
}

Result<RedisUrl> parseRedisUrl(std::string_view text) {
  const auto parsed = boost::urls::parse_uri(text);
  if (!parsed) return bad("expected redis://[:PASSWORD@]HOST[:PORT][/DB]");
  const boost::urls::url_view& url = *parsed;
  if (url.scheme() == "rediss") return bad("rediss:// (TLS) is not supported");
  if (url.scheme() != "redis") return bad("the scheme must be redis://");
  if (!url.has_authority()) return bad("expected redis://[:PASSWORD@]HOST[:PORT][/DB]");
  if (url.has_query() || url.has_fragment()) return bad("a query or a fragment is not supported");

  RedisUrl result;
  result.host = url.host_address();
  if (result.host.empty()) return bad("the host is missing");
  if (url.has_port() &&
      !parseNumber<std::uint16_t>(url.port(), 1, std::numeric_limits<std::uint16_t>::max(),
                                  result.port)) {
    return bad("the port must be a number from 1 to 65535");
  }

  if (url.has_userinfo()) {
    if (!url.has_password()) return bad("a user needs a password: redis://[USER]:PASSWORD@HOST");
    result.user = url.user();
    result.password = url.password();
    if (result.password.empty()) return bad("the password is empty");
  }

  // The path is "", "/" or "/DB".
  std::string_view path = url.encoded_path();
  if (!path.empty()) path.remove_prefix(1);
  if (!path.empty() && !parseNumber<int>(path, 0, std::numeric_limits<int>::max(), result.db)) {
    return bad("the database must be a number: redis://HOST[:PORT]/DB");
  }
  return result;
}

}  // namespace chat::redis
