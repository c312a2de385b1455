#include "adapters/backplane/redis_rate_limits.hpp"

#include <boost/asio/post.hpp>
#include <cmath>
#include <future>
#include <memory>

namespace chat::backplane {
namespace {

// KEYS[1]: the bucket. ARGV[1]: milliseconds one attempt costs; ARGV[2]: the burst, in
// milliseconds. The key holds when the bucket is full again ("theoretical arrival time");
// an attempt is allowed while that stays within the burst from now. Returns the
// milliseconds to wait, 0 when allowed (and spent).
constexpr std::string_view kAcquireScript = R"lua(
local clock = redis.call('TIME')
local now = clock[1] * 1000 + math.floor(clock[2] / 1000)
local cost = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local full_at = tonumber(redis.call('GET', KEYS[1]) or now)
if full_at < now then full_at = now end
local wait = full_at + cost - burst - now
if wait > 0 then return wait end
redis.call('SET', KEYS[1], full_at + cost, 'PX', full_at + cost - now)
return 0
)lua";

}  // namespace

RedisRateLimits::RedisRateLimits(boost::asio::io_context& loop, const redis::RedisUrl& url,
                                 std::chrono::milliseconds timeout, std::string prefix)
    : loop_(loop), timeout_(timeout), prefix_(std::move(prefix)), connection_(loop, url) {}

void RedisRateLimits::start() {
  boost::asio::post(loop_, [this] { connection_.start(); });
}

void RedisRateLimits::stop() {
  boost::asio::post(loop_, [this] { connection_.stop(); });
}

std::optional<int> RedisRateLimits::acquire(std::string_view key,
                                            const RateLimiter::Options& limit) {
  const auto cost_ms =
      static_cast<long long>(std::max(1.0, std::round(60000.0 / std::max(limit.per_minute, 1e-3))));
  const auto burst_ms = static_cast<long long>(std::max(1.0, limit.burst)) * cost_ms;
  auto answer = std::make_shared<std::promise<std::optional<int>>>();
  auto future = answer->get_future();
  boost::asio::post(loop_, [this, answer, key = prefix_ + std::string(key),
                            cost = std::to_string(cost_ms), burst = std::to_string(burst_ms)] {
    connection_.command(
        {"EVAL", kAcquireScript, "1", key, cost, burst}, [answer](Result<redis::Reply> reply) {
          if (!reply.ok() || reply->kind != redis::Reply::Kind::kInteger) {
            answer->set_value(std::nullopt);
            return;
          }
          const std::int64_t wait_ms = reply->integer;
          answer->set_value(
              wait_ms <= 0 ? 0
                           : static_cast<int>(std::max<std::int64_t>(1, (wait_ms + 999) / 1000)));
        });
  });
  if (future.wait_for(timeout_) != std::future_status::ready) return std::nullopt;
  return future.get();
}

}  // namespace chat::backplane
