#pragma once
// The hub's state on one event loop: its connections and which of them subscribed to
// which group. Fan-out posts each message once per loop, and the loop hands the same
// bytes to its subscribers, with no lock and no per-recipient allocation.
//
// Thread affinity: every member function except the constructor and storedSends() runs on
// the shard's loop; storedSends() is thread-safe.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "adapters/signalr/heartbeat_wheel.hpp"
#include "adapters/signalr/shared_record.hpp"
#include "adapters/signalr/stored_sends.hpp"
#include "domain/ids.hpp"

namespace chat::signalr {

class HubConnection;

// One stored message of a group, serialized, for whoever subscribed to the group.
struct GroupDelivery {
  GroupId group = 0;
  Seq seq = 0;
  SharedRecord record;
};

class LoopShard {
 public:
  explicit LoopShard(boost::asio::io_context& loop);

  boost::asio::io_context& loop() { return loop_; }
  StoredSends& storedSends() { return stored_sends_; }
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
  void subscribe(GroupId group, HubConnection* connection);
  void unsubscribe(GroupId group, HubConnection* connection);

  // One committed batch, in commit order.
  void deliver(const std::vector<GroupDelivery>& deliveries);
  // Runs connection->writeQueued() once the current handler is done, so that it can queue
  // the rest of its burst first. One post serves every connection scheduled meanwhile: a
  // batch delivered to thousands of connections would otherwise cost a post each.
  void scheduleWrite(std::shared_ptr<HubConnection> connection);
  void dropMember(GroupId group, UserId user);
  void closeAll();
  std::size_t connectionCount() const { return connections_.size(); }

 private:
  void scheduleHeartbeat();
  void writeScheduled();

  boost::asio::io_context& loop_;
  boost::asio::steady_timer heartbeat_;
  bool heartbeat_running_ = false;
  std::chrono::steady_clock::time_point now_;
  std::unordered_map<HubConnection*, std::weak_ptr<HubConnection>> connections_;
  HeartbeatWheel<HubConnection> heartbeats_;
  std::vector<std::shared_ptr<HubConnection>> due_;  // the heartbeat's connections this second
  std::unordered_map<GroupId, std::vector<HubConnection*>> subscribers_;
  StoredSends stored_sends_;
  std::vector<std::shared_ptr<HubConnection>> scheduled_writes_;
  std::vector<std::shared_ptr<HubConnection>> writing_now_;
};

// One shard per event loop, in the loops' order.
using LoopShards = std::vector<std::unique_ptr<LoopShard>>;

}  // namespace chat::signalr
