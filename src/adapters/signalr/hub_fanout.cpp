#include "adapters/signalr/hub_fanout.hpp"

#include <boost/asio/post.hpp>

#include <boost/json/object.hpp>

#include "adapters/signalr/pushed_message.hpp"
#include "app/indicate_typing.hpp"

namespace chat::signalr {

inline constexpr std::string_view kUserTyping = "UserTyping";

void HubFanout::messageStored(const Message& message) {
  GroupDelivery delivery{message.group_id, message.seq,
                         std::make_shared<const PushedMessage>(message)};
  deliverLocally(delivery);
  if (backplane_) backplane_->publish(delivery);
}

void HubFanout::memberLeft(GroupId group, UserId user) {
  memberLeftLocally(group, user);
  if (backplane_) backplane_->publishMemberLeft(group, user);
}

void HubFanout::memberTyping(GroupId group, UserId user, std::string_view user_name) {
  memberTypingLocally(group, user, user_name);
  if (backplane_) backplane_->publishTyping(group, user, user_name);
}

void HubFanout::memberTypingLocally(GroupId group, UserId user, std::string_view user_name) {
  boost::json::object typing{{"groupId", group},
                             {"playerId", user},
                             {"playerName", user_name},
                             {"expiresInMs", kTypingShownFor.count()}};
  GroupSignal signal{group, user, std::make_shared<const PushedEvent>(kUserTyping, typing)};
  for (auto& shard : shards_) shard->inbox().push(signal);
}

void HubFanout::deliverLocally(const GroupDelivery& delivery) {
  for (auto& shard : shards_) shard->inbox().push(delivery);
}

void HubFanout::memberLeftLocally(GroupId group, UserId user) {
  for (auto& shard : shards_) {
    boost::asio::post(shard->loop(),
                      [shard = shard.get(), group, user] { shard->dropMember(group, user); });
  }
}

}  // namespace chat::signalr
