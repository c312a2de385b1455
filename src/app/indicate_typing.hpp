#pragma once
#include <chrono>

#include "app/use_case_context.hpp"
#include "domain/rate_limiter.hpp"

namespace chat {

// How long a client shows "X is typing" after one indication, unless another comes.
inline constexpr std::chrono::milliseconds kTypingShownFor{5000};

// "X is typing" in a group: told to the group's other readers, never stored. Members only,
// and limited per user (Limits::typing_per_second) over every group and device.
class IndicateTyping {
 public:
  struct Command {
    Principal caller;
    GroupId group_id = 0;
  };

  explicit IndicateTyping(UseCaseContext& context);
  // Checks membership in storage: on a worker.
  Status handle(const Command& command);
  // For a caller already known to be a member (a hub connection that follows the group:
  // only members may, and leaving ends it). Never blocks: any thread.
  Status handleForMember(const Command& command);

 private:
  UseCaseContext& context_;
  RateLimiter per_user_;
};

}  // namespace chat
