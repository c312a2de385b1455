#pragma once
#include <span>
#include <vector>

#include "app/use_case_context.hpp"

namespace chat {

// Where the given groups stand in storage, for a node that checks it missed no message
// and no departure (the hub's sweep). Not a client request: no caller to check.
class ReadGroupHeads {
 public:
  explicit ReadGroupHeads(UseCaseContext& context) : context_(context) {}
  Result<std::vector<GroupHead>> handle(std::span<const GroupId> groups) {
    return context_.storage.groups().heads(groups);
  }

 private:
  UseCaseContext& context_;
};

}  // namespace chat
