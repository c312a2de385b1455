#pragma once
// Negotiate tokens that any node can verify: the connection id, the user, an expiry and the
// node that issued them, signed with the key every node shares (HMAC-SHA256). A client may
// negotiate on one node and open its WebSocket on another, so a plain round-robin balancer
// serves; the JWT is still checked on the upgrade, and must name the same user. The node a
// token names holds the connection: requests for it that reach another node are passed on
// there (hub_request_forwarding.hpp).
//
// A node takes each token once; another node could take it once more before it expires
// (lifetime: seconds). That lets the same user open one more connection, which they could
// anyway, so no shared store is consulted. The tokens taken are remembered until they
// expire, within limits per user and per client address as well as in all: one user, or one
// address, that redeems token after token fills only its own share. Thread-safe.
#include <array>
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

  // `key` must be the same on every node (the JWT key); `node_url` is how the other nodes
  // reach this one (empty: one node), named in every token issued here.
  NegotiateTokens(std::string key, std::chrono::seconds lifetime, NegotiateTokenLimits limits = {},
                  std::string_view node_url = {});

  std::string issue(const NegotiatedConnection& connection, Clock::time_point now) const;
  // The node that issued the token, if its signature is valid and it names one; whether it
  // expired or was taken does not matter: a connection's later requests carry its token
  // for as long as it lasts.
  std::optional<std::string> nodeOf(std::string_view token) const;
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
  // The token's fields (connection id, user, expiry, node, MAC) if its MAC is ours.
  std::optional<std::array<std::string_view, 5>> verified(std::string_view token) const;
  bool remember(std::string_view token, const Taken& taken);
  void forgetExpired(std::int64_t now_ms);

  std::string key_;
  std::chrono::seconds lifetime_;
  NegotiateTokenLimits limits_;
  std::string node_field_;  // base64url of the node's URL
  std::mutex mutex_;
  std::unordered_map<std::string, Taken> taken_;  // by token
  std::unordered_map<UserId, std::size_t> taken_per_user_;
  std::unordered_map<std::string, std::size_t> taken_per_address_;
  std::int64_t next_sweep_ms_ = 0;
};

}  // namespace chat::signalr
