#include "adapters/signalr/hub_fanout.hpp"

#include <boost/asio/post.hpp>

#include "adapters/signalr/message_received.hpp"

namespace chat::signalr {

void HubFanout::messagesStored(std::span<const Message* const> messages) {
  auto batch = std::make_shared<std::vector<GroupDelivery>>();
  batch->reserve(messages.size());
  for (const Message* message : messages) {
    batch->push_back({message->group_id, message->seq, messageReceivedRecord(*message)});
  }
  std::shared_ptr<const std::vector<GroupDelivery>> deliveries = std::move(batch);
  for (auto& shard : shards_) {
    boost::asio::post(shard->loop(),
                      [shard = shard.get(), deliveries] { shard->deliver(*deliveries); });
  }
}

void HubFanout::memberLeft(GroupId group, UserId user) {
  for (auto& shard : shards_) {
    boost::asio::post(shard->loop(),
                      [shard = shard.get(), group, user] { shard->dropMember(group, user); });
  }
}

}  // namespace chat::signalr
