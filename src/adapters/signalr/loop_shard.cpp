#include "adapters/signalr/loop_shard.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>

#include "adapters/signalr/hub_connection.hpp"

namespace chat::signalr {

LoopShard::LoopShard(boost::asio::io_context& loop, HubHistory& history,
                     GroupSubscriptions::Options subscription_options)
    : loop_(loop),
      heartbeat_(loop),
      now_(std::chrono::steady_clock::now()),
      heartbeats_(now_),
      history_(history, loop),
      subscriptions_(loop, history_, subscription_options),
      inbox_(loop, [this](ShardEvent& event) { handle(event); }) {}

void LoopShard::handle(ShardEvent& event) {
  if (auto* delivery = std::get_if<GroupDelivery>(&event)) {
    return subscriptions_.deliver(*delivery);
  }
  if (auto* head = std::get_if<GroupHeadSeen>(&event)) {
    return subscriptions_.headIs(head->group, head->head);
  }
  if (auto* ended = std::get_if<SessionEnded>(&event)) return endSession(ended->session_id);
  if (auto* signal = std::get_if<GroupSignal>(&event)) {
    return subscriptions_.signal(signal->group, signal->from, signal->audience, signal->event);
  }
  auto& send = std::get<StoredSend>(event);
  send.connection->sendStored(send.invocation_id, send.outcome, send.arrived);
}

void LoopShard::startHeartbeat() {
  heartbeat_running_ = true;
  scheduleHeartbeat();
}

void LoopShard::stopHeartbeat() {
  heartbeat_running_ = false;
  heartbeat_.cancel();
}

void LoopShard::scheduleHeartbeat() {
  heartbeat_.expires_after(std::chrono::seconds(1));
  heartbeat_.async_wait([this](boost::system::error_code ec) {
    if (ec || !heartbeat_running_) return;
    now_ = std::chrono::steady_clock::now();
    heartbeats_.takeDue(now_, due_);
    for (auto& connection : due_) {
      if (!connection->heartbeat(now_)) continue;
      if (auto next = connection->nextHeartbeat()) heartbeats_.schedule(connection, *next);
    }
    due_.clear();
    scheduleHeartbeat();
  });
}

void LoopShard::add(const std::shared_ptr<HubConnection>& connection) {
  connections_.emplace(connection.get(), connection);
  if (const auto& session = connection->principal().session_id; !session.empty()) {
    by_session_.emplace(session, connection.get());
  }
  if (auto next = connection->nextHeartbeat()) heartbeats_.schedule(connection, *next);
  // Upgraded on a kept-alive connection after the drain began: it goes the same way.
  if (draining_) {
    boost::asio::post(loop_, [weak = std::weak_ptr<HubConnection>(connection)] {
      if (auto alive = weak.lock()) alive->drain();
    });
  }
}

void LoopShard::heartbeatBy(const std::shared_ptr<HubConnection>& connection,
                            std::chrono::steady_clock::time_point when) {
  heartbeats_.schedule(connection, when);
}

void LoopShard::remove(HubConnection* connection) {
  if (connections_.erase(connection) == 0) return;
  auto [begin, end] = by_session_.equal_range(connection->principal().session_id);
  for (auto it = begin; it != end; ++it) {
    if (it->second == connection) {
      by_session_.erase(it);
      break;
    }
  }
}

void LoopShard::scheduleWrite(std::shared_ptr<HubConnection> connection) {
  scheduled_writes_.push_back(std::move(connection));
  if (scheduled_writes_.size() == 1) boost::asio::post(loop_, [this] { writeScheduled(); });
}

void LoopShard::writeScheduled() {
  writing_now_.swap(scheduled_writes_);
  for (auto& connection : writing_now_) connection->writeQueued();
  writing_now_.clear();
}

void LoopShard::dropMember(GroupId group, UserId user) {
  for (GroupSubscriber* subscriber : subscriptions_.subscribersOf(group, user)) {
    static_cast<HubConnection*>(subscriber)->dropSubscription(group);
  }
}

void LoopShard::endSession(std::string_view session_id) {
  std::vector<std::shared_ptr<HubConnection>> ending;
  auto [begin, end] = by_session_.equal_range(std::string(session_id));
  for (auto it = begin; it != end; ++it) {
    auto found = connections_.find(it->second);
    if (found == connections_.end()) continue;
    if (auto connection = found->second.lock()) ending.push_back(std::move(connection));
  }
  // Closing may remove them from the index: close outside the walk. A client that
  // reconnected would be refused anyway, its token having ended with the session.
  for (auto& connection : ending) {
    connection->close("Connection closed with an error. The session has ended.",
                      /*allow_reconnect=*/false, "session ended");
  }
}

void LoopShard::drainAll() {
  draining_ = true;
  std::vector<std::shared_ptr<HubConnection>> alive;
  for (auto& [raw, weak] : connections_) {
    if (auto connection = weak.lock()) alive.push_back(std::move(connection));
  }
  // Clients may reconnect: the server is going away, not refusing them. Each is told
  // once its accepted sends are stored and acknowledged.
  for (auto& connection : alive) connection->drain();
}

}  // namespace chat::signalr
