#include "server_url.hpp"

#include <boost/url/parse.hpp>

namespace chat::bench {

std::optional<ServerUrl> parseServerUrl(std::string_view text, std::string& error) {
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed) {
    error = "not a URL: " + std::string(text);
    return std::nullopt;
  }
  ServerUrl url;
  url.scheme = std::string(parsed->scheme());
  if (url.scheme != "http" && url.scheme != "ws") {
    error = "the URL must start with http:// (SignalR) or ws:// (raw WebSocket)";
    return std::nullopt;
  }
  std::string host(parsed->host());
  if (host == "localhost") host = "127.0.0.1";
  if (!host.empty() && host.front() == '[') host = host.substr(1, host.size() - 2);
  boost::system::error_code ec;
  url.address = boost::asio::ip::make_address(host, ec);
  if (ec) {
    error = "the host must be a loopback IP address, not " + host;
    return std::nullopt;
  }
  if (!url.address.is_loopback()) {
    error = "refusing a non-loopback server " + host + ": the benchmark runs on loopback only";
    return std::nullopt;
  }
  if (!parsed->has_port()) {
    url.port = 80;
  } else {
    const auto port = parsed->port_number();
    if (port == 0) {
      error = "invalid port in " + std::string(text);
      return std::nullopt;
    }
    url.port = port;
  }
  url.path = std::string(parsed->encoded_path());
  if (url.scheme == "http") {
    while (!url.path.empty() && url.path.back() == '/') url.path.pop_back();
  } else if (url.path.empty()) {
    url.path = "/";
  }
  const std::string shown = url.address.is_v6() ? "[" + host + "]" : host;
  url.host_header = shown + ":" + std::to_string(url.port);
  return url;
}

}  // namespace chat::bench
