#pragma once
// Negotiate tokens that any node can verify: the connection id, the user and an expiry,
// signed with the key every node shares (HMAC-SHA256). A client may negotiate on one node
// and open its WebSocket on another, so a plain round-robin balancer serves; the JWT is
// still checked on the upgrade, and must name the same user.
//
// A node takes each token once; another node could take it once more before it expires
// (lifetime: seconds). That lets the same user open one more connection, which they could
// anyway, so no shared store is consulted. Thread-safe.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "domain/ids.hpp"

namespace chat::signalr {

struct NegotiatedConnection {
  std::string connection_id;  // without '.'
  UserId user_id = 0;
};

class NegotiateTokens {
 public:
  // Wall time: every node reads the same expiry.
  using Clock = std::chrono::system_clock;

  // `key` must be the same on every node (the JWT key).
  NegotiateTokens(std::string key, std::chrono::seconds lifetime,
                  std::size_t max_remembered = 100000);

  std::string issue(const NegotiatedConnection& connection, Clock::time_point now) const;
  // The connection the token was issued for, unless it is forged, expired or already
  // taken on this node.
  std::optional<NegotiatedConnection> take(std::string_view token, Clock::time_point now);

 private:
  std::string sign(std::string_view payload) const;
  void forgetExpired(std::int64_t now_ms);

  std::string key_;
  std::chrono::seconds lifetime_;
  std::size_t max_remembered_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::int64_t> taken_;  // token → its expiry, in ms
  std::int64_t next_sweep_ms_ = 0;
};

}  // namespace chat::signalr
