#pragma once
// Negotiate tokens that any node can verify: the connection id, the user and an expiry,
// signed with the key every node shares (HMAC-SHA256). A client may negotiate on one node
// and open its WebSocket on another, so a plain round-robin balancer serves; the JWT is
// still checked on the upgrade, and must name the same user.
//
// A node takes each token once; another node could take it once more before it expires
// (lifetime: seconds). That lets the same user open one more connection, which they could
// anyway, so no shared store is consulted. The tokens taken are remembered until they
// expire, within limits per user and per client address as well as in all: one user, or one
// address, that redeems token after token fills only its own share. Thread-safe.
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

// Tokens taken within one lifetime, on this node; past a limit a token is refused.
struct NegotiateTokenLimits {
  std::size_t in_all = 100000;
  std::size_t per_user = 1000;
  std::size_t per_address = 10000;
};

class NegotiateTokens {
 public:
  // Wall time: every node reads the same expiry.
  using Clock = std::chrono::system_clock;

  // `key` must be the same on every node (the JWT key).
  NegotiateTokens(std::string key, std::chrono::seconds lifetime, NegotiateTokenLimits limits = {});

  std::string issue(const NegotiatedConnection& connection, Clock::time_point now) const;
  // The connection the token was issued for, unless it is forged, expired, already taken
  // on this node, or its user or the client's address has taken its share of tokens.
  std::optional<NegotiatedConnection> take(std::string_view token, std::string_view address,
                                           Clock::time_point now);

 private:
  struct Taken {
    std::int64_t expires_ms = 0;
    UserId user_id = 0;
    std::string address;
  };

  std::string sign(std::string_view payload) const;
  bool remember(std::string_view token, const Taken& taken);
  void forgetExpired(std::int64_t now_ms);

  std::string key_;
  std::chrono::seconds lifetime_;
  NegotiateTokenLimits limits_;
  std::mutex mutex_;
  std::unordered_map<std::string, Taken> taken_;  // by token
  std::unordered_map<UserId, std::size_t> taken_per_user_;
  std::unordered_map<std::string, std::size_t> taken_per_address_;
  std::int64_t next_sweep_ms_ = 0;
};

}  // namespace chat::signalr
