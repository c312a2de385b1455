#pragma once
// The hub's side of SessionRevocations: when a session ends, its access tokens are refused
// from then on (RevokedSessions, which the bearer check reads), and its open connections on
// every loop get a Close with an error. With a backplane the other nodes are told too, and
// what they tell comes in through endedElsewhere().
//
// Thread-safe; never blocks (the closes are posted to each connection's loop).
#include <string_view>

#include "adapters/security/revoked_sessions.hpp"
#include "adapters/signalr/backplane.hpp"
#include "adapters/signalr/loop_shard.hpp"
#include "app/ports/session_revocations.hpp"

namespace chat::signalr {

class SessionEndings final : public SessionRevocations {
 public:
  SessionEndings(RevokedSessions& revoked, LoopShards& shards)
      : revoked_(revoked), shards_(shards) {}
  // Set once, before any session ends.
  void setBackplane(Backplane* backplane) { backplane_ = backplane; }

  void sessionEnded(std::string_view session_id) override;
  // Another node ended it, to be remembered until `forget_at`: as sessionEnded(), but not
  // published again.
  void endedElsewhere(std::string_view session_id, Timestamp forget_at);

 private:
  void closeLocally(std::string_view session_id);

  RevokedSessions& revoked_;
  LoopShards& shards_;
  Backplane* backplane_ = nullptr;
};

}  // namespace chat::signalr
