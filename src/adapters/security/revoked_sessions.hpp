#pragma once
// The sessions that ended lately, in memory, so that checking an access token against them
// is a lookup, never a query. A session is remembered for `remember_for` after it ended:
// the access-token lifetime and a margin, by when every token issued before the end has
// expired. Then it is forgotten.
//
// Bounded: past `max_sessions` the session remembered longest is forgotten early, with a
// warning (its tokens then work until they expire): memory must not grow with however many
// sessions someone can end.
//
// Thread-safe: every member may be called from any thread; none blocks on I/O.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "app/ports/clock.hpp"

namespace chat {

class RevokedSessions {
 public:
  struct Options {
    std::chrono::seconds remember_for{7200};
    std::size_t max_sessions = 200'000;
  };
  struct Ended {
    std::string session_id;
    Timestamp forget_at;
  };

  RevokedSessions(Clock& clock, Options options);

  // When the session will be forgotten; none if it is remembered already (or is empty).
  std::optional<Timestamp> add(std::string_view session_id);
  // As add(), for a session another node ended: forgotten at `forget_at`, or remember_for
  // from now if that is sooner. False if remembered already or past.
  bool addUntil(std::string_view session_id, Timestamp forget_at);
  bool contains(std::string_view session_id) const;
  std::size_t size() const;
  // Every session still remembered, oldest first.
  std::vector<Ended> remembered() const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };
  void forgetExpired(Timestamp now);

  Clock& clock_;
  Options options_;
  mutable std::mutex mutex_;
  std::deque<Ended> order_;  // by forget_at, but for addUntil's few
  std::unordered_set<std::string, Hash, std::equal_to<>> ids_;
  std::atomic<std::size_t> size_{0};  // lets the common case (none ended) skip the lock
  bool warned_full_ = false;
};

}  // namespace chat
