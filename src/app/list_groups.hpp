#pragma once
#include <vector>

#include "app/use_case_context.hpp"
#include "domain/group.hpp"

namespace chat {

// Every group, ordered by id, each with whether the caller is a member.
class ListGroups {
 public:
  struct Query {
    Principal caller;
  };

  explicit ListGroups(UseCaseContext& context) : context_(context) {}
  Result<std::vector<GroupSummary>> handle(const Query& query) {
    return context_.storage.groups().list(query.caller.user_id);
  }

 private:
  UseCaseContext& context_;
};

}  // namespace chat
