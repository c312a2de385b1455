// The hub methods of HubConnection that manage a group's members, as the REST routes do:
// InviteMember(groupId, playerName), RemoveMember(groupId, playerId) and
// SetMemberRole(groupId, playerId, role). Each answers {groupId, playerId, playerName, role}.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "adapters/dto/member_role_dto.hpp"
#include "adapters/runtime/offload.hpp"
#include "adapters/signalr/hub_arguments.hpp"
#include "adapters/signalr/hub_connection.hpp"
#include "adapters/signalr/loop_shard.hpp"

namespace chat::signalr {

namespace asio = boost::asio;

void HubConnection::inviteMember(std::optional<std::string> id,
                                 const boost::json::array& arguments) {
  auto group = idArgument(arguments, 0, "groupId");
  if (!group) return complete(id, group.error());
  auto name = stringArgument(arguments, 1, "playerName");
  if (!name) return complete(id, name.error());
  ManageMembers::Invite command{principal_, *group, std::move(name).value()};
  asio::co_spawn(shard_.loop(),
                 manageMember(std::move(id), *group,
                              [this, command = std::move(command)] {
                                return services_.use_cases.manage_members.invite(command);
                              }),
                 asio::detached);
}

void HubConnection::changeMember(std::optional<std::string> id, bool setting_role,
                                 const boost::json::array& arguments) {
  auto group = idArgument(arguments, 0, "groupId");
  if (!group) return complete(id, group.error());
  auto target = idArgument(arguments, 1, "playerId");
  if (!target) return complete(id, target.error());
  ManageMembers::Change command{principal_, *group, *target, MemberAction::kRemove};
  if (setting_role) {
    auto role = stringArgument(arguments, 2, "role");
    if (!role) return complete(id, role.error());
    const std::optional<MemberAction> action = roleChangeNamed(*role);
    if (!action) return complete(id, unknownRoleError());
    command.action = *action;
  }
  asio::co_spawn(
      shard_.loop(),
      manageMember(std::move(id), *group,
                   [this, command] { return services_.use_cases.manage_members.change(command); }),
      asio::detached);
}

asio::awaitable<void> HubConnection::manageMember(std::optional<std::string> id, GroupId group,
                                                  std::function<Result<GroupMember>()> change) {
  auto self = shared_from_this();
  auto changed = co_await runtime::offload(services_.workers, std::move(change));
  if (finished_) co_return;
  if (!changed) co_return complete(id, changed.error());
  complete(id, boost::json::value(memberRoleDto(group, *changed)));
}

}  // namespace chat::signalr
