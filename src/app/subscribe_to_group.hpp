#pragma once
#include <optional>

#include "app/use_case_context.hpp"

namespace chat {

// May the caller receive a group's messages live? Only its members may: the original
// server let anyone listen to any group. Answers the group's newest seq, so that a live
// subscription knows what comes next (none when storage could not tell).
class SubscribeToGroup {
 public:
  struct Query {
    Principal caller;
    GroupId group_id = 0;
  };

  explicit SubscribeToGroup(UseCaseContext& context) : context_(context) {}
  Result<std::optional<Seq>> handle(const Query& query);

 private:
  UseCaseContext& context_;
};

}  // namespace chat
