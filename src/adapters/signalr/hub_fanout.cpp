#include "adapters/signalr/hub_fanout.hpp"

#include <boost/asio/post.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "adapters/dto/member_role_dto.hpp"
#include "adapters/dto/read_marker_dto.hpp"
#include "adapters/signalr/pushed_message.hpp"
#include "app/indicate_typing.hpp"

namespace chat::signalr {
namespace {

constexpr std::string_view kUserTyping = "UserTyping";
constexpr std::string_view kMemberJoined = "MemberJoined";
constexpr std::string_view kMemberLeft = "MemberLeft";
constexpr std::string_view kMemberRoleChanged = "MemberRoleChanged";
constexpr std::string_view kMemberOnline = "MemberOnline";
constexpr std::string_view kMemberOffline = "MemberOffline";
constexpr std::string_view kReadMarkerUpdated = "ReadMarkerUpdated";

boost::json::object memberOf(GroupId group, UserId user, std::string_view user_name) {
  return {{"groupId", group}, {"playerId", user}, {"playerName", user_name}};
}

}  // namespace

void HubFanout::messageStored(const Message& message) {
  deliverEverywhere(
      {message.group_id, message.seq, std::make_shared<const PushedMessage>(message)});
}

void HubFanout::messageChanged(const Message& message) {
  const TimelineEntry change{
      message.change_seq,
      message.deleted_on ? TimelineEntry::Kind::kDelete : TimelineEntry::Kind::kEdit, message};
  deliverEverywhere({message.group_id, change.seq, pushOf(change)});
}

void HubFanout::deliverEverywhere(const GroupDelivery& delivery) {
  deliverLocally(delivery);
  if (backplane_) backplane_->publish(delivery);
}

void HubFanout::memberJoined(GroupId group, UserId user, std::string_view user_name) {
  groupEvent(group, user, Audience::kOthers, kMemberJoined, memberOf(group, user, user_name));
}

// Both audiences: the others, and the member's own connections.
void HubFanout::memberRoleChanged(GroupId group, const GroupMember& member) {
  boost::json::object changed = memberRoleDto(group, member);
  groupEvent(group, member.user_id, Audience::kThemOnly, kMemberRoleChanged, changed);
  groupEvent(group, member.user_id, Audience::kOthers, kMemberRoleChanged, std::move(changed));
}

void HubFanout::memberLeft(GroupId group, UserId user) {
  memberLeftLocally(group, user);
  if (backplane_) backplane_->publishMemberLeft(group, user);
}

void HubFanout::memberTyping(GroupId group, UserId user, std::string_view user_name) {
  boost::json::object typing = memberOf(group, user, user_name);
  typing["expiresInMs"] = kTypingShownFor.count();
  groupEvent(group, user, Audience::kOthers, kUserTyping, std::move(typing));
}

void HubFanout::memberPresence(std::span<const GroupId> groups, UserId user,
                               std::string_view user_name, bool online) {
  for (GroupId group : groups) {
    groupEvent(group, user, Audience::kOthers, online ? kMemberOnline : kMemberOffline,
               memberOf(group, user, user_name));
  }
}

void HubFanout::readMarkerMoved(UserId user, const ReadMarker& marker) {
  groupEvent(marker.group_id, user, Audience::kThemOnly, kReadMarkerUpdated, readMarkerDto(marker));
}

void HubFanout::groupEvent(GroupId group, UserId from, Audience audience, std::string_view target,
                           boost::json::object argument) {
  if (backplane_) {
    backplane_->publishEvent(group, from, audience, target, boost::json::serialize(argument));
  }
  eventLocally(group, from, audience, target, std::move(argument));
}

void HubFanout::eventLocally(GroupId group, UserId from, Audience audience, std::string_view target,
                             boost::json::object argument) {
  GroupSignal signal{group, from, audience,
                     std::make_shared<const PushedEvent>(target, std::move(argument))};
  for (auto& shard : shards_) shard->inbox().push(signal);
}

void HubFanout::deliverLocally(const GroupDelivery& delivery) {
  for (auto& shard : shards_) shard->inbox().push(delivery);
}

// Each node runs this for a departure, its own or one the backplane brought: the event
// reaches every node's readers without a publish of its own.
void HubFanout::memberLeftLocally(GroupId group, UserId user) {
  for (auto& shard : shards_) {
    boost::asio::post(shard->loop(),
                      [shard = shard.get(), group, user] { shard->dropMember(group, user); });
  }
  eventLocally(group, user, Audience::kOthers, kMemberLeft,
               {{"groupId", group}, {"playerId", user}});
}

}  // namespace chat::signalr
