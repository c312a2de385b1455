#pragma once
// The server the benchmark talks to: `http://host:port[/base]` (SignalR) or
// `ws://host:port/path` (raw broadcast). Loopback only: anything else is refused.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/ip/address.hpp>

namespace chat::bench {

struct ServerUrl {
  std::string scheme;  // "http" or "ws"
  boost::asio::ip::address address;
  std::uint16_t port = 0;
  std::string path;         // "" or "/..." without a trailing slash for http; as given for ws
  std::string host_header;  // "127.0.0.1:5000"
};

// Parses and checks the URL; on failure returns nullopt and sets `error`.
std::optional<ServerUrl> parseServerUrl(std::string_view text, std::string& error);

}  // namespace chat::bench
