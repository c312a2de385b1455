#pragma once
#include "app/use_case_context.hpp"

namespace chat {

// Makes the caller a member, within the group's member limit.
class JoinGroup {
 public:
  struct Command {
    Principal caller;
    GroupId group_id = 0;
  };

  explicit JoinGroup(UseCaseContext& context) : context_(context) {}
  Status handle(const Command& command);

 private:
  UseCaseContext& context_;
};

}  // namespace chat
