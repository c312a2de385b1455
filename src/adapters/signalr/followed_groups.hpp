#pragma once
// The groups this node has subscribers of, over all its loops: each loop reports its
// first subscriber of a group and its last, and the node follows the group on the
// backplane while any loop has one. Thread-safe.
#include <functional>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "domain/ids.hpp"

namespace chat::signalr {

class FollowedGroups {
 public:
  // Runs when the node starts or stops following a group, under the lock: it must only
  // hand the change off (the backplane posts it to its loop).
  using Changed = std::function<void(GroupId, bool following)>;
  explicit FollowedGroups(Changed changed = {}) : changed_(std::move(changed)) {}

  // A loop gained its first subscriber of `group` (true) or lost its last (false).
  void loopInterest(GroupId group, bool interested);
  std::vector<GroupId> all() const;

 private:
  Changed changed_;
  mutable std::mutex mutex_;
  std::unordered_map<GroupId, int> loops_;  // group → loops with a subscriber of it
};

}  // namespace chat::signalr
