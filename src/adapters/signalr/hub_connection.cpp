// The transport half of HubConnection: records in, the outbound queue, keep-alive,
// timeouts, stateful reconnect and closing. The hub methods are in
// hub_connection_methods.cpp.
#include "adapters/signalr/hub_connection.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "adapters/metrics/server_metrics.hpp"
#include "adapters/runtime/log_fields.hpp"
#include "adapters/signalr/connection_registry.hpp"
#include "adapters/signalr/hub_errors.hpp"
#include "adapters/signalr/loop_shard.hpp"
#include "adapters/signalr/protocol/handshake.hpp"

namespace chat::signalr {

namespace {
constexpr auto kCloseGrace = std::chrono::seconds(5);
// How often the client hears which of its messages were processed (as ASP.NET does).
constexpr auto kAckInterval = std::chrono::seconds(1);

// Messages that stateful reconnect numbers: invocations, stream items, completions,
// cancellations (types 1-5).
bool isTracked(const HubMessage& message) {
  return std::holds_alternative<Invocation>(message) ||
         std::holds_alternative<StreamItem>(message) ||
         std::holds_alternative<Completion>(message) ||
         std::holds_alternative<StreamInvocation>(message) ||
         std::holds_alternative<CancelInvocation>(message);
}
}  // namespace

HubConnection::HubConnection(Principal principal, std::string connection_id, LoopShard& shard,
                             HubServices& services, bool stateful)
    : principal_(std::move(principal)),
      connection_id_(std::move(connection_id)),
      shard_(shard),
      services_(services),
      reader_(services.options.max_record_bytes),
      opened_(shard.now()),
      last_received_(shard.now()),
      last_sent_(shard.now()),
      stateful_(stateful && services.options.stateful_reconnect_bytes > 0),
      invocation_tokens_(services.options.invocation_burst),
      tokens_updated_(shard.now()) {}

void HubConnection::start(std::shared_ptr<HubTransport> transport) {
  transport_ = std::move(transport);
  shard_.add(shared_from_this());
  runtime::logWithFields(spdlog::level::info, "hub connection opened",
                         {{"connection_id", connection_id_}, {"user_id", principal_.user_id}});
  transport_->start(*this);
}

bool HubConnection::resume(std::shared_ptr<HubTransport> transport) {
  if (!resumable()) return false;
  if (transport_) transportLost(transport_.get());
  transport_ = std::move(transport);
  // The client first hears where the replay starts, then everything it has not
  // acknowledged, then what was queued meanwhile.
  std::vector<Queued> again;
  again.reserve(1 + unacknowledged_.size() + queue_.size());
  again.push_back({makeRecord(protocol_->sequence(first_kept_)), Tracking::kUntracked});
  for (const auto& record : unacknowledged_) again.push_back({record, Tracking::kReplayed});
  for (auto& queued : queue_) again.push_back(std::move(queued));
  queue_ = std::move(again);
  queued_bytes_ = 0;
  for (const auto& queued : queue_) queued_bytes_ += queued.record->size();
  // The new socket's bytes begin afresh; a record the old one cut is sent again.
  reader_ = RecordReader(services_.options.max_record_bytes);
  reader_.setFraming(protocol_->framing());
  awaiting_sequence_ = true;
  last_received_ = last_sent_ = shard_.now();
  transport_->useFormat(protocol_->transferFormat());
  transport_->start(*this);
  writing_ = true;
  scheduleWrite();
  if (auto next = nextHeartbeat()) shard_.heartbeatBy(shared_from_this(), *next);
  return true;
}

void HubConnection::received(const HubTransport* from, std::string_view bytes) {
  if (from != transport_.get() || finished_) return;
  last_received_ = shard_.now();
  reader_.append(bytes);
  while (!closing_ && !draining_ && !finished_) {
    auto record = reader_.next();
    if (!record) {
      protocolError(record.error().message);
      break;
    }
    if (!*record) break;
    onRecord(**record);
  }
}

boost::asio::awaitable<void> HubConnection::roomToRead() {
  auto self = shared_from_this();
  while (!finished_ && (draining_ || pending_sends_ >= services_.options.max_pending_sends)) {
    // Back-pressure: no more reading until some sends are stored.
    if (!room_to_read_) {
      room_to_read_.emplace(shard_.loop(), boost::asio::steady_timer::time_point::max());
    }
    boost::system::error_code ignored;
    co_await room_to_read_->async_wait(
        boost::asio::redirect_error(boost::asio::use_awaitable, ignored));
  }
}

void HubConnection::finish() {
  if (finished_) return;
  finished_ = true;
  metrics::serverMetrics().hub_connections_closed.add();
  const auto lasted = std::chrono::duration_cast<std::chrono::milliseconds>(shard_.now() - opened_);
  runtime::logWithFields(spdlog::level::info, "hub connection closed",
                         {{"connection_id", connection_id_},
                          {"user_id", principal_.user_id},
                          {"reason", end_reason_ ? end_reason_ : "ended"},
                          {"duration_ms", static_cast<std::int64_t>(lasted.count())}});
  for (GroupId group : groups_) shard_.subscriptions().unsubscribe(group, this);
  groups_.clear();
  queue_.clear();
  unacknowledged_.clear();
  shard_.remove(this);
  services_.user_connections.remove(principal_.user_id);
  if (!token_.empty()) services_.registry.forget(token_, this);
  if (room_to_read_) room_to_read_->cancel();
  if (transport_) transport_->abort();
}

void HubConnection::enqueue(SharedRecord record, Tracking tracking) {
  if (finished_) return;
  if (queued_bytes_ + record->size() > services_.options.max_queued_bytes) {
    // A reader this slow would make the server hold its messages without end.
    metrics::serverMetrics().slow_connections_cut.add();
    queue_.clear();
    queued_bytes_ = 0;
    close("Connection closed with an error. The client is not reading its messages.", true,
          "slow reader");
    return;
  }
  queued_bytes_ += record->size();
  queue_.push_back({std::move(record), tracking});
  if (writing_ || !transport_) return;
  writing_ = true;
  scheduleWrite();
}

// Not started here: the handler that queued the first record goes on to queue the rest of
// its burst (a committed batch's deliveries or acknowledgements), and all of it leaves in
// one write.
void HubConnection::scheduleWrite() {
  shard_.scheduleWrite(shared_from_this());
}

// Everything queued goes out as one transport message: SignalR allows several records in
// one message, and one write per burst instead of per record is what keeps fan-out cheap.
void HubConnection::writeQueued() {
  // Only new messages wait for acknowledgements: a resume's Sequence and replay (at the
  // front of the queue) go out whatever the client has yet to acknowledge.
  const bool acknowledgements_awaited =
      stateful_ && !closing_ && !queue_.empty() && queue_.front().tracking == Tracking::kTracked &&
      unacknowledged_bytes_ >= services_.options.stateful_reconnect_bytes;
  if (finished_ || !transport_ || acknowledgements_awaited) {
    writing_ = false;  // an acknowledgement or a resume starts writing again
    return;
  }
  if (queue_.empty()) {
    if (!closing_) {
      writing_ = false;
      return;
    }
    // Everything is sent: end the transport. writing_ stays set, so nothing else is
    // written meanwhile.
    transport_->close();
    return;
  }
  // The records stay in sending_ until the write completes; the transport sees only the
  // view of send_buffers_. Both keep their storage between writes of a busy connection.
  sending_.swap(queue_);
  queued_bytes_ = 0;
  send_buffers_.clear();
  for (const auto& queued : sending_) {
    send_buffers_.emplace_back(queued.record->data(), queued.record->size());
    if (stateful_ && queued.tracking == Tracking::kTracked) {
      unacknowledged_.push_back(queued.record);
      unacknowledged_bytes_ += queued.record->size();
    }
  }
  transport_->write(send_buffers_);
}

void HubConnection::written(const HubTransport* from, bool ok) {
  if (from != transport_.get()) return;
  sending_.clear();
  if (!ok) {
    writing_ = false;
    transportLost(from);
    return;
  }
  last_sent_ = shard_.now();
  if (queue_.empty()) {
    // Going idle: an idle connection holds no write storage.
    sending_ = {};
    send_buffers_ = {};
  }
  writeQueued();
}

void HubConnection::transportClosed(const HubTransport* from) {
  if (from != transport_.get()) return;
  endBecause("transport closed");
  finish();
}

void HubConnection::transportLost(const HubTransport* from) {
  if (from != transport_.get() || finished_) return;
  if (!stateful_ || !handshaken_ || closing_) {
    endBecause("connection lost");
    return finish();
  }
  // Stateful reconnect: the client comes back on a new WebSocket with the same token,
  // and everything unacknowledged is sent again then.
  transport_->abort();
  transport_.reset();
  writing_ = false;
  sending_.clear();
  detached_since_ = shard_.now();
  shard_.heartbeatBy(shared_from_this(), detached_since_ + services_.options.disconnect_timeout);
}

void HubConnection::drain() {
  if (closing_ || finished_) return;
  endBecause("server draining");
  if (pending_sends_ == 0) return close(std::nullopt, /*allow_reconnect=*/true);
  draining_ = true;
}

void HubConnection::close(const std::optional<std::string>& error, bool allow_reconnect,
                          const char* reason) {
  if (closing_ || finished_) return;
  endBecause(reason);
  draining_ = false;
  if (!handshaken_ || !transport_) return finish();
  send(protocol_->close(error, allow_reconnect), Tracking::kUntracked);
  beginClose();
}

void HubConnection::endedByClient() {
  endBecause("ended by the client");
  stateful_ = false;
  finish();
}

void HubConnection::endBecause(const char* reason) {
  if (!end_reason_) end_reason_ = reason;
}

void HubConnection::beginClose() {
  if (closing_ || finished_) return;
  closing_ = true;
  close_deadline_ = shard_.now() + kCloseGrace;
  shard_.heartbeatBy(shared_from_this(), close_deadline_);
  if (writing_) return;  // the writer ends the transport once the queue is sent
  writing_ = true;
  scheduleWrite();
}

void HubConnection::protocolError(const std::string& reason) {
  close("Connection closed with an error. " + reason, false, "protocol error");
}

std::optional<HubConnection::TimePoint> HubConnection::nextHeartbeat() const {
  const HubOptions& options = services_.options;
  if (finished_) return std::nullopt;
  if (closing_) return close_deadline_;
  if (!handshaken_) return opened_ + options.handshake_timeout;
  if (!transport_) return detached_since_ + options.disconnect_timeout;
  if (transport_->inherentKeepAlive()) {
    const auto away = transport_->awaySince();
    return (away ? *away : shard_.now()) + options.client_timeout;
  }
  auto next =
      std::min(last_received_ + options.client_timeout, last_sent_ + options.keep_alive_interval);
  if (stateful_ && received_ != acknowledged_in_)
    next = std::min(next, shard_.now() + kAckInterval);
  return next;
}

bool HubConnection::heartbeat(TimePoint now) {
  if (now == last_heartbeat_) return false;
  last_heartbeat_ = now;
  const HubOptions& options = services_.options;
  if (finished_) return true;
  if (closing_) {
    if (now >= close_deadline_) finish();
  } else if (!handshaken_) {
    if (now - opened_ >= options.handshake_timeout) {
      endBecause("handshake timeout");
      finish();
    }
  } else if (!transport_) {
    if (now - detached_since_ >= options.disconnect_timeout) {
      endBecause("not resumed in time");
      finish();
    }
  } else if (transport_->inherentKeepAlive()) {
    // Nobody polled for the client timeout: nobody is there to hear a Close.
    const auto away = transport_->awaySince();
    if (away && now - *away >= options.client_timeout) {
      endBecause("client timeout");
      finish();
    }
  } else if (now - last_received_ >= options.client_timeout) {
    close("Server timeout elapsed without receiving a message from the client.", true,
          "client timeout");
  } else {
    if (stateful_ && received_ != acknowledged_in_) {
      acknowledged_in_ = received_;
      send(protocol_->ack(received_), Tracking::kUntracked);
    }
    if (now - last_sent_ >= options.keep_alive_interval && !writing_) {
      enqueue(protocol_->ping(), Tracking::kUntracked);
    }
  }
  return true;
}

void HubConnection::onRecord(std::string_view record) {
  if (!handshaken_) return onHandshake(record);
  auto message = protocol_->parse(record);
  if (!message) return protocolError(message.error().message);
  if (stateful_) {
    if (auto* sequence = std::get_if<Sequence>(&*message)) {
      // Where the client's replay starts: what it sends again up to what was processed
      // here is dropped.
      if (sequence->sequence_id < 1 ||
          static_cast<std::uint64_t>(sequence->sequence_id) > received_ + 1) {
        return protocolError("Sequence ID greater than amount of messages we've received.");
      }
      next_inbound_ = static_cast<std::uint64_t>(sequence->sequence_id);
      awaiting_sequence_ = false;
      return;
    }
    if (awaiting_sequence_) return;  // the client's replay begins with its Sequence
    if (auto* ack = std::get_if<Ack>(&*message)) {
      if (ack->sequence_id > 0) onAck(static_cast<std::uint64_t>(ack->sequence_id));
      return;
    }
    if (!countInbound(*message)) return;  // processed before the socket dropped
  }
  std::visit(
      [this](auto& parsed) {
        using T = std::decay_t<decltype(parsed)>;
        if constexpr (std::is_same_v<T, Invocation>) {
          onInvocation(parsed);
        } else if constexpr (std::is_same_v<T, StreamInvocation>) {
          complete(parsed.invocation_id,
                   Error::invalid("Streaming hub methods are not supported."));
        } else if constexpr (std::is_same_v<T, Close>) {
          // The client is leaving: end cleanly, and it will not resume.
          endBecause("closed by the client");
          stateful_ = false;
          beginClose();
        }
        // Ping only refreshes last_received_; the rest is ignored, as ASP.NET does.
      },
      *message);
}

bool HubConnection::countInbound(const HubMessage& message) {
  if (!isTracked(message)) return true;
  const std::uint64_t id = next_inbound_++;
  if (id <= received_) return false;
  received_ = id;
  if (received_ == acknowledged_in_ + 1) {
    shard_.heartbeatBy(shared_from_this(), shard_.now() + kAckInterval);
  }
  return true;
}

void HubConnection::onAck(std::uint64_t sequence_id) {
  while (!unacknowledged_.empty() && first_kept_ <= sequence_id) {
    unacknowledged_bytes_ -= unacknowledged_.front()->size();
    unacknowledged_.pop_front();
    ++first_kept_;
  }
  if (!writing_ && !queue_.empty() && transport_) {
    writing_ = true;
    scheduleWrite();
  }
}

void HubConnection::onHandshake(std::string_view record) {
  auto request = parseHandshakeRequest(record);
  auto chosen = request ? chooseHubProtocol(*request, transport_->transferFormat())
                        : Result<const HubProtocol*>(request.error());
  if (!chosen) {
    // The handshake error is the last thing the client hears; the transport ends after it.
    endBecause("handshake refused");
    send(handshakeError(chosen.error().message), Tracking::kUntracked);
    handshaken_ = true;
    stateful_ = false;
    beginClose();
    return;
  }
  protocol_ = *chosen;
  // Version 1 is a client that did not negotiate stateful reconnect, or did not take it.
  if (request->version < 2) stateful_ = false;
  reader_.setFraming(protocol_->framing());
  transport_->useFormat(protocol_->transferFormat());
  handshaken_ = true;
  send(std::string(handshakeResponse()), Tracking::kUntracked);
  // The keep-alive and the client timeout may come before the handshake timeout did.
  if (auto next = nextHeartbeat()) shard_.heartbeatBy(shared_from_this(), *next);
}

void HubConnection::complete(const std::optional<std::string>& id,
                             const Result<boost::json::value>& result) {
  if (!id || finished_) return;
  send(result ? protocol_->completionWithResult(*id, *result)
              : protocol_->completionError(*id, completionErrorText(result.error())));
}

void HubConnection::completeVoid(const std::optional<std::string>& id, const Status& status) {
  if (!id || finished_) return;
  send(status ? protocol_->completionVoid(*id)
              : protocol_->completionError(*id, completionErrorText(status.error())));
}

}  // namespace chat::signalr
