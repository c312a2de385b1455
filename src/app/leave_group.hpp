#pragma once
#include "app/use_case_context.hpp"

namespace chat {

// Ends the caller's membership; their live subscriptions to the group end with it. The
// owner leaves only a group no one else is in.
class LeaveGroup {
 public:
  struct Command {
    Principal caller;
    GroupId group_id = 0;
  };

  explicit LeaveGroup(UseCaseContext& context) : context_(context) {}
  Status handle(const Command& command);

 private:
  UseCaseContext& context_;
};

}  // namespace chat
