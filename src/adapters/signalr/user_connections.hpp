#pragma once
// Counts each user's open hub connections, to enforce a maximum. Thread-safe.
#include <cstddef>
#include <mutex>
#include <unordered_map>

#include "domain/ids.hpp"

namespace chat::signalr {

class UserConnections {
 public:
  explicit UserConnections(std::size_t max_per_user) : max_per_user_(max_per_user) {}
  // False when the user already has the maximum.
  bool tryAdd(UserId user);
  void remove(UserId user);
  std::size_t total();

 private:
  std::size_t max_per_user_;
  std::mutex mutex_;
  std::unordered_map<UserId, std::size_t> counts_;
};

}  // namespace chat::signalr
