#include "domain/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace chat {

void RateLimiter::refill(Bucket& bucket, Timestamp now) const {
  const double seconds = std::chrono::duration<double>(now - bucket.updated).count();
  if (seconds > 0) {
    bucket.tokens = std::min(options_.burst, bucket.tokens + seconds * options_.per_minute / 60);
    bucket.updated = now;
  }
}

void RateLimiter::evict(Timestamp now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    refill(it->second, now);
    it = it->second.tokens >= options_.burst ? buckets_.erase(it) : std::next(it);
  }
  if (buckets_.size() < options_.max_keys) return;
  auto oldest = std::min_element(buckets_.begin(), buckets_.end(), [](auto& a, auto& b) {
    return a.second.last_used < b.second.last_used;
  });
  buckets_.erase(oldest);
}

int RateLimiter::acquire(std::string_view key, Timestamp now) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) {
    if (buckets_.size() >= options_.max_keys) evict(now);
    it = buckets_.emplace(std::string(key), Bucket{options_.burst, now, now}).first;
  }
  Bucket& bucket = it->second;
  refill(bucket, now);
  bucket.last_used = now;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return 0;
  }
  const double wait = (1 - bucket.tokens) * 60 / options_.per_minute;
  return std::max(1, static_cast<int>(std::ceil(wait)));
}

}  // namespace chat
