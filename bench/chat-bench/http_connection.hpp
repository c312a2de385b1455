#pragma once
// The hub connections over HTTP: Server-Sent Events (one GET whose chunked
// `text/event-stream` response carries the server's records as `data:` lines) and long
// polling (one GET outstanding at a time, each answered with the records queued, empty
// after the server's poll timeout, or 204 once the connection ended). Both send by POST,
// the body being the records queued meanwhile, one POST at a time, on a second kept-alive
// HTTP connection, which also negotiates. Every request is bounded in time; an SSE stream
// silent for a minute (the server pings every 15 s) ends the connection.
// Closing: an SSE connection aborts its GET; a long-polling one sends DELETE and ends when
// the outstanding poll answers 204, or after 3 s.
// Not thread-safe: everything about a connection runs on its io_context's one thread.
#include <memory>

#include <boost/asio/io_context.hpp>

#include "connection.hpp"

namespace chat::bench {

// `transport` is kServerSentEvents or kLongPolling.
std::shared_ptr<Connection> createHttpConnection(boost::asio::io_context& context,
                                                 std::size_t index, ConnectionListener& listener,
                                                 Transport transport);

}  // namespace chat::bench
