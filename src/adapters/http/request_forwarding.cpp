#include "adapters/http/request_forwarding.hpp"

#include <boost/url/parse.hpp>
#include <cstdint>

#include "domain/whole_number.hpp"

namespace chat::http {

std::optional<ForwardTarget> ForwardTarget::fromNodeUrl(std::string_view url) {
  const auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || parsed->scheme_id() != boost::urls::scheme::http) return std::nullopt;
  if (parsed->has_userinfo() || parsed->encoded_host().empty() || parsed->has_query()) {
    return std::nullopt;
  }
  if (!parsed->encoded_path().empty() && parsed->encoded_path() != "/") return std::nullopt;
  const std::string port = parsed->has_port() ? std::string(parsed->port()) : "80";
  const auto number = parseWholeNumber<std::uint16_t>(port);
  if (!number || *number == 0) return std::nullopt;
  // IPv6 addresses without their brackets, as the resolver reads them.
  return ForwardTarget{std::string(parsed->host_address()), port};
}

std::string ForwardTarget::describe() const {
  return (host.find(':') == std::string::npos ? host : "[" + host + "]") + ":" + port;
}

}  // namespace chat::http
