#include "app/subscribe_to_group.hpp"

#include "app/membership_check.hpp"

namespace chat {

Result<std::optional<Seq>> SubscribeToGroup::handle(const Query& query) {
  Groups& groups = context_.storage.groups();
  if (auto member = requireMember(groups, query.group_id, query.caller.user_id,
                                  "Can not connect to a group which the player has not joined yet");
      !member) {
    return member.error();
  }
  // Without the head the subscription starts at the next live message: still in order,
  // so a failure here is not the caller's.
  const GroupId ids[] = {query.group_id};
  auto heads = groups.heads(ids);
  if (!heads || heads->empty()) return std::optional<Seq>();
  return std::optional<Seq>(heads->front().last_seq);
}

}  // namespace chat
