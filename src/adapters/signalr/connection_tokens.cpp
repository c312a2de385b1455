#include "adapters/signalr/connection_tokens.hpp"

namespace chat::signalr {

void ConnectionTokens::dropExpired(Clock::time_point now) {
  if (now < next_sweep_) return;
  std::erase_if(pending_, [now](const auto& entry) { return entry.second.expires <= now; });
  next_sweep_ = now + std::chrono::seconds(1);
}

bool ConnectionTokens::add(const std::string& token, NegotiatedConnection connection,
                           Clock::time_point now) {
  std::lock_guard lock(mutex_);
  dropExpired(now);
  if (pending_.size() >= max_pending_) return false;
  pending_[token] = Entry{std::move(connection), now + lifetime_};
  return true;
}

std::optional<NegotiatedConnection> ConnectionTokens::take(const std::string& token,
                                                           Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = pending_.find(token);
  if (it == pending_.end()) return std::nullopt;
  Entry entry = std::move(it->second);
  pending_.erase(it);
  if (entry.expires <= now) return std::nullopt;
  return std::move(entry.connection);
}

}  // namespace chat::signalr
