#pragma once
// The hub's state on one event loop: its connections and their group subscriptions.
// Fan-out hands each stored message once to every loop, and the loop hands the same bytes
// to its subscribers, with no lock and no per-recipient allocation.
//
// Thread affinity: every member function except the constructor and inbox() runs on the
// shard's loop; inbox() is thread-safe.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "adapters/runtime/loop_inbox.hpp"
#include "adapters/signalr/group_subscriptions.hpp"
#include "adapters/signalr/heartbeat_wheel.hpp"
#include "adapters/signalr/hub_history.hpp"
#include "adapters/signalr/shared_record.hpp"
#include "domain/ids.hpp"
#include "domain/message.hpp"

namespace chat::signalr {

class HubConnection;

// The outcome of a hub send, handed from the storage engine's thread to the sender's loop.
struct StoredSend {
  std::shared_ptr<HubConnection> connection;
  std::optional<std::string> invocation_id;
  Result<Message> outcome;
  std::chrono::steady_clock::time_point arrived;  // when the SendMessage was read
};

// Storage's newest seq of a group, from the sweep: subscriptions behind it catch up.
struct GroupHeadSeen {
  GroupId group = 0;
  Seq head = 0;
};

// A session ended (logout, a stolen refresh token): its connections close.
struct SessionEnded {
  std::string session_id;
};

// An ephemeral event of a group (someone typing): for the readers `audience` picks.
struct GroupSignal {
  GroupId group = 0;
  UserId from = 0;
  Audience audience = Audience::kOthers;
  SharedEvent event;
};

// What other threads hand a loop, in one inbox so that it is handled in the order it was
// pushed: a sender sees its own message before the answer to its send.
using ShardEvent =
    std::variant<GroupDelivery, StoredSend, GroupHeadSeen, SessionEnded, GroupSignal>;

class LoopShard {
 public:
  LoopShard(boost::asio::io_context& loop, HubHistory& history,
            GroupSubscriptions::Options subscription_options);

  boost::asio::io_context& loop() { return loop_; }
  // Stored messages for this loop's subscribers and answers to its sends, from any thread.
  runtime::LoopInbox<ShardEvent>& inbox() { return inbox_; }
  GroupSubscriptions& subscriptions() { return subscriptions_; }
  // The time of the last heartbeat: precise enough for timeouts, and free to read.
  std::chrono::steady_clock::time_point now() const { return now_; }

  void startHeartbeat();
  void stopHeartbeat();

  void add(const std::shared_ptr<HubConnection>& connection);
  // The heartbeat looks at `connection` by `when` too (it looks when the connection's
  // nextHeartbeat() says, and again where this asks for sooner).
  void heartbeatBy(const std::shared_ptr<HubConnection>& connection,
                   std::chrono::steady_clock::time_point when);
  void remove(HubConnection* connection);

  // Runs connection->writeQueued() once the current handler is done, so that it can queue
  // the rest of its burst first. One post serves every connection scheduled meanwhile: a
  // burst delivered to thousands of connections would otherwise cost a post each.
  void scheduleWrite(std::shared_ptr<HubConnection> connection);
  void dropMember(GroupId group, UserId user);
  // Closes the session's connections with an error; they may not reconnect.
  void endSession(std::string_view session_id);
  void drainAll();  // HubConnection::drain() on each connection
  std::size_t connectionCount() const { return connections_.size(); }

 private:
  void scheduleHeartbeat();
  void writeScheduled();
  void handle(ShardEvent& event);

  boost::asio::io_context& loop_;
  boost::asio::steady_timer heartbeat_;
  bool heartbeat_running_ = false;
  bool draining_ = false;  // drainAll() was called: connections added later drain too
  std::chrono::steady_clock::time_point now_;
  std::unordered_map<HubConnection*, std::weak_ptr<HubConnection>> connections_;
  std::unordered_multimap<std::string, HubConnection*> by_session_;  // those with a session
  HeartbeatWheel<HubConnection> heartbeats_;
  std::vector<std::shared_ptr<HubConnection>> due_;  // the heartbeat's connections this second
  HubHistory::OnLoop history_;
  GroupSubscriptions subscriptions_;
  runtime::LoopInbox<ShardEvent> inbox_;
  std::vector<std::shared_ptr<HubConnection>> scheduled_writes_;
  std::vector<std::shared_ptr<HubConnection>> writing_now_;
};

// One shard per event loop, in the loops' order.
using LoopShards = std::vector<std::unique_ptr<LoopShard>>;

}  // namespace chat::signalr
