#include "adapters/signalr/group_sweep.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "adapters/runtime/offload.hpp"

namespace chat::signalr {

namespace asio = boost::asio;

GroupSweep::GroupSweep(asio::io_context& loop, asio::thread_pool& workers, UseCases& use_cases,
                       FollowedGroups& followed, LoopShards& shards, Options options)
    : loop_(loop),
      workers_(workers),
      use_cases_(use_cases),
      followed_(followed),
      shards_(shards),
      options_(options),
      timer_(loop) {}

void GroupSweep::start() {
  asio::post(loop_, [this] {
    running_ = true;
    asio::co_spawn(loop_, run(), asio::detached);
  });
}

void GroupSweep::stop() {
  asio::post(loop_, [this] {
    running_ = false;
    timer_.cancel();
  });
}

void GroupSweep::linkChanged(bool up) {
  asio::post(loop_, [this, up] {
    link_up_ = up;
    timer_.cancel();  // sweep now: what was missed while down, or soon after going down
  });
}

asio::awaitable<void> GroupSweep::run() {
  while (running_) {
    timer_.expires_after(link_up_ ? options_.interval : options_.down_interval);
    co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
    if (!running_) break;
    std::vector<GroupId> groups = followed_.all();
    if (groups.empty()) continue;
    auto heads = co_await runtime::offload(
        workers_, [&] { return use_cases_.read_group_heads.handle(groups); });
    if (!heads) {
      spdlog::warn("Sweep could not read group heads: {}", heads.error().message);
      continue;  // storage is down: nothing to read missed messages from either
    }
    apply(*heads);
  }
}

void GroupSweep::apply(const std::vector<GroupHead>& heads) {
  for (const GroupHead& head : heads) {
    for (auto& shard : shards_) shard->inbox().push(GroupHeadSeen{head.id, head.last_seq});
    auto [known, first] = member_versions_.try_emplace(head.id, head.member_version);
    if (!first && known->second != head.member_version) {
      known->second = head.member_version;
      recheckMembers(head.id);
    }
  }
  if (member_versions_.size() > 4 * heads.size() + 1024) {
    // Forget groups no longer followed, now and then.
    std::unordered_map<GroupId, std::int64_t> kept;
    for (const GroupHead& head : heads) kept.emplace(head.id, member_versions_[head.id]);
    member_versions_ = std::move(kept);
  }
}

void GroupSweep::recheckMembers(GroupId group) {
  for (auto& owned : shards_) {
    LoopShard* shard = owned.get();
    asio::post(shard->loop(), [this, shard, group] {
      std::vector<Principal> readers = shard->subscriptions().principalsOf(group);
      if (readers.empty()) return;
      asio::post(workers_, [this, shard, group, readers = std::move(readers)] {
        std::vector<UserId> gone;
        for (const Principal& reader : readers) {
          auto allowed = use_cases_.subscribe_to_group.handle({reader, group});
          if (!allowed && (allowed.error().kind == ErrorKind::kForbidden ||
                           allowed.error().kind == ErrorKind::kNotFound)) {
            gone.push_back(reader.user_id);
          }
        }
        if (gone.empty()) return;
        asio::post(shard->loop(), [shard, group, gone = std::move(gone)] {
          for (UserId user : gone) shard->dropMember(group, user);
        });
      });
    });
  }
}

}  // namespace chat::signalr
