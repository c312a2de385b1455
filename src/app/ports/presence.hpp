#pragma once
// Port: who is online now, that is, has a hub connection on any node. Thread-safe; may wait
// briefly for the other nodes (call it on a worker), and answers from this node alone when
// they can not tell in time.
#include <span>
#include <vector>

#include "domain/ids.hpp"

namespace chat {

class Presence {
 public:
  virtual ~Presence() = default;
  // One answer per user, in order.
  virtual std::vector<bool> online(std::span<const UserId> users) = 0;
};

}  // namespace chat
