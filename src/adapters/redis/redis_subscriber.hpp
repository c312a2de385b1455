#pragma once
// A Redis connection in pub/sub mode, on one event loop. It keeps the server subscribed to
// a desired set of channels: subscribe() and unsubscribe() change the set (both are
// idempotent), and what changes in one turn of the loop goes out as one SUBSCRIBE and one
// UNSUBSCRIBE. On every (re)connection it subscribes to the whole set again, and reports
// up only once the server confirmed all of it: from then on nothing published is missed,
// so that is when the owner looks for what was published while it was down.
//
// Thread affinity: construct, call and destroy it on the thread that runs `loop`; every
// callback runs there. Nothing blocks.
#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string_view>

#include "adapters/redis/redis_link.hpp"
#include "adapters/redis/redis_url.hpp"

namespace chat::redis {

class RedisSubscriber {
 public:
  // A message on a channel of the desired set; both views are valid during the call only.
  using MessageCallback = std::function<void(std::string_view channel, std::string_view payload)>;
  // Runs on each change: true once (re)connected and subscribed to the whole desired set,
  // false when that connection is lost.
  using StateCallback = std::function<void(bool up)>;

  RedisSubscriber(boost::asio::io_context& loop, RedisUrl url, RedisOptions options = {});
  ~RedisSubscriber();  // stop()
  RedisSubscriber(const RedisSubscriber&) = delete;
  RedisSubscriber& operator=(const RedisSubscriber&) = delete;

  // Set before start().
  void onMessage(MessageCallback callback);
  void onState(StateCallback callback);
  void start();
  // Closes the connection for good; no callback runs after it.
  void stop();
  bool isUp() const;

  // Any time, up or down: the set is what counts, and it is restored on reconnection.
  // Messages for a channel stop at once when it is unsubscribed.
  void subscribe(std::string_view channel);
  void unsubscribe(std::string_view channel);
  // Channels the server has confirmed it is subscribed to.
  std::size_t subscribedCount() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace chat::redis
