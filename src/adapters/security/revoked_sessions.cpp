#include "adapters/security/revoked_sessions.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace chat {

RevokedSessions::RevokedSessions(Clock& clock, Options options)
    : clock_(clock), options_(options) {}

std::optional<Timestamp> RevokedSessions::add(std::string_view session_id) {
  const Timestamp forget_at = clock_.now() + options_.remember_for;
  if (!addUntil(session_id, forget_at)) return std::nullopt;
  return forget_at;
}

bool RevokedSessions::addUntil(std::string_view session_id, Timestamp forget_at) {
  const Timestamp now = clock_.now();
  forget_at = std::min(forget_at, Timestamp(now + options_.remember_for));
  if (session_id.empty() || forget_at <= now) return false;
  std::lock_guard lock(mutex_);
  forgetExpired(now);
  if (ids_.contains(session_id)) return false;
  if (ids_.size() >= options_.max_sessions && !order_.empty()) {
    if (!warned_full_) {
      spdlog::warn(
          "{} sessions ended within an access token's lifetime: the oldest are "
          "forgotten early, their access tokens work until they expire",
          options_.max_sessions);
      warned_full_ = true;
    }
    ids_.erase(order_.front().session_id);
    order_.pop_front();
  }
  ids_.emplace(session_id);
  order_.push_back({std::string(session_id), forget_at});
  size_.store(ids_.size(), std::memory_order_release);
  return true;
}

bool RevokedSessions::contains(std::string_view session_id) const {
  if (size_.load(std::memory_order_acquire) == 0) return false;
  std::lock_guard lock(mutex_);
  return ids_.contains(session_id);
}

std::size_t RevokedSessions::size() const {
  std::lock_guard lock(mutex_);
  return ids_.size();
}

std::vector<RevokedSessions::Ended> RevokedSessions::remembered() const {
  std::lock_guard lock(mutex_);
  return {order_.begin(), order_.end()};
}

// Entries from addUntil may be out of order: each stays until those before it go, which
// only keeps it longer than asked, never shorter.
void RevokedSessions::forgetExpired(Timestamp now) {
  while (!order_.empty() && order_.front().forget_at <= now) {
    ids_.erase(order_.front().session_id);
    order_.pop_front();
  }
  if (ids_.size() < options_.max_sessions / 2) warned_full_ = false;
  size_.store(ids_.size(), std::memory_order_release);
}

}  // namespace chat
