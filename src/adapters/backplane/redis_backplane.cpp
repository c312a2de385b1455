#include "adapters/backplane/redis_backplane.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/json/parse.hpp>

#include "adapters/backplane/bus_payload.hpp"
#include "adapters/metrics/server_metrics.hpp"

namespace chat::backplane {

namespace {
// Ended sessions sent again once Redis is back; past this, the oldest are dropped (their
// tokens then stay valid on the other nodes until they expire).
constexpr std::size_t kMaxUnsentSessions = 100'000;

std::string endedSessionsKey(std::string_view prefix) {
  return std::string(prefix) + "ended-sessions";
}
}  // namespace

RedisBackplane::RedisBackplane(boost::asio::io_context& loop, const redis::RedisUrl& url,
                               std::string node_id, Listener listener, Clock& clock,
                               std::string prefix)
    : loop_(loop),
      node_id_(std::move(node_id)),
      prefix_(std::move(prefix)),
      listener_(std::move(listener)),
      clock_(clock),
      commands_(loop, url),
      subscriber_(loop, url),
      outgoing_(loop, [this](Outgoing& outgoing) { send(outgoing); }),
      interest_(loop,
                [this](Interest& interest) {
                  const std::string channel = groupChannel(prefix_, interest.group);
                  if (interest.following) {
                    subscriber_.subscribe(channel);
                  } else {
                    subscriber_.unsubscribe(channel);
                  }
                }),
      ended_(loop, [this](EndedSession& ended) { storeEnded(ended); }) {
  subscriber_.onMessage(
      [this](std::string_view channel, std::string_view payload) { received(channel, payload); });
  subscriber_.onState([this](bool up) {
    up_.store(up, std::memory_order_relaxed);
    if (up) {
      spdlog::info("Backplane up: following {} groups", subscriber_.subscribedCount());
    } else {
      spdlog::warn("Backplane down: delivery from other nodes falls back to storage");
    }
    if (listener_.link_changed) listener_.link_changed(up);
    if (up) {
      catch_up_due_ = true;
      catchUpEnded();
    }
  });
  commands_.onState([this](bool up) {
    if (!up) return;
    sendUnsent();
    catchUpEnded();
  });
  subscriber_.subscribe(controlChannel(prefix_));
}

void RedisBackplane::start() {
  boost::asio::post(loop_, [this] {
    commands_.start();
    subscriber_.start();
  });
}

void RedisBackplane::stop() {
  boost::asio::post(loop_, [this] {
    commands_.stop();
    subscriber_.stop();
  });
}

void RedisBackplane::publish(const signalr::GroupDelivery& delivery) {
  outgoing_.push(Outgoing{groupChannel(prefix_, delivery.group),
                          encodeMessage(node_id_, delivery.seq, *delivery.message->json())});
}

void RedisBackplane::publishMemberLeft(GroupId group, UserId user) {
  outgoing_.push(Outgoing{controlChannel(prefix_), encodeDeparture(node_id_, group, user)});
}

void RedisBackplane::publishEvent(GroupId group, UserId from, signalr::Audience audience,
                                  std::string_view target, std::string_view argument) {
  const bool theirs_only = audience == signalr::Audience::kThemOnly;
  outgoing_.push(Outgoing{groupChannel(prefix_, group),
                          encodeEvent(node_id_, from, theirs_only, target, argument)});
}

void RedisBackplane::publishSessionEnded(std::string_view session_id, Timestamp forget_at) {
  ended_.push(EndedSession{std::string(session_id), forget_at});
}

// Kept before it is published: a node that reads the set after this still has it.
void RedisBackplane::storeEnded(const EndedSession& ended) {
  const std::string key = endedSessionsKey(prefix_);
  commands_.command({"ZADD", key, epochMilliseconds(ended.forget_at), ended.session_id},
                    [this, ended](const Result<redis::Reply>& reply) {
                      if (reply && !reply->isError()) return;
                      if (unsent_.size() >= kMaxUnsentSessions) unsent_.pop_front();
                      unsent_.push_back(ended);
                    });
  commands_.command({"ZREMRANGEBYSCORE", key, "-inf", epochMilliseconds(clock_.now())},
                    [](const Result<redis::Reply>&) {});
  commands_.command({"PUBLISH", controlChannel(prefix_),
                     encodeSessionEnded(node_id_, ended.session_id, ended.forget_at)},
                    [](const Result<redis::Reply>&) {});
}

void RedisBackplane::sendUnsent() {
  std::deque<EndedSession> unsent;
  unsent.swap(unsent_);
  const Timestamp now = clock_.now();
  for (const auto& ended : unsent) {
    if (ended.forget_at > now) storeEnded(ended);
  }
}

// What was ended while this node was not subscribed (or before it started).
void RedisBackplane::catchUpEnded() {
  if (!catch_up_due_ || !commands_.isUp()) return;
  catch_up_due_ = false;
  const std::string from = epochMilliseconds(clock_.now());
  commands_.command({"ZRANGEBYSCORE", endedSessionsKey(prefix_), from, "+inf", "WITHSCORES"},
                    [this](const Result<redis::Reply>& reply) { endedRead(reply); });
}

void RedisBackplane::endedRead(const Result<redis::Reply>& reply) {
  if (!reply || reply->kind != redis::Reply::Kind::kArray) {
    spdlog::warn("Backplane: could not read the ended sessions: {}",
                 reply ? redis::describe(*reply) : reply.error().message);
    catch_up_due_ = true;  // again when the commands' link is next up
    return;
  }
  const auto& items = reply->elements;  // member, score, member, score...
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    auto forget_at = parseEpochMilliseconds(items[i + 1].text);
    if (forget_at && !items[i].text.empty() && listener_.session_ended) {
      listener_.session_ended(items[i].text, *forget_at);
    }
  }
}

void RedisBackplane::follow(GroupId group, bool following) {
  interest_.push(Interest{group, following});
}

void RedisBackplane::send(Outgoing& outgoing) {
  // A publish that fails is not retried: the other nodes' sweep reads it from storage.
  commands_.command({"PUBLISH", outgoing.channel, outgoing.payload},
                    [](const Result<redis::Reply>&) {});
  published_.fetch_add(1, std::memory_order_relaxed);
  metrics::serverMetrics().backplane_publishes.add();
}

void RedisBackplane::received(std::string_view channel, std::string_view payload) {
  if (auto group = groupOfChannel(prefix_, channel)) {
    if (auto event = decodeEvent(payload)) {
      if (event->node == node_id_ || !listener_.group_event) return;
      boost::system::error_code ec;
      auto argument = boost::json::parse(event->argument, ec);
      if (ec || !argument.is_object()) return;  // not one of ours
      listener_.group_event(
          *group, event->from,
          event->theirs_only ? signalr::Audience::kThemOnly : signalr::Audience::kOthers,
          event->target, std::move(argument.as_object()));
      return;
    }
    auto message = decodeMessage(payload);
    if (!message || message->node == node_id_) return;  // ours went out locally already
    received_.fetch_add(1, std::memory_order_relaxed);
    if (listener_.delivered) {
      listener_.delivered(
          signalr::GroupDelivery{*group, message->seq,
                                 std::make_shared<const signalr::PushedMessage>(
                                     signalr::makeRecord(std::string(message->record)))});
    }
    return;
  }
  if (auto ended = decodeSessionEnded(payload)) {
    if (ended->node != node_id_ && listener_.session_ended) {
      listener_.session_ended(ended->session_id, ended->forget_at);
    }
    return;
  }
  auto departure = decodeDeparture(payload);
  if (!departure || departure->node == node_id_) return;
  if (listener_.member_left) listener_.member_left(departure->group, departure->user);
}

}  // namespace chat::backplane
