#pragma once
// runLoad: the engine behind `fanout` and `send`. Prepares users and groups over REST (SignalR),
// connects members (subscribed to their group) and senders, sends for warm-up + duration at a
// total rate (or as fast as acknowledged within an in-flight bound), drains, closes, and
// returns the raw measurements. Messages are attributed to the window by their send time.
// Checks, per member connection and group, that the server's `seq` rises by one each message
// (raw: each sender's own sequence), and after the drain that every member got up to the last
// acknowledged message of its group.
#include <cstdint>
#include <map>
#include <string>

#include "histogram.hpp"
#include "options.hpp"

namespace chat::bench {

struct LoadResult {
  std::string fatal;  // preparation or connecting failed: nothing was measured
  std::size_t groups = 0;
  std::size_t members = 0;
  std::size_t senders = 0;
  std::size_t users = 0;
  double prepare_seconds = 0;
  std::size_t connections = 0;
  std::size_t connect_failed = 0;
  double connect_seconds = 0;

  double window_seconds = 0;
  std::uint64_t sent = 0;       // in the window
  std::uint64_t acked = 0;      // successful acknowledgements of those
  std::uint64_t delivered = 0;  // receipts of those
  std::uint64_t expected_deliveries = 0;
  std::uint64_t sent_total = 0;  // warm-up included
  std::uint64_t delivered_total = 0;
  // Bytes read on all connections while the window lasted (HTTP headers, WebSocket and
  // record framing included), and the receipts of MessageReceived (or raw frames) meanwhile,
  // whenever those messages were sent.
  std::uint64_t window_bytes_received = 0;
  std::uint64_t window_receipts = 0;
  // --typing-rate: indications sent in the window, the UserTyping receipts they should
  // make (members of other users in the group), and those that came.
  std::uint64_t typing_sent = 0;
  std::uint64_t typing_expected = 0;
  std::uint64_t typing_received = 0;
  double drain_seconds = 0;
  bool drained = false;

  std::uint64_t errors = 0;
  std::uint64_t gaps = 0;
  std::uint64_t missing_at_end = 0;
  std::uint64_t out_of_order = 0;
  std::uint64_t unacknowledged = 0;
  std::uint64_t unexpected_closes = 0;
  std::map<std::string, std::uint64_t> error_kinds;

  Histogram delivery;
  Histogram ack;
  Histogram hiccups;  // the machine's stalls meanwhile (HiccupMeter)
};

LoadResult runLoad(const Options& options);

}  // namespace chat::bench
