#pragma once
// A client's TCP connection passed on to another node of the cluster: the node that holds
// the connection a request names (request_forwarding.hpp). The tunnel connects to that
// node, writes the request there as it came (with the client's peer appended to
// X-Forwarded-For, and a mark that it was passed on), then the bytes the client sent past
// it, and from then on copies bytes both ways: every later request on the connection is
// the other node's to serve, as are its timeouts (an SSE stream or a held poll is quiet
// for long, legitimately), so an open tunnel has none. A side that closes is closed on the
// other side too (half-close); once the node has closed its side, the client's may stay
// open only `linger` longer. A node that cannot be reached within `connect_timeout` is
// answered with 404, since the connection the request named went with its node.
//
// The tunnel owns both sockets and runs on the client stream's event loop; its buffers
// are bounded (`buffer_bytes` each way), it reads from one side only when the other has
// taken everything before.
#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <cstddef>
#include <string>

#include "adapters/http/http_types.hpp"
#include "adapters/http/request_forwarding.hpp"

namespace chat::http {

struct NodeTunnelOptions {
  // Resolving and connecting to the node, and answering the client when that fails.
  std::chrono::milliseconds connect_timeout{3000};
  std::size_t buffer_bytes = 16 * 1024;  // each way
  std::chrono::milliseconds linger{10000};
};

// The header a tunnel adds to the request it passes on. A request that carries it is
// served where it arrives, whatever it names, so that nodes that disagree about which is
// which cannot pass a request round in a loop. (A client may send it too; it then only
// keeps its request here, where the connection it names is not found.)
inline constexpr std::string_view kPassedOnHeader = "X-ChatServer-Passed-On";
bool passedOnByNode(const Request& request);

// Returns once both sides have closed, or the node could not be reached and the client has
// its 404. `peer_address` is the client's TCP peer (what the next hop's X-Forwarded-For
// gains); `leftover` holds the bytes read past `request`.
boost::asio::awaitable<void> tunnelToNode(boost::beast::tcp_stream client, Request request,
                                          boost::beast::flat_buffer leftover,
                                          std::string peer_address, ForwardTarget node,
                                          NodeTunnelOptions options = {});

}  // namespace chat::http
