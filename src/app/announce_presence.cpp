#include "app/announce_presence.hpp"

namespace chat {

Status AnnouncePresence::handle(const Command& command) {
  if (!command.online && context_.presence) {
    const UserId users[] = {command.user};
    if (context_.presence->online(users).front()) return {};  // still on another node
  }
  auto groups = context_.storage.groups().groupsOf(command.user);
  if (!groups) return groups.error();
  if (!groups->empty()) {
    context_.events.memberPresence(*groups, command.user, command.user_name, command.online);
  }
  return {};
}

}  // namespace chat
