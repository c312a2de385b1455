#include "adapters/signalr/followed_groups.hpp"

namespace chat::signalr {

void FollowedGroups::loopInterest(GroupId group, bool interested) {
  // Told under the lock, so that the backplane hears follow and unfollow of a group in
  // the order the counts changed (else a late unfollow would stop a group still read).
  std::lock_guard lock(mutex_);
  bool changed = false;
  if (interested) {
    changed = ++loops_[group] == 1;
  } else if (auto it = loops_.find(group); it != loops_.end() && --it->second == 0) {
    loops_.erase(it);
    changed = true;
  }
  if (changed && changed_) changed_(group, interested);
}

std::vector<GroupId> FollowedGroups::all() const {
  std::lock_guard lock(mutex_);
  std::vector<GroupId> groups;
  groups.reserve(loops_.size());
  for (const auto& [group, loops] : loops_) groups.push_back(group);
  return groups;
}

}  // namespace chat::signalr
