#include "adapters/signalr/presence_tracker.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

namespace chat::signalr {

PresenceTracker::PresenceTracker(boost::asio::io_context& loop, boost::asio::thread_pool& workers,
                                 UserConnections& connections, AnnouncePresence& announce,
                                 std::chrono::milliseconds grace)
    : loop_(loop),
      workers_(workers),
      connections_(connections),
      announce_(announce),
      grace_(grace) {}

void PresenceTracker::changed(UserId user, std::string_view user_name, bool present) {
  boost::asio::post(loop_, [this, user, name = std::string(user_name), present]() mutable {
    if (present) {
      this->present(user, std::move(name));
    } else {
      absent(user);
    }
  });
}

void PresenceTracker::present(UserId user, std::string name) {
  Tracked& tracked = users_[user];
  if (!name.empty()) tracked.name = std::move(name);
  if (tracked.grace) {
    tracked.grace->cancel();  // back within the grace: no flap
    tracked.grace.reset();
  }
  if (tracked.announced) return;
  tracked.announced = true;
  announce(user, tracked.name, true);
}

void PresenceTracker::absent(UserId user) {
  auto it = users_.find(user);
  if (it == users_.end() || it->second.grace) return;
  auto& timer = it->second.grace;
  timer = std::make_unique<boost::asio::steady_timer>(loop_, grace_);
  timer->async_wait([this, user](boost::system::error_code ec) {
    if (!ec) graceOver(user);
  });
}

void PresenceTracker::graceOver(UserId user) {
  auto it = users_.find(user);
  if (it == users_.end()) return;
  it->second.grace.reset();
  const UserId users[] = {user};
  // Told of a close after the open that followed it: still here.
  if (connections_.onlineHere(users).front()) return;
  if (it->second.announced) announce(user, it->second.name, false);
  users_.erase(it);
}

void PresenceTracker::announce(UserId user, const std::string& name, bool online) {
  boost::asio::post(
      workers_, [&announce = announce_, command = AnnouncePresence::Command{user, name, online}] {
        if (auto told = announce.handle(command); !told) {
          spdlog::warn("Presence of user {} not announced: {}", command.user, told.error().message);
        }
      });
}

}  // namespace chat::signalr
