#include "app/create_group.hpp"

#include "domain/validation.hpp"

namespace chat {

Result<GroupId> CreateGroup::handle(const Command& command) {
  if (auto valid = validateGroupName(command.name, context_.limits); !valid) return valid.error();
  return context_.storage.groups().create(command.name, command.caller.user_id,
                                          context_.clock.now());
}

}  // namespace chat
