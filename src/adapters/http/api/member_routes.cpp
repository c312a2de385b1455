// Invitations, removals and roles: the REST side of ManageMembers.
#include "adapters/dto/member_role_dto.hpp"
#include "adapters/http/api/api.hpp"
#include "adapters/http/api/handler_support.hpp"
#include "adapters/http/api/run_use_case.hpp"

namespace chat::http {
namespace {

// The body is {"playerName": "..."}: whom to invite.
boost::asio::awaitable<Response> inviteMember(ApiDependencies& deps, RequestContext& ctx) {
  auto id = parseId(ctx.route_params["id"], "id");
  if (!id) co_return errorResponse(id.error());
  auto [name, failure] = readJsonString(ctx, "playerName");
  if (!name) co_return failure;
  ManageMembers::Invite command{caller(ctx), *id, std::move(name).value()};
  co_return co_await runUseCase(
      deps.workers, [&] { return deps.use_cases.manage_members.invite(command); },
      [group = *id](const GroupMember& member) {
        return jsonResponse(Status::ok, memberRoleDto(group, member));
      });
}

// Removes a member or withdraws an invitation; the caller's own id declines theirs.
boost::asio::awaitable<Response> removeMember(ApiDependencies& deps, RequestContext& ctx) {
  auto id = parseId(ctx.route_params["id"], "id");
  if (!id) co_return errorResponse(id.error());
  auto target = parseId(ctx.route_params["playerId"], "playerId");
  if (!target) co_return errorResponse(target.error());
  ManageMembers::Change command{caller(ctx), *id, *target, MemberAction::kRemove};
  co_return co_await runUseCase(
      deps.workers, [&] { return deps.use_cases.manage_members.change(command); },
      [](const GroupMember&) { return jsonResponse(Status::ok, boost::json::object{}); });
}

// The body is {"role": "admin" | "member" | "owner"}; "owner" hands the group over.
boost::asio::awaitable<Response> setMemberRole(ApiDependencies& deps, RequestContext& ctx) {
  auto id = parseId(ctx.route_params["id"], "id");
  if (!id) co_return errorResponse(id.error());
  auto target = parseId(ctx.route_params["playerId"], "playerId");
  if (!target) co_return errorResponse(target.error());
  auto [role, failure] = readJsonString(ctx, "role");
  if (!role) co_return failure;
  const std::optional<MemberAction> action = roleChangeNamed(*role);
  if (!action) co_return errorResponse(unknownRoleError());
  ManageMembers::Change command{caller(ctx), *id, *target, *action};
  co_return co_await runUseCase(
      deps.workers, [&] { return deps.use_cases.manage_members.change(command); },
      [group = *id](const GroupMember& member) {
        return jsonResponse(Status::ok, memberRoleDto(group, member));
      });
}

}  // namespace

void mountMemberRoutes(Router& router, ApiDependencies* deps) {
  router.add(Verb::post, "/api/Groups/groups/{id}/invites", Access::kBearer,
             [deps](RequestContext& ctx) { return inviteMember(*deps, ctx); });
  router.add(Verb::delete_, "/api/Groups/groups/{id}/members/{playerId}", Access::kBearer,
             [deps](RequestContext& ctx) { return removeMember(*deps, ctx); });
  router.add(Verb::put, "/api/Groups/groups/{id}/members/{playerId}/role", Access::kBearer,
             [deps](RequestContext& ctx) { return setMemberRole(*deps, ctx); });
}

}  // namespace chat::http
