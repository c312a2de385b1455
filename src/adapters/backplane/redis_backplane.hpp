#pragma once
// The backplane on Redis pub/sub. Each group has a channel, subscribed while this node
// follows the group; departures and ended sessions go on one control channel. After its commit a
// node publishes each message once, as the bytes its fan-out already built; the publishes of a
// burst leave in one write (pipelined). A node drops what it published itself.
//
// Pub/sub is at most once: a message published while a node's link was down never
// reaches it. The link's state goes to the listener, and the sweep reads what was missed
// from storage; Redis holds nothing that can not be lost.
//
// Ended sessions are published too, and also kept in a sorted set (`<prefix>ended-sessions`,
// scored by when they may be forgotten): each time its subscriptions are up again, a node
// reads the set for what it missed, so it starts with them as well. One that ends while
// Redis is down is sent again once Redis is back.
//
// Thread affinity: runs on `loop`; publish, publishMemberLeft, publishEvent,
// publishSessionEnded, follow and up are thread-safe.
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <deque>
#include <memory>
#include <string>

#include "adapters/redis/redis_connection.hpp"
#include "adapters/redis/redis_subscriber.hpp"
#include "adapters/redis/redis_url.hpp"
#include "adapters/runtime/loop_inbox.hpp"
#include "adapters/signalr/backplane.hpp"
#include "app/ports/clock.hpp"

namespace chat::backplane {

class RedisBackplane final : public signalr::Backplane {
 public:
  RedisBackplane(boost::asio::io_context& loop, const redis::RedisUrl& url, std::string node_id,
                 Listener listener, Clock& clock, std::string prefix = "chat:");

  void start();
  void stop();

  void publish(const signalr::GroupDelivery& delivery) override;
  void publishMemberLeft(GroupId group, UserId user) override;
  void publishEvent(GroupId group, UserId from, signalr::Audience audience, std::string_view target,
                    std::string_view argument) override;
  void publishSessionEnded(std::string_view session_id, Timestamp forget_at) override;
  void follow(GroupId group, bool following) override;
  bool up() const override { return up_.load(std::memory_order_relaxed); }

  // Publishes sent and messages received from other nodes, for tests and health.
  std::uint64_t published() const { return published_.load(std::memory_order_relaxed); }
  std::uint64_t received() const { return received_.load(std::memory_order_relaxed); }

 private:
  struct Outgoing {
    std::string channel;
    std::string payload;
  };
  struct Interest {
    GroupId group = 0;
    bool following = false;
  };
  struct EndedSession {
    std::string session_id;
    Timestamp forget_at;
  };
  void send(Outgoing& outgoing);
  void received(std::string_view channel, std::string_view payload);
  void storeEnded(const EndedSession& ended);
  void sendUnsent();
  void catchUpEnded();
  void endedRead(const Result<redis::Reply>& reply);

  boost::asio::io_context& loop_;
  std::string node_id_;
  std::string prefix_;
  Listener listener_;
  Clock& clock_;
  // On the loop. Before commands_: its callbacks, which its destructor may still run, use
  // them.
  std::deque<EndedSession> unsent_;  // ended here while Redis did not take them
  bool catch_up_due_ = false;        // subscribed again, the ended sessions not read yet
  redis::RedisConnection commands_;
  redis::RedisSubscriber subscriber_;
  runtime::LoopInbox<Outgoing> outgoing_;
  runtime::LoopInbox<Interest> interest_;
  runtime::LoopInbox<EndedSession> ended_;
  std::atomic<bool> up_{false};
  std::atomic<std::uint64_t> published_{0};
  std::atomic<std::uint64_t> received_{0};
};

}  // namespace chat::backplane
