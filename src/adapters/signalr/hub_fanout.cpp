#include "adapters/signalr/hub_fanout.hpp"

#include <boost/asio/post.hpp>

#include "adapters/dto/message_dto.hpp"
#include "adapters/signalr/protocol/hub_message_writer.hpp"

namespace chat::signalr {

void HubFanout::messageStored(const Message& message) {
  const SharedRecord record =
      makeRecord(serializeInvocationRaw("MessageReceived", "[" + messageDtoJson(message) + "]"));
  for (auto& shard : shards_) {
    boost::asio::post(shard->loop(),
                      [shard = shard.get(), group = message.group_id, seq = message.seq, record] {
                        shard->deliver(group, seq, record);
                      });
  }
}

void HubFanout::memberLeft(GroupId group, UserId user) {
  for (auto& shard : shards_) {
    boost::asio::post(shard->loop(),
                      [shard = shard.get(), group, user] { shard->dropMember(group, user); });
  }
}

}  // namespace chat::signalr
