#pragma once
// Port: what the real-time side hears about. The use cases call it after a change is
// durable; implementations must not block (they hand work to their own threads).
#include <span>

#include "domain/ids.hpp"
#include "domain/message.hpp"

namespace chat {

class GroupEvents {
 public:
  virtual ~GroupEvents() = default;
  // Messages just stored, in commit order (seq order within each group): one call per
  // committed batch, so that an implementation can hand the batch on in one piece.
  virtual void messagesStored(std::span<const Message* const> messages) = 0;
  // The user is no longer a member: their subscriptions to the group must end.
  virtual void memberLeft(GroupId group, UserId user) = 0;
};

}  // namespace chat
