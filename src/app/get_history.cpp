#include "app/get_history.hpp"

#include <string>

#include "app/membership_check.hpp"

namespace chat {

Result<std::vector<Message>> GetHistory::handle(const Query& query) {
  const Limits& limits = context_.limits;
  const int limit = query.limit.value_or(limits.default_page_size);
  if (limit < 1 || limit > limits.max_page_size) {
    return Error::invalid("limit must be between 1 and " + std::to_string(limits.max_page_size));
  }
  if ((query.before && *query.before < 1) || (query.after && *query.after < 0)) {
    return Error::invalid("before must be at least 1 and after at least 0");
  }
  if (auto member =
          requireMember(context_.storage.groups(), query.group_id, query.caller.user_id,
                        "Can not retrieve messages of a group which the player has not joined yet");
      !member) {
    return member.error();
  }
  return context_.storage.messages().page(
      HistoryQuery{query.group_id, limit, query.before, query.after});
}

Result<TimelinePage> GetHistory::timelineAfter(const Principal& caller, GroupId group, Seq after) {
  const int limit = context_.limits.max_page_size;
  auto messages = handle(Query{caller, group, limit, std::nullopt, after});
  if (!messages) return messages.error();
  auto changes = context_.storage.messages().changesAfter(group, after, limit);
  if (!changes) return changes.error();
  return mergeTimeline(*messages, std::move(changes).value(), limit);
}

}  // namespace chat
