#pragma once
// Each user's hub connections counted over every node, so that the per-user limit holds for
// the cluster and not once per node. Each node tells its own count; the cluster sums those
// of the nodes alive.
//
// Thread-safe. `done` never runs inside admit() or online(); it runs once, on any thread.
#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "domain/ids.hpp"

namespace chat::signalr {

class ClusterConnections {
 public:
  using Done = std::function<void(bool admitted)>;

  virtual ~ClusterConnections() = default;
  // This node is about to hold `count` connections of `user`, the new one included.
  // Admitted, and recorded, when the cluster's total stays within `max`; admitted as well
  // when the cluster can not be asked in time (this node's own limit still holds).
  virtual void admit(UserId user, std::size_t count, std::size_t max, Done done) = 0;
  // This node now holds `count` connections of `user`.
  virtual void update(UserId user, std::size_t count) = 0;

  // Whether each of `users` has a connection on some node alive; nullopt when the cluster
  // can not be asked in time. `done` runs once, on any thread, never inside this call.
  using Online = std::function<void(std::optional<std::vector<bool>>)>;
  virtual void online(std::vector<UserId> users, Online done) = 0;
};

}  // namespace chat::signalr
