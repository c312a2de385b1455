#include "adapters/http/forwarded_client.hpp"

#include <algorithm>
#include <boost/asio/ip/address.hpp>

namespace chat::http {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

bool isTrustedProxy(std::string_view peer, const std::vector<std::string>& trusted) {
  return std::find(trusted.begin(), trusted.end(), peer) != trusted.end();
}

std::string forwardedClient(const std::string& peer, std::string_view forwarded_for,
                            const std::vector<std::string>& trusted) {
  if (!isTrustedProxy(peer, trusted)) return peer;
  std::string client = peer;
  while (!forwarded_for.empty()) {
    const auto comma = forwarded_for.rfind(',');
    const std::string_view hop =
        trimmed(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    forwarded_for =
        comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    boost::system::error_code invalid;
    const auto address = boost::asio::ip::make_address(std::string(hop), invalid);
    if (invalid) break;  // garbage: keep the last address that a trusted proxy vouched for
    client = address.to_string();
    if (!isTrustedProxy(client, trusted)) break;
  }
  return client;
}

}  // namespace chat::http
