#pragma once
// Rate limits counted together by every node of a cluster (Redis), so that spreading
// attempts over the nodes behind a balancer does not multiply what one may try. Blocks
// until the shared count answers: call from a worker thread.
#include <optional>
#include <string_view>

#include "domain/rate_limiter.hpp"

namespace chat {

class SharedRateLimits {
 public:
  virtual ~SharedRateLimits() = default;
  // Spends one attempt for `key` under `limit` (its burst and rate; max_keys is the local
  // limiter's alone). Returns 0 when allowed, otherwise the seconds to wait; nullopt when the
  // shared count can not be reached in time, and the node's own count has to do.
  virtual std::optional<int> acquire(std::string_view key, const RateLimiter::Options& limit) = 0;
};

}  // namespace chat
