#include "adapters/backplane/redis_backplane.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "adapters/backplane/bus_payload.hpp"

namespace chat::backplane {

RedisBackplane::RedisBackplane(boost::asio::io_context& loop, const redis::RedisUrl& url,
                               std::string node_id, Listener listener, std::string prefix)
    : loop_(loop),
      node_id_(std::move(node_id)),
      prefix_(std::move(prefix)),
      listener_(std::move(listener)),
      commands_(loop, url),
      subscriber_(loop, url),
      outgoing_(loop, [this](Outgoing& outgoing) { send(outgoing); }),
      interest_(loop, [this](Interest& interest) {
        const std::string channel = groupChannel(prefix_, interest.group);
        if (interest.following) {
          subscriber_.subscribe(channel);
        } else {
          subscriber_.unsubscribe(channel);
        }
      }) {
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
                          encodeMessage(node_id_, delivery.seq, *delivery.record)});
}

void RedisBackplane::publishMemberLeft(GroupId group, UserId user) {
  outgoing_.push(Outgoing{controlChannel(prefix_), encodeDeparture(node_id_, group, user)});
}

void RedisBackplane::follow(GroupId group, bool following) {
  interest_.push(Interest{group, following});
}

void RedisBackplane::send(Outgoing& outgoing) {
  // A publish that fails is not retried: the other nodes' sweep reads it from storage.
  commands_.command({"PUBLISH", outgoing.channel, outgoing.payload},
                    [](const Result<redis::Reply>&) {});
  published_.fetch_add(1, std::memory_order_relaxed);
}

void RedisBackplane::received(std::string_view channel, std::string_view payload) {
  if (auto group = groupOfChannel(prefix_, channel)) {
    auto message = decodeMessage(payload);
    if (!message || message->node == node_id_) return;  // ours went out locally already
    received_.fetch_add(1, std::memory_order_relaxed);
    if (listener_.delivered) {
      listener_.delivered(signalr::GroupDelivery{
          *group, message->seq, signalr::makeRecord(std::string(message->record))});
    }
    return;
  }
  auto departure = decodeDeparture(payload);
  if (!departure || departure->node == node_id_) return;
  if (listener_.member_left) listener_.member_left(departure->group, departure->user);
}

}  // namespace chat::backplane
