// The hub methods of HubConnection: ConnectToGroup (with replay after a seq),
// RemoveFromGroup, GetConnectionId and SendMessage.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/json/parse.hpp>

#include "adapters/dto/message_dto.hpp"
#include "adapters/http/offload.hpp"
#include "adapters/signalr/hub_arguments.hpp"
#include "adapters/signalr/hub_connection.hpp"
#include "adapters/signalr/loop_shard.hpp"
#include "adapters/signalr/message_received.hpp"
#include "adapters/signalr/protocol/hub_message_writer.hpp"
#include "adapters/signalr/protocol/method_name.hpp"

namespace chat::signalr {

namespace asio = boost::asio;

bool HubConnection::takeInvocationToken() {
  const HubOptions& options = services_.options;
  const double elapsed = std::chrono::duration<double>(shard_.now() - tokens_updated_).count();
  tokens_updated_ = shard_.now();
  invocation_tokens_ = std::min(options.invocation_burst,
                                invocation_tokens_ + elapsed * options.invocations_per_second);
  if (invocation_tokens_ < 1) return false;
  invocation_tokens_ -= 1;
  return true;
}

void HubConnection::onInvocation(Invocation& invocation) {
  if (!takeInvocationToken()) {
    return complete(invocation.invocation_id,
                    Error::rateLimited("Too many invocations; slow down.", 1));
  }
  const std::string& target = invocation.target;
  auto& id = invocation.invocation_id;
  if (equalsIgnoreCase(target, "SendMessage"))
    return sendMessage(std::move(id), invocation.arguments);
  if (equalsIgnoreCase(target, "ConnectToGroup")) {
    return connectToGroup(std::move(id), invocation.arguments);
  }
  if (equalsIgnoreCase(target, "RemoveFromGroup")) {
    return removeFromGroup(id, invocation.arguments);
  }
  if (equalsIgnoreCase(target, "GetConnectionId")) {
    return complete(id, boost::json::value(connection_id_));
  }
  complete(id, Error::invalid("Unknown hub method '" + target.substr(0, 64) + "'"));
}

HubConnection::Subscription* HubConnection::findSubscription(GroupId group) {
  for (Subscription& subscription : subscriptions_) {
    if (subscription.group == group) return &subscription;
  }
  return nullptr;
}

void HubConnection::deliverNow(Subscription& subscription, Seq seq, const SharedRecord& record) {
  if (seq <= subscription.last_seq) return;  // already sent (replay and live overlap)
  subscription.last_seq = seq;
  enqueue(record);
}

void HubConnection::deliver(GroupId group, Seq seq, const SharedRecord& record) {
  Subscription* subscription = findSubscription(group);
  if (!subscription || closing_) return;
  if (!subscription->replaying) return deliverNow(*subscription, seq, record);
  if (subscription->held.size() >= services_.options.max_replay_buffer) {
    return close("Connection closed with an error. Too many messages arrived during replay.", true);
  }
  subscription->held.emplace_back(seq, record);
}

void HubConnection::dropSubscription(GroupId group) {
  shard_.unsubscribe(group, this);
  std::erase_if(subscriptions_, [group](const Subscription& s) { return s.group == group; });
}

void HubConnection::connectToGroup(std::optional<std::string> id,
                                   const boost::json::array& arguments) {
  auto group = idArgument(arguments, 0, "groupId");
  if (!group) return complete(id, group.error());
  auto after_seq = optionalCountArgument(arguments, 1, "afterSeq");
  if (!after_seq) return complete(id, after_seq.error());
  asio::co_spawn(shard_.loop(), subscribe(std::move(id), *group, *after_seq), asio::detached);
}

asio::awaitable<void> HubConnection::subscribe(std::optional<std::string> id, GroupId group,
                                               std::optional<Seq> after_seq) {
  auto self = shared_from_this();
  UseCases& use_cases = services_.use_cases;
  SubscribeToGroup::Query query{principal_, group};
  auto allowed = co_await http::offload(services_.workers,
                                        [&] { return use_cases.subscribe_to_group.handle(query); });
  if (finished_) co_return;
  if (!allowed) co_return completeVoid(id, allowed);

  // Subscribe before reading history, so that nothing stored meanwhile is missed; what
  // arrives live during the replay is held and sent after it, without repeats.
  Subscription* subscription = findSubscription(group);
  if (!subscription) {
    subscriptions_.push_back(Subscription{group, 0, false, {}});
    subscription = &subscriptions_.back();
    shard_.subscribe(group, this);
  }
  if (!after_seq) co_return completeVoid(id, {});
  subscription->replaying = true;
  subscription->last_seq = *after_seq;

  const int page_size = use_cases.context.limits.max_page_size;
  Seq cursor = *after_seq;
  for (;;) {
    GetHistory::Query page_query{principal_, group, page_size, std::nullopt, cursor};
    auto page = co_await http::offload(services_.workers,
                                       [&] { return use_cases.get_history.handle(page_query); });
    if (finished_) co_return;
    subscription = findSubscription(group);             // the vector may have changed meanwhile
    if (!subscription) co_return completeVoid(id, {});  // removed or left during the replay
    if (!page) {
      subscription->replaying = false;
      subscription->held.clear();
      co_return completeVoid(id, page.error());
    }
    for (const Message& message : *page) {
      deliverNow(*subscription, message.seq, messageReceivedRecord(message));
      cursor = message.seq;
    }
    if (static_cast<int>(page->size()) < page_size) break;
  }
  subscription->replaying = false;
  auto held = std::move(subscription->held);
  subscription->held.clear();
  for (auto& [seq, record] : held) deliverNow(*subscription, seq, record);
  completeVoid(id, {});
}

void HubConnection::removeFromGroup(const std::optional<std::string>& id,
                                    const boost::json::array& arguments) {
  auto group = idArgument(arguments, 0, "groupId");
  if (!group) return complete(id, group.error());
  dropSubscription(*group);
  completeVoid(id, {});
}

void HubConnection::sendMessage(std::optional<std::string> id,
                                const boost::json::array& arguments) {
  auto group = idArgument(arguments, 0, "groupId");
  if (!group) return complete(id, group.error());
  auto text = stringArgument(arguments, 1, "message");
  if (!text) return complete(id, text.error());
  auto client_message_id = optionalStringArgument(arguments, 2, "clientMessageId");
  if (!client_message_id) return complete(id, client_message_id.error());

  ++pending_sends_;
  SendMessage::Command command{principal_, *group, std::move(text).value(),
                               std::move(client_message_id).value()};
  // The callback runs on the commit queue's thread: the outcome goes back to this
  // connection's loop with the rest of its batch.
  services_.use_cases.send_message.submit(
      std::move(command),
      [self = shared_from_this(), id = std::move(id)](Result<Message> stored) mutable {
        LoopShard& shard = self->shard_;
        shard.storedSends().push({std::move(self), std::move(id), std::move(stored)});
      });
}

void HubConnection::sendStored(const std::optional<std::string>& invocation_id,
                               const Result<Message>& outcome) {
  --pending_sends_;
  if (room_to_read_) room_to_read_->cancel();
  if (!outcome) return complete(invocation_id, outcome.error());
  if (!invocation_id || finished_) return;
  send(serializeCompletionResultRaw(*invocation_id, messageDtoJson(*outcome)));
}

}  // namespace chat::signalr
