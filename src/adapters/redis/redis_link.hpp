#pragma once
// One TCP connection to Redis that keeps itself connected, the transport under
// RedisConnection and RedisSubscriber: it resolves and connects (asynchronously), logs in
// (AUTH) and selects the database before anything else, sends what it is given in as few
// socket writes as it can, and hands every reply over in order. When the socket fails it
// drops what was in flight, says so, and reconnects with a backoff.
//
// Thread affinity: create it, call it and destroy its owner on the loop's thread; its
// events run there too. Asio's handlers hold it by shared_ptr, so one that completes after
// stop() finds it still alive, and stopped.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "adapters/redis/redis_reply.hpp"
#include "adapters/redis/redis_url.hpp"
#include "domain/result.hpp"

namespace chat::redis {

struct RedisOptions {
  // Commands queued and in flight, encoded; past it commands fail (Redis is not keeping
  // up, and memory would grow without bound).
  std::size_t max_output_bytes = 64 * 1024 * 1024;
  // Resolving, connecting, AUTH and SELECT together, each time it (re)connects.
  std::chrono::milliseconds connect_timeout{5000};
  // Between attempts: doubles from the first to the most after each failed one.
  std::chrono::milliseconds first_backoff{100};
  std::chrono::milliseconds max_backoff{2000};
};

class RedisLink : public std::enable_shared_from_this<RedisLink> {
 public:
  struct Events {
    std::function<void()> up;                // connected, logged in, database selected
    std::function<void(Reply)> reply;        // every reply after that, in order
    std::function<void(const Error&)> down;  // an up link was lost; it reconnects
  };

  // `role` names the link in logs ("commands", "pub/sub").
  static std::shared_ptr<RedisLink> create(boost::asio::io_context& loop, RedisUrl url,
                                           RedisOptions options, std::string role, Events events);
  RedisLink(const RedisLink&) = delete;
  RedisLink& operator=(const RedisLink&) = delete;
  ~RedisLink();

  void start();
  // Closes the socket and stops reconnecting, for good; no event runs after it.
  void stop();
  bool isUp() const { return state_ == State::kUp; }

  // Queues a command for the next write: every command sent in one turn of the loop goes
  // out in one write. Error::unavailable when the link is not up, or when the output
  // would pass max_output_bytes.
  Status send(std::span<const std::string_view> argv);

 private:
  enum class State { kIdle, kConnecting, kUp, kWaiting, kStopped };
  struct Session;  // one socket's life: its buffers and parser

  RedisLink(boost::asio::io_context& loop, RedisUrl url, RedisOptions options, std::string role,
            Events events);

  void connect();
  void connected(const std::shared_ptr<Session>& session);
  void becomeUp();
  void readSome(const std::shared_ptr<Session>& session);
  void dispatch(const std::shared_ptr<Session>& session);
  void scheduleWrite(const std::shared_ptr<Session>& session);
  void write(const std::shared_ptr<Session>& session);
  void fail(const std::string& reason);
  void closeSession();

  boost::asio::io_context& loop_;
  RedisUrl url_;
  RedisOptions options_;
  std::string role_;
  Events events_;
  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::steady_timer timer_;   // the connect timeout, or the wait before the next try
  std::shared_ptr<Session> session_;  // none while waiting or stopped
  State state_ = State::kIdle;
  std::uint64_t attempt_ = 0;  // tells a timer or resolver handler whether it is still current
  std::chrono::milliseconds backoff_;
  int failures_in_a_row_ = 0;
};

}  // namespace chat::redis
