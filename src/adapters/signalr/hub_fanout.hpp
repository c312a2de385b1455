#pragma once
// The hub's side of GroupEvents: each stored message is serialized once, as a
// MessageReceived invocation (a change to one as MessageEdited or MessageDeleted, at the seq
// the change took), and handed to every event loop's inbox; a loop takes a
// burst of them in one wake-up, and its subscriptions put each in seq order for their
// connections. With a backplane, the same bytes go to the other nodes too, and what they
// publish comes in here. Ephemeral events (typing) take the same ways, outside seq order.
// Thread-safe.
#include <boost/json/object.hpp>
#include <span>

#include "adapters/signalr/backplane.hpp"
#include "adapters/signalr/loop_shard.hpp"
#include "app/ports/group_events.hpp"

namespace chat::signalr {

class HubFanout final : public GroupEvents {
 public:
  explicit HubFanout(LoopShards& shards) : shards_(shards) {}
  // Set once, before any message is stored.
  void setBackplane(Backplane* backplane) { backplane_ = backplane; }

  void messageStored(const Message& message) override;
  // MessageEdited or MessageDeleted (the MessageDto as the change left it), in seq order
  // with the group's messages: the change took a seq of its own.
  void messageChanged(const Message& message) override;
  // Ephemeral events to the group's readers other than `user`'s connections:
  // MemberJoined, MemberLeft and UserTyping ({groupId, playerId, playerName, expiresInMs}).
  void memberJoined(GroupId group, UserId user, std::string_view user_name) override;
  void memberRoleChanged(GroupId group, const GroupMember& member) override;
  void memberLeft(GroupId group, UserId user) override;
  void memberTyping(GroupId group, UserId user, std::string_view user_name) override;
  // ReadMarkerUpdated ({groupId, lastReadSeq, lastSeq, unreadCount}) to the user's own
  // connections that follow the group, on every node.
  void readMarkerMoved(UserId user, const ReadMarker& marker) override;
  // MemberOnline or MemberOffline in each of `groups`.
  void memberPresence(std::span<const GroupId> groups, UserId user, std::string_view user_name,
                      bool online) override;

  // For this node's loops only (what another node published, say).
  void deliverLocally(const GroupDelivery& delivery);
  void memberLeftLocally(GroupId group, UserId user);
  void eventLocally(GroupId group, UserId from, Audience audience, std::string_view target,
                    boost::json::object argument);

 private:
  // To this node's loops and, with a backplane, to the other nodes.
  void deliverEverywhere(const GroupDelivery& delivery);
  void groupEvent(GroupId group, UserId from, Audience audience, std::string_view target,
                  boost::json::object argument);

  LoopShards& shards_;
  Backplane* backplane_ = nullptr;
};

}  // namespace chat::signalr
