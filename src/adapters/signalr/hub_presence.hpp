#pragma once
// The Presence port over the hub's connection counts: online means a connection on this
// node or, with a cluster, on any node alive. The cluster is asked on the caller's thread (a
// worker) and waited for at most `wait`; without its answer this node's counts decide.
// Thread-safe.
#include <chrono>

#include "adapters/signalr/user_connections.hpp"
#include "app/ports/presence.hpp"

namespace chat::signalr {

class HubPresence final : public Presence {
 public:
  explicit HubPresence(UserConnections& connections,
                       std::chrono::milliseconds wait = std::chrono::milliseconds(600))
      : connections_(connections), wait_(wait) {}

  std::vector<bool> online(std::span<const UserId> users) override;

 private:
  UserConnections& connections_;
  std::chrono::milliseconds wait_;
};

}  // namespace chat::signalr
