#pragma once
// One SignalR connection over a WebSocket: handshake, the JSON hub protocol, the hub's
// methods, and an outbound queue that coalesces every queued record into one WebSocket
// message.
//
// Thread affinity: a connection lives on one event loop. Every member function runs on
// that loop (work done elsewhere posts back to it), so its state needs no lock. It is
// owned by shared_ptr: its own coroutines and pending callbacks keep it alive.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "adapters/http/connection_slots.hpp"
#include "adapters/signalr/group_subscriptions.hpp"
#include "adapters/signalr/hub_services.hpp"
#include "adapters/signalr/protocol/hub_message.hpp"
#include "adapters/signalr/protocol/record_reader.hpp"
#include "adapters/signalr/shared_record.hpp"
#include "domain/user.hpp"

namespace chat::signalr {

class LoopShard;

class HubConnection final : public std::enable_shared_from_this<HubConnection>,
                            public GroupSubscriber {
 public:
  using WebSocket = boost::beast::websocket::stream<boost::beast::tcp_stream>;
  using TimePoint = std::chrono::steady_clock::time_point;

  HubConnection(WebSocket socket, Principal principal, std::string connection_id, LoopShard& shard,
                HubServices& services, http::ConnectionSlots::Slot slot = {});

  // Starts reading. The WebSocket handshake is already done.
  void start();

  const Principal& principal() const override { return principal_; }
  // The next message of a group this connection subscribed to.
  void receive(const SharedRecord& record) override;
  void fellBehind() override;
  // A send of this connection is stored (or failed): answer its invocation.
  void sendStored(const std::optional<std::string>& invocation_id, const Result<Message>& outcome);
  // The user left the group: stop delivering it.
  void dropSubscription(GroupId group);
  // Keep-alive pings and timeouts; the loop's heartbeat calls it when nextHeartbeat() said.
  // False if it already ran at this `now`. A deadline that moved earlier (the handshake, a
  // close) adds an entry to the heartbeat; both entries are rescheduled to nextHeartbeat(),
  // so they meet in one tick, and the second ends here (a connection whose deadline moves
  // between the two may keep both, never more).
  bool heartbeat(TimePoint now);
  // When a ping or a timeout may next be due; none once the connection has ended.
  std::optional<TimePoint> nextHeartbeat() const;
  // Sends what is queued (LoopShard::scheduleWrite calls it).
  void writeQueued();
  // Sends a Close message, then closes the WebSocket normally.
  void close(const std::optional<std::string>& error, bool allow_reconnect);

 private:
  boost::asio::awaitable<void> readLoop();
  void scheduleWrite();
  void written(boost::beast::error_code ec);
  void finish();
  // Closes the WebSocket normally once everything queued is sent.
  void beginClose();
  void enqueue(SharedRecord record);
  void send(std::string record) { enqueue(makeRecord(std::move(record))); }
  void protocolError(const std::string& reason);

  void onRecord(std::string_view record);
  void onHandshake(std::string_view record);
  void onInvocation(Invocation& invocation);
  bool takeInvocationToken();
  void complete(const std::optional<std::string>& id, const Result<boost::json::value>& result);
  void completeVoid(const std::optional<std::string>& id, const Status& status);

  // Hub methods.
  void connectToGroup(std::optional<std::string> id, const boost::json::array& arguments);
  boost::asio::awaitable<void> subscribe(std::optional<std::string> id, GroupId group,
                                         std::optional<Seq> after_seq);
  void removeFromGroup(const std::optional<std::string>& id, const boost::json::array& arguments);
  void sendMessage(std::optional<std::string> id, const boost::json::array& arguments);

  WebSocket socket_;
  Principal principal_;
  std::string connection_id_;
  LoopShard& shard_;
  HubServices& services_;
  RecordReader reader_;

  bool handshaken_ = false;
  bool closing_ = false;
  bool finished_ = false;
  bool writing_ = false;
  TimePoint opened_;
  TimePoint last_received_;
  TimePoint last_sent_;
  TimePoint close_deadline_{};
  TimePoint last_heartbeat_{};

  std::vector<SharedRecord> queue_;
  std::size_t queued_bytes_ = 0;
  std::vector<SharedRecord> sending_;  // the write in flight
  std::vector<boost::asio::const_buffer> send_buffers_;
  std::vector<GroupId> groups_;  // subscribed on the shard

  double invocation_tokens_;
  TimePoint tokens_updated_;
  std::size_t pending_sends_ = 0;
  std::optional<boost::asio::steady_timer> room_to_read_;  // set while reading is paused
  http::ConnectionSlots::Slot slot_;  // counts this connection against the server's limits
};

}  // namespace chat::signalr
