#pragma once
#include <string>

#include "app/use_case_context.hpp"

namespace chat {

// Creates a group owned by the caller, who becomes its first member; a private one is
// seen only by its members and those they invite.
class CreateGroup {
 public:
  struct Command {
    Principal caller;
    std::string name;
    GroupVisibility visibility = GroupVisibility::kPublic;
  };

  explicit CreateGroup(UseCaseContext& context) : context_(context) {}
  Result<GroupId> handle(const Command& command);

 private:
  UseCaseContext& context_;
};

}  // namespace chat
