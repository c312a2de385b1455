#pragma once
// The hub's side of GroupEvents: each stored message is serialized once, as a
// MessageReceived invocation, and each committed batch is posted once to every event loop,
// whose shard hands the same bytes to its subscribers. Calls come from the commit queue's
// thread in commit order, and posts to a loop run in order, so each connection sees a
// group's messages in seq order. Thread-safe.
#include <memory>
#include <vector>

#include "adapters/signalr/loop_shard.hpp"
#include "app/ports/group_events.hpp"

namespace chat::signalr {

class HubFanout final : public GroupEvents {
 public:
  explicit HubFanout(LoopShards& shards) : shards_(shards) {}
  void messagesStored(std::span<const Message* const> messages) override;
  void memberLeft(GroupId group, UserId user) override;

 private:
  LoopShards& shards_;
};

}  // namespace chat::signalr
