#pragma once
// A Redis connection for commands, on one event loop: command() pipelines (every command
// issued in one turn of the loop goes out in one socket write, and more gather while a
// write is in flight), and replies reach their callbacks in the order the commands were
// issued. It connects on start() and reconnects by itself (see RedisLink); while it is
// down, commands fail at once with Error::unavailable.
//
// Thread affinity: construct, call and destroy it on the thread that runs `loop` (one of
// the server's event loops); every callback runs there. Nothing blocks.
#include <boost/asio/io_context.hpp>
#include <functional>
#include <initializer_list>
#include <memory>
#include <span>
#include <string_view>

#include "adapters/redis/redis_link.hpp"
#include "adapters/redis/redis_reply.hpp"
#include "adapters/redis/redis_url.hpp"
#include "domain/result.hpp"

namespace chat::redis {

class RedisConnection {
 public:
  // A reply, Redis's error replies included (Reply::isError()); Error::unavailable when the
  // command never got one (the connection was down, lost, stopped or not keeping up).
  using Callback = std::function<void(Result<Reply>)>;
  // Runs on each change: true once connected (and logged in, database selected), false
  // when that connection is lost.
  using StateCallback = std::function<void(bool up)>;

  RedisConnection(boost::asio::io_context& loop, RedisUrl url, RedisOptions options = {});
  ~RedisConnection();  // stop()
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  // Set before start().
  void onState(StateCallback callback);
  // Resolves and connects in the background; onState(true) says when commands can go.
  void start();
  // Closes the connection for good. Commands waiting for a reply fail (their callbacks run
  // inside stop()); after it no callback runs, and command() drops what it is given.
  void stop();
  bool isUp() const;

  // Sends `args` (binary-safe; copied before this returns). `done` runs later, never inside
  // this call, even when the command fails at once (Error::invalid for no args at all).
  // Replies are matched to commands in order, so nothing that changes that is allowed here:
  // no SUBSCRIBE or MONITOR (use RedisSubscriber), no CLIENT REPLY; and no SELECT, which a
  // reconnection would undo (the database is the URL's).
  void command(std::span<const std::string_view> args, Callback done);
  void command(std::initializer_list<std::string_view> args, Callback done);

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace chat::redis
