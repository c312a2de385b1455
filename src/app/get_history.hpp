#pragma once
#include <optional>
#include <vector>

#include "app/use_case_context.hpp"
#include "domain/message_changes.hpp"

namespace chat {

// A page of a group's history for one of its members, oldest first.
class GetHistory {
 public:
  struct Query {
    Principal caller;
    GroupId group_id = 0;
    std::optional<int> limit;
    std::optional<Seq> before;
    std::optional<Seq> after;
  };

  explicit GetHistory(UseCaseContext& context) : context_(context) {}
  Result<std::vector<Message>> handle(const Query& query);
  // What a replay after `after` delivers, for one of the group's members: the messages and
  // the changes to earlier ones (edits, deletions), each with its own seq, in seq order.
  Result<TimelinePage> timelineAfter(const Principal& caller, GroupId group, Seq after);
  // The largest page a query may ask for.
  int maxPageSize() const { return context_.limits.max_page_size; }

 private:
  UseCaseContext& context_;
};

}  // namespace chat
