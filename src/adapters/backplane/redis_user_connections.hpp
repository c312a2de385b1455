#pragma once
// The per-user connection counts of every node, in Redis: a hash per user from node
// instance to that instance's count, which each instance overwrites with its own count
// (never increments, so nothing drifts). An instance lives while its heartbeat key does;
// the admission script ignores, and deletes, the counts of instances whose key expired (a
// node that crashed or lost Redis for longer than the lifetime). On every (re)connection
// an instance writes all of its counts again, so a restarted Redis learns them.
//
// Thread affinity: runs on `loop`; admit, update and online are thread-safe
// (ClusterConnections).
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "adapters/redis/redis_connection.hpp"
#include "adapters/runtime/loop_inbox.hpp"
#include "adapters/signalr/cluster_connections.hpp"

namespace chat::backplane {

class RedisUserConnections final : public signalr::ClusterConnections {
 public:
  // This node's counts as they are now, for writing them all again.
  using Snapshot = std::function<std::vector<std::pair<UserId, std::size_t>>()>;
  struct Options {
    std::chrono::milliseconds heartbeat_interval{10000};
    std::chrono::milliseconds lifetime{30000};  // of an instance that stopped beating
    std::chrono::milliseconds admit_timeout{500};
    std::string prefix = "chat:";
  };

  // `instance` names this process (a node id and a per-start suffix), so that a node
  // restarted under the same id does not inherit counts from before.
  RedisUserConnections(boost::asio::io_context& loop, const redis::RedisUrl& url,
                       std::string instance, Snapshot snapshot, Options options);
  RedisUserConnections(boost::asio::io_context& loop, const redis::RedisUrl& url,
                       std::string instance, Snapshot snapshot)
      : RedisUserConnections(loop, url, std::move(instance), std::move(snapshot), Options{}) {}

  void start();
  void stop();

  void admit(UserId user, std::size_t count, std::size_t max, Done done) override;
  void update(UserId user, std::size_t count) override;
  void online(std::vector<UserId> users, Online done) override;

 private:
  struct Change {
    UserId user = 0;
    std::size_t count = 0;
    std::size_t max = 0;
    Done done;  // set for an admission
  };
  void apply(Change& change);
  void sendAdmission(Change& change);
  void linkUp();
  void beat();  // the heartbeat now, and again after the interval
  void sendHeartbeat();
  std::string userKey(UserId user) const;

  boost::asio::io_context& loop_;
  std::string instance_;
  Snapshot snapshot_;
  Options options_;
  std::string instance_key_;
  redis::RedisConnection connection_;
  boost::asio::steady_timer heartbeat_;
  runtime::LoopInbox<Change> changes_;
  bool stopped_ = false;
  // Handlers queued on the loop check it: this may be destroyed, on the loop, before they run.
  std::shared_ptr<char> alive_ = std::make_shared<char>();
};

}  // namespace chat::backplane
