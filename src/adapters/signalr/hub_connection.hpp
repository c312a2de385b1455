#pragma once
// One SignalR connection: the handshake, the hub protocol it names (JSON or MessagePack),
// the hub's methods, an outbound queue that coalesces every queued record into one
// transport message, keep-alive and timeouts, and stateful reconnect. The wire is a
// HubTransport (WebSocket, Server-Sent Events, long polling); nothing here knows which.
//
// Thread affinity: a connection lives on one event loop. Every member function runs on
// that loop (work done elsewhere posts back to it), so its state needs no lock. It is
// owned by shared_ptr: its own coroutines, its transport's operations and pending
// callbacks keep it alive.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "adapters/signalr/group_subscriptions.hpp"
#include "adapters/signalr/hub_services.hpp"
#include "adapters/signalr/hub_transport.hpp"
#include "adapters/signalr/protocol/hub_message.hpp"
#include "adapters/signalr/protocol/hub_protocol.hpp"
#include "adapters/signalr/protocol/record_reader.hpp"
#include "adapters/signalr/shared_record.hpp"
#include "domain/user.hpp"

namespace chat::signalr {

class LoopShard;

class HubConnection final : public std::enable_shared_from_this<HubConnection>,
                            public GroupSubscriber {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  // `stateful`: the client negotiated stateful reconnect (the handshake may still turn it
  // off, with version 1).
  HubConnection(Principal principal, std::string connection_id, LoopShard& shard,
                HubServices& services, bool stateful = false);

  // Starts on `transport`: the transport is up (a WebSocket accepted, say).
  void start(std::shared_ptr<HubTransport> transport);
  // Stateful reconnect: `transport` takes the place of the one that dropped (or is
  // dropping: the old socket's end may not have been noticed yet); the client gets a
  // Sequence message and everything it has not acknowledged. False (and nothing changes)
  // unless resumable().
  bool resume(std::shared_ptr<HubTransport> transport);
  bool resumable() const { return stateful_ && handshaken_ && !closing_ && !finished_; }
  // Closing or closed: its id names no connection any more.
  bool ending() const { return closing_ || finished_; }

  const Principal& principal() const override { return principal_; }
  const std::string& connectionId() const { return connection_id_; }
  LoopShard& shard() { return shard_; }
  // The current transport; null while a stateful connection waits to be resumed.
  HubTransport* transport() const { return transport_.get(); }
  bool finished() const { return finished_; }

  // From the transport `from` (a transport that is no longer current is ignored).
  void received(const HubTransport* from, std::string_view bytes);
  void written(const HubTransport* from, bool ok);
  void transportClosed(const HubTransport* from);
  void transportLost(const HubTransport* from);
  // Back-pressure for readers: returns once fewer sends than allowed await storage.
  boost::asio::awaitable<void> roomToRead();

  // The next message of a group this connection subscribed to.
  void receive(const SharedPush& message) override;
  void receiveEvent(const SharedEvent& event) override;
  void fellBehind() override;
  // A send of this connection is stored (or failed): answer its invocation.
  // `arrived`: when the SendMessage was read, for the send→ack latency.
  void sendStored(const std::optional<std::string>& invocation_id, const Result<Message>& outcome,
                  std::chrono::steady_clock::time_point arrived);
  // The user left the group: stop delivering it.
  void dropSubscription(GroupId group);
  // Keep-alive pings, acknowledgements and timeouts; the loop's heartbeat calls it when
  // nextHeartbeat() said. False if it already ran at this `now`. A deadline that moved
  // earlier (the handshake, a close) adds an entry to the heartbeat; both entries are
  // rescheduled to nextHeartbeat(), so they meet in one tick, and the second ends here (a
  // connection whose deadline moves between the two may keep both, never more).
  bool heartbeat(TimePoint now);
  // When a ping, an acknowledgement or a timeout may next be due; none once ended.
  std::optional<TimePoint> nextHeartbeat() const;
  // Sends what is queued (LoopShard::scheduleWrite calls it).
  void writeQueued();
  // Sends a Close message, then ends the transport cleanly. `reason` is for the log line
  // of the connection's end: a short fixed phrase.
  void close(const std::optional<std::string>& error, bool allow_reconnect,
             const char* reason = "closed by the server");
  // The server is going away: the client's further records wait unread, and once every
  // send already accepted has its completion, a Close with allowReconnect follows.
  void drain();
  // The client ended the connection (a long-polling DELETE): no Close message, no resume.
  void endedByClient();
  // The token it is found by (ConnectionRegistry), forgotten there when it ends.
  void registeredAs(std::string token) { token_ = std::move(token); }

 private:
  // What a queued record is to stateful reconnect.
  enum class Tracking : std::uint8_t {
    kUntracked,  // handshake, Ping, Close, Ack, Sequence: not numbered, not kept
    kTracked,    // an invocation or completion: numbered and kept until acknowledged
    kReplayed,   // kept already: sent again after a resume
  };
  struct Queued {
    SharedRecord record;
    Tracking tracking = Tracking::kTracked;
  };

  void scheduleWrite();
  void finish();
  void beginClose();
  // Remembers why the connection ends, for its log line; the first reason stays.
  void endBecause(const char* reason);
  void enqueue(SharedRecord record, Tracking tracking = Tracking::kTracked);
  void send(std::string record, Tracking tracking = Tracking::kTracked) {
    enqueue(makeRecord(std::move(record)), tracking);
  }
  void protocolError(const std::string& reason);

  void onRecord(std::string_view record);
  void onHandshake(std::string_view record);
  // Stateful reconnect's bookkeeping of one inbound message; false if it is a repeat.
  bool countInbound(const HubMessage& message);
  void onAck(std::uint64_t sequence_id);
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
  void sendTyping(const std::optional<std::string>& id, const boost::json::array& arguments);
  void markRead(std::optional<std::string> id, const boost::json::array& arguments);
  void changeMessage(std::optional<std::string> id, MessageChangeKind kind,
                     const boost::json::array& arguments);
  boost::asio::awaitable<void> storeChange(std::optional<std::string> id,
                                           ChangeMessage::Command command);
  boost::asio::awaitable<void> storeReadMarker(std::optional<std::string> id, GroupId group,
                                               Seq seq);
  // SearchMessages(query, groupId?, before?, limit?): the hits, newest first.
  void searchMessages(std::optional<std::string> id, const boost::json::array& arguments);
  boost::asio::awaitable<void> answerSearch(std::optional<std::string> id,
                                            SearchMessages::Query query);
  void inviteMember(std::optional<std::string> id, const boost::json::array& arguments);
  // RemoveMember, or SetMemberRole when `setting_role`.
  void changeMember(std::optional<std::string> id, bool setting_role,
                    const boost::json::array& arguments);
  boost::asio::awaitable<void> manageMember(std::optional<std::string> id, GroupId group,
                                            std::function<Result<GroupMember>()> change);

  Principal principal_;
  std::string connection_id_;
  std::string token_;  // registered under it; empty if not
  LoopShard& shard_;
  HubServices& services_;
  std::shared_ptr<HubTransport> transport_;
  const HubProtocol* protocol_ = &jsonHubProtocol();  // the handshake's choice
  RecordReader reader_;

  bool handshaken_ = false;
  bool closing_ = false;
  bool draining_ = false;  // closes once pending_sends_ is 0 (drain())
  bool finished_ = false;
  bool writing_ = false;
  const char* end_reason_ = nullptr;  // the first reason the connection began to end
  TimePoint opened_;
  TimePoint last_received_;
  TimePoint last_sent_;
  TimePoint close_deadline_{};
  TimePoint detached_since_{};  // a stateful connection waiting for its transport
  TimePoint last_heartbeat_{};

  std::vector<Queued> queue_;
  std::size_t queued_bytes_ = 0;
  std::vector<Queued> sending_;  // the write in flight
  std::vector<boost::asio::const_buffer> send_buffers_;
  std::vector<GroupId> groups_;  // subscribed on the shard

  // Stateful reconnect (ids count tracked messages from 1, each direction on its own).
  bool stateful_ = false;
  std::deque<SharedRecord> unacknowledged_;  // written, not acknowledged: ids from first_kept_
  std::size_t unacknowledged_bytes_ = 0;
  std::uint64_t first_kept_ = 1;
  std::uint64_t received_ = 0;         // the client's messages processed
  std::uint64_t next_inbound_ = 1;     // the id the client's next message has
  std::uint64_t acknowledged_in_ = 0;  // what our last Ack said
  bool awaiting_sequence_ = false;     // after a resume, until the client's Sequence

  double invocation_tokens_;
  TimePoint tokens_updated_;
  std::size_t pending_sends_ = 0;
  std::optional<boost::asio::steady_timer> room_to_read_;  // set while reading is paused
};

}  // namespace chat::signalr
