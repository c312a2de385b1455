#pragma once
// Limits and timings of the SignalR hub. Defaults follow ASP.NET Core SignalR where it
// has one (keep-alive 15 s, client timeout 30 s, handshake 15 s, 32 KB records).
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "adapters/signalr/group_subscriptions.hpp"
#include "adapters/signalr/negotiate_tokens.hpp"

namespace chat::signalr {

struct HubOptions {
  std::size_t max_record_bytes = 32 * 1024;
  std::size_t max_connections_per_user = 100;
  // Invocations a connection may make: a burst, then a steady rate.
  double invocation_burst = 2000;
  double invocations_per_second = 1000;
  // Sends awaiting storage per connection; past it the connection stops being read.
  std::size_t max_pending_sends = 256;
  // Bytes queued for a connection that does not read; past it the connection is closed.
  std::size_t max_queued_bytes = 4 * 1024 * 1024;
  // Ordering of each subscription's messages: early arrivals held, gaps filled.
  GroupSubscriptions::Options subscriptions;
  std::chrono::seconds keep_alive_interval{15};
  std::chrono::seconds client_timeout{30};
  std::chrono::seconds handshake_timeout{15};
  std::chrono::seconds negotiate_timeout{15};
  // Negotiated connection tokens redeemed within negotiate_timeout, on this node.
  NegotiateTokenLimits negotiate_tokens;
  std::vector<std::string> allowed_origins;
  // Transports negotiate offers, in the order clients try them.
  std::vector<std::string> transports{"WebSockets", "ServerSentEvents", "LongPolling"};
  // A long poll with nothing to return answers empty after this long (ASP.NET: 90 s).
  std::chrono::seconds long_poll_timeout{90};
  // Stateful reconnect: sent messages a connection keeps until the client acknowledges
  // them (ASP.NET: 100,000 bytes); past it, sending waits for acknowledgements. 0 turns
  // stateful reconnect off.
  std::size_t stateful_reconnect_bytes = 100000;
  // How long a connection whose WebSocket dropped is kept for the client to resume it
  // (stateful reconnect; ASP.NET's DisconnectTimeout).
  std::chrono::seconds disconnect_timeout{15};
  // How long a user's last connection here may be gone before MemberOffline is told: a
  // reconnect within it is no flap.
  std::chrono::seconds presence_grace{5};
  // How the other nodes of a cluster reach this one (http://host:port); requests for a
  // connection held by another node are passed on to it. Empty: one node.
  std::string node_url;
};

}  // namespace chat::signalr
