#pragma once
// Port: what the real-time side hears about. The use cases call it after a change is
// durable, from whichever thread learned it; implementations must not block (they hand
// work to their own threads). Nothing here promises an order: with several writers or
// nodes a message may be announced after a later one, or twice. Receivers order by seq.
#include <span>
#include <string_view>

#include "domain/group.hpp"
#include "domain/ids.hpp"
#include "domain/message.hpp"

namespace chat {

class GroupEvents {
 public:
  virtual ~GroupEvents() = default;
  // A message just stored.
  virtual void messageStored(const Message& message) = 0;
  // A message just edited or deleted: `message` as the change left it, whose change_seq
  // is the seq the change took.
  virtual void messageChanged(const Message& message) = 0;
  // The user joined the group.
  virtual void memberJoined(GroupId group, UserId user, std::string_view user_name) = 0;
  // The member's role changed (named an admin, made a plain member, handed the group):
  // for everyone following the group, the member too.
  virtual void memberRoleChanged(GroupId group, const GroupMember& member) = 0;
  // The user is no longer a member: their subscriptions to the group must end.
  virtual void memberLeft(GroupId group, UserId user) = 0;
  // The user came online (a first hub connection) or went offline, in each of `groups`.
  virtual void memberPresence(std::span<const GroupId> groups, UserId user,
                              std::string_view user_name, bool online) = 0;
  // A member is typing in the group: ephemeral, never stored; at most once and late is fine.
  virtual void memberTyping(GroupId group, UserId user, std::string_view user_name) = 0;
  // The user's read marker moved: for their own connections (their other devices).
  virtual void readMarkerMoved(UserId user, const ReadMarker& marker) = 0;
};

}  // namespace chat
