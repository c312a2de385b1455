#include "app/list_members.hpp"

#include <string>

#include "app/membership_check.hpp"

namespace chat {

Result<std::vector<ListMembers::Entry>> ListMembers::handle(const Query& query) {
  const int limit = query.limit.value_or(kDefaultLimit);
  if (limit < 1 || limit > kMaxLimit) {
    return Error::invalid("limit must be between 1 and " + std::to_string(kMaxLimit));
  }
  if (query.after < 0) return Error::invalid("after must not be negative");
  Groups& groups = context_.storage.groups();
  if (auto member = requireMember(groups, query.group_id, query.caller.user_id,
                                  "Player is not member of the group");
      !member) {
    return member.error();
  }
  auto members = groups.members(query.group_id, query.after, limit);
  if (!members) return members.error();

  std::vector<UserId> ids;
  ids.reserve(members->size());
  for (const GroupMember& member : *members) ids.push_back(member.user_id);
  std::vector<bool> online =
      context_.presence ? context_.presence->online(ids) : std::vector<bool>(ids.size(), false);
  std::vector<Entry> entries;
  entries.reserve(members->size());
  for (std::size_t i = 0; i < members->size(); ++i) {
    entries.push_back({std::move((*members)[i]), i < online.size() && online[i]});
  }
  return entries;
}

}  // namespace chat
