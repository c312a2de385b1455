#pragma once
#include <optional>
#include <vector>

#include "app/use_case_context.hpp"

namespace chat {

// A group's members with their roles and whether each is online now. Members only.
class ListMembers {
 public:
  struct Query {
    Principal caller;
    GroupId group_id = 0;
    UserId after = 0;               // paging: members with a greater id
    std::optional<int> limit = {};  // none: the default page size
  };
  struct Entry {
    GroupMember member;
    bool online = false;
  };

  static constexpr int kDefaultLimit = 100;
  static constexpr int kMaxLimit = 1000;

  explicit ListMembers(UseCaseContext& context) : context_(context) {}
  Result<std::vector<Entry>> handle(const Query& query);

 private:
  UseCaseContext& context_;
};

}  // namespace chat
