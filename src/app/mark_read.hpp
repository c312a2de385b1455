#pragma once
#include "app/use_case_context.hpp"
#include "domain/group.hpp"
#include "domain/rate_limiter.hpp"

namespace chat {

// "I have read up to here": moves the caller's read marker in a group forward, for all
// their devices, and tells their connections. Members only; limited per user
// (Limits::read_marks_per_second) over every group and device.
class MarkRead {
 public:
  struct Command {
    Principal caller;
    GroupId group_id = 0;
    Seq seq = 0;  // above the group's newest seq means everything
  };

  explicit MarkRead(UseCaseContext& context);
  // Writes to storage: on a worker.
  Result<ReadMarker> handle(const Command& command);

 private:
  UseCaseContext& context_;
  RateLimiter per_user_;
};

}  // namespace chat
