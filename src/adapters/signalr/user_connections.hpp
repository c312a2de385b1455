#pragma once
// Counts each user's open hub connections, to enforce a maximum: on this node, and across
// the cluster when one is set. Thread-safe.
#include <cstddef>
#include <functional>
#include <mutex>
#include <span>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "adapters/signalr/cluster_connections.hpp"
#include "domain/ids.hpp"

namespace chat::signalr {

class UserConnections {
 public:
  explicit UserConnections(std::size_t max_per_user) : max_per_user_(max_per_user) {}
  // Set before the first connection. It hears every change of a count, in order.
  void setCluster(ClusterConnections* cluster) { cluster_ = cluster; }

  // Told when a user's first connection here opens (present) and when the last one closes,
  // on the thread that made the change, outside the lock: two changes made at once on two
  // threads may be told in either order (PresenceTracker looks again). Set before the first
  // connection.
  using PresenceChanged =
      std::function<void(UserId user, std::string_view user_name, bool present)>;
  void onPresenceChanged(PresenceChanged listener) { presence_changed_ = std::move(listener); }

  // False when the user already has the maximum on this node.
  bool tryAdd(UserId user, std::string_view user_name = {});
  // After tryAdd: whether the cluster, with this node's count, stays within the maximum.
  // Without a cluster, at once. Refused: remove() the connection again.
  void admitAcrossNodes(UserId user, ClusterConnections::Done done);
  void remove(UserId user);
  std::size_t total();
  // Whether each of `users` has a connection on this node.
  std::vector<bool> onlineHere(std::span<const UserId> users);
  ClusterConnections* cluster() const { return cluster_; }
  // Every user with connections here, and how many.
  std::vector<std::pair<UserId, std::size_t>> counts();

 private:
  std::size_t max_per_user_;
  ClusterConnections* cluster_ = nullptr;
  PresenceChanged presence_changed_;
  std::mutex mutex_;
  std::unordered_map<UserId, std::size_t> counts_;
};

}  // namespace chat::signalr
