#include "app/subscribe_to_group.hpp"

#include "app/membership_check.hpp"

namespace chat {

Status SubscribeToGroup::handle(const Query& query) {
  return requireMember(context_.storage.groups(), query.group_id, query.caller.user_id,
                       "Can not connect to a group which the player has not joined yet");
}

}  // namespace chat
