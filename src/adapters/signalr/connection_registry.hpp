#pragma once
// Hub connections found by their connection token: the polls and sends of a long-polling
// or Server-Sent Events connection, a stateful WebSocket's resume, and a second transport
// for the same id (refused) reach the connection by the id they carry. A connection that
// ended is remembered as ended for a few seconds, so that a poll racing its end hears
// 204 (ended) rather than 404 (never was); after that it is unknown, as in ASP.NET. It owns each
// live connection until forget(): a long-polling connection between polls, or a stateful one
// waiting to be resumed, has nothing else that holds it. Thread-safe; entries of live connections
// are bounded by the connection limits, those of ended ones by time and count.
//
// A template only so that its tests need no real connection.
#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace chat::signalr {

template <class Connection>
class TokenRegistry {
 public:
  using Clock = std::chrono::steady_clock;

  struct Found {
    std::shared_ptr<Connection> connection;  // null unless live
    bool ended = false;                      // it was here, and ended
  };

  explicit TokenRegistry(std::chrono::seconds remember_ended = std::chrono::seconds(5),
                         std::size_t max_ended = 100000)
      : remember_ended_(remember_ended), max_ended_(max_ended) {}

  // False if a connection has that token already (or had, and ended).
  bool add(const std::string& token, const std::shared_ptr<Connection>& connection) {
    std::lock_guard lock(mutex_);
    dropOldEnded(Clock::now());
    auto [it, added] = entries_.try_emplace(token);
    if (!added) return false;
    it->second.connection = connection;
    it->second.raw = connection.get();
    ++live_;
    return true;
  }

  Found find(std::string_view token) const {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(token);
    if (it == entries_.end()) return {};
    if (it->second.raw == nullptr) {
      return {nullptr, Clock::now() - it->second.ended_at < remember_ended_};
    }
    return {it->second.connection, false};
  }

  // `connection` ended: its token is remembered as ended. Another connection under the
  // same token is left alone.
  void forget(std::string_view token, const Connection* connection) {
    const auto now = Clock::now();
    std::lock_guard lock(mutex_);
    auto it = entries_.find(token);
    if (connection == nullptr || it == entries_.end() || it->second.raw != connection) return;
    it->second.connection.reset();
    it->second.raw = nullptr;
    it->second.ended_at = now;
    --live_;
    ended_.push_back(it->first);
    dropOldEnded(now);
  }

  std::size_t liveCount() const {
    std::lock_guard lock(mutex_);
    return live_;
  }

 private:
  struct Entry {
    std::shared_ptr<Connection> connection;
    const Connection* raw = nullptr;  // null once ended
    Clock::time_point ended_at{};
  };
  struct Hash : std::hash<std::string_view> {
    using is_transparent = void;
  };

  void dropOldEnded(Clock::time_point now) {
    while (!ended_.empty()) {
      auto it = entries_.find(ended_.front());
      const bool old = ended_.size() > max_ended_ || it == entries_.end() ||
                       now - it->second.ended_at >= remember_ended_;
      if (!old) break;
      if (it != entries_.end() && it->second.raw == nullptr) entries_.erase(it);
      ended_.pop_front();
    }
  }

  std::chrono::seconds remember_ended_;
  std::size_t max_ended_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry, Hash, std::equal_to<>> entries_;
  std::deque<std::string> ended_;  // oldest first
  std::size_t live_ = 0;
};

class HubConnection;
using ConnectionRegistry = TokenRegistry<HubConnection>;

}  // namespace chat::signalr
