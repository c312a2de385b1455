#pragma once
// Keyed token buckets: each key may spend `burst` attempts at once and regains
// `per_minute` attempts a minute. Thread-safe. Memory is bounded by `max_keys`: when full,
// buckets that have refilled completely are dropped first, then the oldest.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "domain/time.hpp"

namespace chat {

class RateLimiter {
 public:
  struct Options {
    double burst = 10;
    double per_minute = 10;
    std::size_t max_keys = 100000;
  };

  explicit RateLimiter(Options options) : options_(options) {}

  // Spends one attempt for `key`. Returns 0 when allowed, otherwise the seconds to wait.
  int acquire(std::string_view key, Timestamp now);

 private:
  struct Bucket {
    double tokens;
    Timestamp updated;    // when `tokens` was last brought up to date
    Timestamp last_used;  // for evicting the least recently used key
  };
  void refill(Bucket& bucket, Timestamp now) const;
  void evict(Timestamp now);

  Options options_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace chat
