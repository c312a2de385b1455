#pragma once
// Storage is the one source of truth and the backplane only a fast path. Every
// `interval`, every `down_interval` while the backplane is down, and at once when it comes
// back, the sweep reads the heads of the groups this node follows and hands each to every
// loop: a subscription behind its group's head reads what it missed from storage (a lost
// publish at the end of a burst, everything sent during a Redis outage). A head whose
// member count of departures grew means someone left, perhaps unheard: each loop then
// re-checks the members it delivers to and drops those who are gone.
//
// Thread affinity: runs on `loop`; linkChanged() is thread-safe.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <unordered_map>
#include <vector>

#include "adapters/signalr/followed_groups.hpp"
#include "adapters/signalr/loop_shard.hpp"
#include "app/use_cases.hpp"

namespace chat::signalr {

class GroupSweep {
 public:
  struct Options {
    std::chrono::milliseconds interval{5000};
    std::chrono::milliseconds down_interval{250};
  };

  GroupSweep(boost::asio::io_context& loop, boost::asio::thread_pool& workers, UseCases& use_cases,
             FollowedGroups& followed, LoopShards& shards, Options options);

  void start();
  void stop();
  // The backplane's link went down (sweep often) or came back (sweep now, then as usual).
  void linkChanged(bool up);

 private:
  boost::asio::awaitable<void> run();
  void apply(const std::vector<GroupHead>& heads);
  void recheckMembers(GroupId group);

  boost::asio::io_context& loop_;
  boost::asio::thread_pool& workers_;
  UseCases& use_cases_;
  FollowedGroups& followed_;
  LoopShards& shards_;
  Options options_;
  boost::asio::steady_timer timer_;
  bool running_ = false;
  bool link_up_ = true;
  std::unordered_map<GroupId, std::int64_t> member_versions_;
};

}  // namespace chat::signalr
