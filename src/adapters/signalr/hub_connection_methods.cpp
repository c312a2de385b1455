// The hub methods of HubConnection: ConnectToGroup (with replay after a seq),
// RemoveFromGroup, GetConnectionId, SendMessage, EditMessage, DeleteMessage, SendTyping and
// MarkRead; the member methods are in hub_member_methods.cpp.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/json/parse.hpp>

#include "adapters/dto/read_marker_dto.hpp"
#include "adapters/metrics/server_metrics.hpp"
#include "adapters/runtime/offload.hpp"
#include "adapters/signalr/hub_arguments.hpp"
#include "adapters/signalr/hub_connection.hpp"
#include "adapters/signalr/loop_shard.hpp"
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
    metrics::serverMetrics().countRefused(metrics::Refusal::kHubInvocations);
    return complete(invocation.invocation_id,
                    Error::rateLimited("Too many invocations; slow down.", 1));
  }
  const std::string& target = invocation.target;
  auto& id = invocation.invocation_id;
  // No hub method takes an upload stream; like the reference, refuse rather than run the
  // method and leave the client's streams waiting forever.
  if (!invocation.stream_ids.empty()) {
    return complete(
        id, Error::invalid("An unexpected error occurred invoking '" + target.substr(0, 64) +
                           "' on the server. HubException: Client sent " +
                           std::to_string(invocation.stream_ids.size()) +
                           " stream(s), Hub method expects 0."));
  }
  if (equalsIgnoreCase(target, "SendMessage"))
    return sendMessage(std::move(id), invocation.arguments);
  if (equalsIgnoreCase(target, "ConnectToGroup")) {
    return connectToGroup(std::move(id), invocation.arguments);
  }
  if (equalsIgnoreCase(target, "RemoveFromGroup")) {
    return removeFromGroup(id, invocation.arguments);
  }
  if (equalsIgnoreCase(target, "SendTyping")) return sendTyping(id, invocation.arguments);
  if (equalsIgnoreCase(target, "MarkRead")) return markRead(std::move(id), invocation.arguments);
  if (equalsIgnoreCase(target, "EditMessage")) {
    return changeMessage(std::move(id), MessageChangeKind::kEdit, invocation.arguments);
  }
  if (equalsIgnoreCase(target, "DeleteMessage")) {
    return changeMessage(std::move(id), MessageChangeKind::kDelete, invocation.arguments);
  }
  if (equalsIgnoreCase(target, "SearchMessages")) {
    return searchMessages(std::move(id), invocation.arguments);
  }
  if (equalsIgnoreCase(target, "InviteMember")) {
    return inviteMember(std::move(id), invocation.arguments);
  }
  if (equalsIgnoreCase(target, "RemoveMember")) {
    return changeMember(std::move(id), /*setting_role=*/false, invocation.arguments);
  }
  if (equalsIgnoreCase(target, "SetMemberRole")) {
    return changeMember(std::move(id), /*setting_role=*/true, invocation.arguments);
  }
  if (equalsIgnoreCase(target, "GetConnectionId")) {
    return complete(id, boost::json::value(connection_id_));
  }
  complete(id, Error::invalid("Unknown hub method '" + target.substr(0, 64) + "'"));
}

void HubConnection::receive(const SharedPush& message) {
  if (closing_) return;
  if (const SharedRecord& record = message->recordFor(*protocol_)) {
    metrics::serverMetrics().messages_delivered.add();
    enqueue(record);
  }
}

void HubConnection::receiveEvent(const SharedEvent& event) {
  if (closing_) return;
  if (const SharedRecord& record = event->recordFor(*protocol_)) {
    metrics::serverMetrics().events_delivered.add();
    enqueue(record);
  }
}

void HubConnection::fellBehind() {
  metrics::serverMetrics().fell_behind.add();
  close("Connection closed with an error. Too many messages arrived out of order.", true);
}

void HubConnection::dropSubscription(GroupId group) {
  shard_.subscriptions().unsubscribe(group, this);
  std::erase(groups_, group);
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
  auto allowed = co_await runtime::offload(
      services_.workers, [&] { return use_cases.subscribe_to_group.handle(query); });
  if (finished_) co_return;
  if (!allowed) co_return completeVoid(id, allowed.error());

  // Subscribed before history is read, so that nothing stored meanwhile is missed; the
  // subscriptions send each message once, in seq order, and answer once caught up.
  if (std::find(groups_.begin(), groups_.end(), group) == groups_.end()) groups_.push_back(group);
  shard_.subscriptions().subscribe(
      group, this, after_seq,
      [self, id = std::move(id)](const Status& caught) { self->completeVoid(id, caught); },
      *allowed);
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
      [self = shared_from_this(), id = std::move(id),
       arrived = std::chrono::steady_clock::now()](Result<Message> stored) mutable {
        LoopShard& shard = self->shard_;
        shard.inbox().push(StoredSend{std::move(self), std::move(id), std::move(stored), arrived});
      });
}

// Only a connection that follows the group may say it types there: ConnectToGroup checked
// the membership, and leaving the group ends the subscription.
void HubConnection::sendTyping(const std::optional<std::string>& id,
                               const boost::json::array& arguments) {
  auto group = idArgument(arguments, 0, "groupId");
  if (!group) return complete(id, group.error());
  if (std::find(groups_.begin(), groups_.end(), *group) == groups_.end()) {
    return completeVoid(id, Error::forbidden("Call ConnectToGroup(groupId) before SendTyping."));
  }
  completeVoid(id, services_.use_cases.indicate_typing.handleForMember({principal_, *group}));
}

void HubConnection::markRead(std::optional<std::string> id, const boost::json::array& arguments) {
  auto group = idArgument(arguments, 0, "groupId");
  if (!group) return complete(id, group.error());
  auto seq = optionalCountArgument(arguments, 1, "seq");
  if (!seq) return complete(id, seq.error());
  if (!*seq) return complete(id, Error::invalid("seq must be a non-negative integer"));
  asio::co_spawn(shard_.loop(), storeReadMarker(std::move(id), *group, **seq), asio::detached);
}

asio::awaitable<void> HubConnection::storeReadMarker(std::optional<std::string> id, GroupId group,
                                                     Seq seq) {
  auto self = shared_from_this();
  MarkRead::Command command{principal_, group, seq};
  auto marked = co_await runtime::offload(
      services_.workers, [&] { return services_.use_cases.mark_read.handle(command); });
  if (finished_) co_return;
  if (!marked) co_return complete(id, marked.error());
  complete(id, boost::json::value(readMarkerDto(*marked)));
}

void HubConnection::changeMessage(std::optional<std::string> id, MessageChangeKind kind,
                                  const boost::json::array& arguments) {
  auto message = idArgument(arguments, 0, "messageId");
  if (!message) return complete(id, message.error());
  ChangeMessage::Command command{principal_, *message, kind, {}};
  if (kind == MessageChangeKind::kEdit) {
    auto text = stringArgument(arguments, 1, "text");
    if (!text) return complete(id, text.error());
    command.text = std::move(text).value();
  }
  asio::co_spawn(shard_.loop(), storeChange(std::move(id), std::move(command)), asio::detached);
}

// The subscribers (this connection among them) get the change in seq order, from the
// fan-out; the caller gets the message as it is now.
asio::awaitable<void> HubConnection::storeChange(std::optional<std::string> id,
                                                 ChangeMessage::Command command) {
  auto self = shared_from_this();
  auto changed = co_await runtime::offload(services_.workers, [&] {
    return services_.use_cases.change_message.handle(std::move(command));
  });
  if (finished_) co_return;
  if (!changed) co_return complete(id, changed.error());
  if (id) send(protocol_->completionWithMessage(*id, *changed));
}

void HubConnection::sendStored(const std::optional<std::string>& invocation_id,
                               const Result<Message>& outcome,
                               std::chrono::steady_clock::time_point arrived) {
  --pending_sends_;
  if (room_to_read_) room_to_read_->cancel();
  if (!outcome) {
    complete(invocation_id, outcome.error());
  } else if (invocation_id && !finished_) {
    send(protocol_->completionWithMessage(*invocation_id, *outcome));
  }
  metrics::serverMetrics().send_ack_seconds.observeSince(arrived);
  // Draining: the Close goes out behind the last completion.
  if (draining_ && pending_sends_ == 0) close(std::nullopt, /*allow_reconnect=*/true);
}

}  // namespace chat::signalr
