#pragma once
// Connections negotiated but not yet attached to a WebSocket. A token is used once and
// expires if unused. Thread-safe.
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "domain/ids.hpp"

namespace chat::signalr {

struct NegotiatedConnection {
  std::string connection_id;
  UserId user_id = 0;
};

class ConnectionTokens {
 public:
  using Clock = std::chrono::steady_clock;
  explicit ConnectionTokens(std::chrono::seconds lifetime, std::size_t max_pending = 100000)
      : lifetime_(lifetime), max_pending_(max_pending) {}

  // False when too many negotiations are pending.
  bool add(const std::string& token, NegotiatedConnection connection, Clock::time_point now);
  // Removes and returns the connection, unless unknown or expired.
  std::optional<NegotiatedConnection> take(const std::string& token, Clock::time_point now);

 private:
  struct Entry {
    NegotiatedConnection connection;
    Clock::time_point expires;
  };
  void dropExpired(Clock::time_point now);

  std::chrono::seconds lifetime_;
  std::size_t max_pending_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> pending_;
  Clock::time_point next_sweep_{};
};

}  // namespace chat::signalr
