#include "adapters/signalr/user_connections.hpp"

namespace chat::signalr {

bool UserConnections::tryAdd(UserId user) {
  std::lock_guard lock(mutex_);
  auto& count = counts_[user];
  if (count >= max_per_user_) return false;
  ++count;
  return true;
}

void UserConnections::remove(UserId user) {
  std::lock_guard lock(mutex_);
  auto it = counts_.find(user);
  if (it == counts_.end()) return;
  if (--it->second == 0) counts_.erase(it);
}

std::size_t UserConnections::total() {
  std::lock_guard lock(mutex_);
  std::size_t sum = 0;
  for (const auto& [user, count] : counts_) sum += count;
  return sum;
}

}  // namespace chat::signalr
