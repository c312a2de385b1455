#include "app/create_group.hpp"

#include "domain/validation.hpp"

namespace chat {

Result<GroupId> CreateGroup::handle(const Command& command) {
  if (auto valid = validateGroupName(command.name, context_.limits); !valid) return valid.error();
  auto created = context_.storage.groups().create(command.name, command.caller.user_id,
                                                  command.visibility, context_.clock.now());
  if (!created) return created.error();
  if (created->outcome == CreateGroupOutcome::kNoSuchOwner) {
    return Error::notFound("User not found");
  }
  return created->id;
}

}  // namespace chat
