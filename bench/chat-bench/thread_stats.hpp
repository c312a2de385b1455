#pragma once
// ThreadStats: what one I/O thread counted. The atomics are written by their thread only and
// read by the progress line; the rest is read once the threads have stopped.
#include <atomic>
#include <cstdint>
#include <map>
#include <string>

#include "histogram.hpp"

namespace chat::bench {

struct alignas(64) ThreadStats {
  static constexpr std::size_t kMaxErrorKinds = 32;

  std::atomic<std::uint64_t> sent{0};
  std::atomic<std::uint64_t> acked{0};
  std::atomic<std::uint64_t> delivered{0};
  std::atomic<std::uint64_t> errors{0};
  std::atomic<std::uint64_t> bytes_received{0};   // on every connection, headers included
  std::atomic<std::uint64_t> typing_received{0};  // UserTyping records on members

  // Messages sent inside the measured window, and their acknowledgements and deliveries.
  std::uint64_t window_sent = 0;
  std::uint64_t window_acked = 0;
  std::uint64_t window_delivered = 0;
  std::uint64_t gaps = 0;  // messages skipped in a connection's sequence of a group
  std::uint64_t out_of_order = 0;
  std::uint64_t unexpected_closes = 0;
  Histogram delivery;  // send to receipt, ns
  Histogram ack;       // send to completion (SignalR) or written (raw), ns
  std::map<std::string, std::uint64_t> error_kinds;

  void bump(std::atomic<std::uint64_t>& counter, std::uint64_t by = 1) {
    counter.store(counter.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
  }

  void error(std::string_view kind) {
    bump(errors);
    std::string key(kind.substr(0, 200));
    auto it = error_kinds.find(key);
    if (it != error_kinds.end()) {
      ++it->second;
    } else if (error_kinds.size() < kMaxErrorKinds) {
      error_kinds.emplace(std::move(key), 1);
    } else {
      ++error_kinds["(other errors)"];
    }
  }
};

}  // namespace chat::bench
