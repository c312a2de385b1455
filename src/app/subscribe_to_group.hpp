#pragma once
#include "app/use_case_context.hpp"

namespace chat {

// May the caller receive a group's messages live? Only its members may: the original
// server let anyone listen to any group.
class SubscribeToGroup {
 public:
  struct Query {
    Principal caller;
    GroupId group_id = 0;
  };

  explicit SubscribeToGroup(UseCaseContext& context) : context_(context) {}
  Status handle(const Query& query);

 private:
  UseCaseContext& context_;
};

}  // namespace chat
