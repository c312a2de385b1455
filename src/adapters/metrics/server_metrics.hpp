#pragma once
// What the server counts, for GET /metrics. One set per process: the counters are touched
// deep inside adapters (the commit queue, a hub connection's send path), and threading a
// pointer through each of their constructors would say nothing a process-wide set does not.
// Every member is safe to update from any thread.
#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "adapters/metrics/counter.hpp"
#include "adapters/metrics/histogram.hpp"

namespace chat::metrics {

enum class Transport : std::size_t { kWebSockets, kServerSentEvents, kLongPolling, kCount };

enum class Refusal : std::size_t {
  kLogin,           // login attempts over their rate
  kRegistration,    // registrations over their rate
  kHubInvocations,  // hub invocations over their rate
  kHubConnections,  // hub connections over --hub-max-connections-per-user
  kCount
};

// HTTP requests by route and status, with their latency per route. Routes are numbered at
// start (HttpRequests::setRoutes); the last number is for requests that matched none.
class HttpRequests {
 public:
  static constexpr std::array<unsigned, 17> kStatuses{200, 201, 204, 206, 304, 400, 401, 403, 404,
                                                      405, 409, 413, 415, 429, 500, 503, 0};

  // Call once, before any request: "GET /api/Groups", ... in the router's order.
  void setRoutes(std::vector<std::string> names);
  void observe(std::size_t route, unsigned status, std::chrono::nanoseconds took);

  struct Cell {
    std::array<std::atomic<std::uint64_t>, kStatuses.size()> by_status{};
    Histogram latency{kLatencyBoundsNs};
  };
  const std::vector<std::string>& names() const { return names_; }
  const Cell& cell(std::size_t route) const { return *cells_[route]; }
  std::size_t unmatched() const { return cells_.size() - 1; }

 private:
  std::vector<std::string> names_;
  std::vector<std::unique_ptr<Cell>> cells_;
};

struct ServerMetrics {
  HttpRequests http;

  std::array<Counter, static_cast<std::size_t>(Transport::kCount)> hub_connections_opened;
  Counter hub_connections_closed;
  Counter slow_connections_cut;  // closed for not reading what was queued for them
  Counter messages_delivered;    // MessageReceived records queued to connections
  Counter events_delivered;      // ephemeral events (UserTyping) queued to connections
  Counter fell_behind;           // closed: too many of their messages arrived out of order

  Counter messages_stored;
  Counter message_store_failures;
  Histogram send_ack_seconds{kLatencyBoundsNs};  // a hub SendMessage until its completion
  Histogram commit_seconds{kLatencyBoundsNs};    // one commit batch's transaction
  Histogram commit_batch_messages{kBatchBounds};

  Counter login_failures;
  std::array<Counter, static_cast<std::size_t>(Refusal::kCount)> refusals;

  Counter backplane_publishes;
  Counter gaps_read;  // gaps in a group's messages that stayed open, read from storage

  void countOpened(Transport transport) {
    hub_connections_opened[static_cast<std::size_t>(transport)].add();
  }
  void countRefused(Refusal limit) { refusals[static_cast<std::size_t>(limit)].add(); }

  static constexpr std::array<std::uint64_t, 12> kBatchBounds{1,  2,   4,   8,   16,   32,
                                                              64, 128, 256, 512, 1024, 2048};
};

ServerMetrics& serverMetrics();

}  // namespace chat::metrics
