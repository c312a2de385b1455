#pragma once
// Rate limits that every node counts together in Redis: a GCRA (the token bucket as one
// timestamp per key) in a Lua script, atomic in Redis, on Redis's own clock so that the
// nodes' clocks do not matter. Keys expire once their bucket has refilled.
//
// Thread affinity: acquire() from any thread but `loop`'s, which answers it; it waits up to
// `timeout` for Redis, and says "unreachable" after that or while Redis is down.
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <string>

#include "adapters/redis/redis_connection.hpp"
#include "app/ports/shared_rate_limits.hpp"

namespace chat::backplane {

class RedisRateLimits final : public SharedRateLimits {
 public:
  RedisRateLimits(boost::asio::io_context& loop, const redis::RedisUrl& url,
                  std::chrono::milliseconds timeout = std::chrono::milliseconds(250),
                  std::string prefix = "chat:");

  void start();
  void stop();

  std::optional<int> acquire(std::string_view key, const RateLimiter::Options& limit) override;

 private:
  boost::asio::io_context& loop_;
  std::chrono::milliseconds timeout_;
  std::string prefix_;
  redis::RedisConnection connection_;
};

}  // namespace chat::backplane
