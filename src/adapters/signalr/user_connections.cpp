#include "adapters/signalr/user_connections.hpp"

namespace chat::signalr {

bool UserConnections::tryAdd(UserId user, std::string_view user_name) {
  {
    std::lock_guard lock(mutex_);
    auto& count = counts_[user];
    if (count >= max_per_user_) return false;
    if (++count > 1 || !presence_changed_) return true;
  }
  presence_changed_(user, user_name, true);
  return true;
}

// The cluster hears counts under the lock, so that two changes of one user's count on two
// threads reach it in the order they were made (it only queues them).
void UserConnections::admitAcrossNodes(UserId user, ClusterConnections::Done done) {
  if (!cluster_) {
    done(true);
    return;
  }
  std::lock_guard lock(mutex_);
  auto it = counts_.find(user);
  cluster_->admit(user, it == counts_.end() ? 0 : it->second, max_per_user_, std::move(done));
}

void UserConnections::remove(UserId user) {
  {
    std::lock_guard lock(mutex_);
    auto it = counts_.find(user);
    if (it == counts_.end()) return;
    const std::size_t left = --it->second;
    if (left == 0) counts_.erase(it);
    if (cluster_) cluster_->update(user, left);
    if (left > 0 || !presence_changed_) return;
  }
  presence_changed_(user, {}, false);
}

std::size_t UserConnections::total() {
  std::lock_guard lock(mutex_);
  std::size_t sum = 0;
  for (const auto& [user, count] : counts_) sum += count;
  return sum;
}

std::vector<bool> UserConnections::onlineHere(std::span<const UserId> users) {
  std::lock_guard lock(mutex_);
  std::vector<bool> online;
  online.reserve(users.size());
  for (UserId user : users) online.push_back(counts_.contains(user));
  return online;
}

std::vector<std::pair<UserId, std::size_t>> UserConnections::counts() {
  std::lock_guard lock(mutex_);
  return {counts_.begin(), counts_.end()};
}

}  // namespace chat::signalr
