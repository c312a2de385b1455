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
};

}  // namespace chat::signalr
