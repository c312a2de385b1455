#pragma once
// The steps every transport of a hub connection takes over HTTP before its own: a TCP
// stream bound to the spec's source address, and negotiate (POST /MessageHub/negotiate,
// bearer token), which names the connection token the transport then presents.
// Free functions; the stream is the caller's, on its io_context's thread.
#include <cstddef>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "connection.hpp"

namespace chat::bench {

inline constexpr std::string_view kHubPath = "/MessageHub";

// Opens, binds and connects `stream` within the spec's timeout (left set); "" or the error.
boost::asio::awaitable<std::string> connectStream(boost::beast::tcp_stream& stream,
                                                  const ConnectSpec& spec);

// Negotiates on a connected, kept-alive `stream`; sets `connection_token` and adds the bytes
// of the response to `bytes_read`. "" or the error.
boost::asio::awaitable<std::string> negotiate(boost::beast::tcp_stream& stream,
                                              const ConnectSpec& spec,
                                              std::string& connection_token,
                                              std::size_t& bytes_read);

}  // namespace chat::bench
