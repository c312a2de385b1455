#pragma once
// Which connections the once-a-second heartbeat looks at, by the second in which each is
// next due (a timing wheel). Looking at every connection every second cost a cache miss or
// two per connection per second; an idle connection is now looked at when its keep-alive
// ping or a timeout may be due, about every 15 seconds.
//
// An entry is a weak reference, so a connection that ended is simply dropped when its
// second comes. Not thread-safe: it belongs to one event loop.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

namespace chat::signalr {

template <class T>
class HeartbeatWheel {
 public:
  using Clock = std::chrono::steady_clock;
  // Looks are scheduled at most this many seconds ahead; later ones are looked at then and
  // scheduled again.
  static constexpr std::int64_t kSeconds = 64;

  explicit HeartbeatWheel(Clock::time_point start) : origin_(start) {}

  // Looks at `item` at the first whole second at or after `when` (so that what is due at
  // `when` is due then), and never before the next second.
  void schedule(std::weak_ptr<T> item, Clock::time_point when) {
    const auto after_start = std::chrono::ceil<std::chrono::seconds>(when - origin_).count();
    const std::int64_t second =
        std::clamp<std::int64_t>(after_start, last_taken_ + 1, last_taken_ + kSeconds - 1);
    slots_[slot(second)].push_back(std::move(item));
  }

  // Moves the items still alive whose second has come by `now` into `due`.
  void takeDue(Clock::time_point now, std::vector<std::shared_ptr<T>>& due) {
    const std::int64_t until = std::min(secondOf(now), last_taken_ + kSeconds);
    for (; last_taken_ < until; ++last_taken_) {
      auto& entries = slots_[slot(last_taken_ + 1)];
      for (auto& entry : entries) {
        if (auto item = entry.lock()) due.push_back(std::move(item));
      }
      entries.clear();
      // Connections move from second to second: a slot keeping the room of its busiest
      // second would, over all slots, hold many times their number.
      if (entries.capacity() > kKeepCapacity) entries = {};
    }
  }

 private:
  static constexpr std::size_t kKeepCapacity = 256;

  std::int64_t secondOf(Clock::time_point time) const {
    return std::chrono::duration_cast<std::chrono::seconds>(time - origin_).count();
  }
  static std::size_t slot(std::int64_t second) {
    return static_cast<std::size_t>(second % kSeconds);
  }

  Clock::time_point origin_;
  std::int64_t last_taken_ = 0;  // every second up to this one has been taken
  std::array<std::vector<std::weak_ptr<T>>, kSeconds> slots_;
};

}  // namespace chat::signalr
