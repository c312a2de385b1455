#pragma once
// The hub's side of GroupEvents: each stored message is serialized once, as a
// MessageReceived invocation, and handed to every event loop's inbox; a loop takes a
// burst of them in one wake-up, and its subscriptions put each in seq order for their
// connections. Thread-safe.
#include "adapters/signalr/loop_shard.hpp"
#include "app/ports/group_events.hpp"

namespace chat::signalr {

class HubFanout final : public GroupEvents {
 public:
  explicit HubFanout(LoopShards& shards) : shards_(shards) {}
  void messageStored(const Message& message) override;
  void memberLeft(GroupId group, UserId user) override;

 private:
  LoopShards& shards_;
};

}  // namespace chat::signalr
