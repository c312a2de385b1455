#include "adapters/signalr/hub_fanout.hpp"

#include <boost/asio/post.hpp>

#include "adapters/signalr/pushed_message.hpp"

namespace chat::signalr {

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
