#include <algorithm>

#include "adapters/dto/message_dto.hpp"
#include "adapters/dto/read_marker_dto.hpp"
#include "adapters/http/api/api.hpp"
#include "adapters/http/api/handler_support.hpp"
#include "adapters/http/api/run_use_case.hpp"
#include "adapters/http/json_body.hpp"

namespace chat::http {
namespace {

boost::asio::awaitable<Response> listGroups(ApiDependencies& deps, RequestContext& ctx) {
  ListGroups::Query query{caller(ctx)};
  co_return co_await runUseCase(
      deps.workers, [&] { return deps.use_cases.list_groups.handle(query); },
      [](const std::vector<GroupSummary>& groups) {
        boost::json::array body;
        body.reserve(groups.size());
        for (const GroupSummary& group : groups) {
          boost::json::object entry{{"groupId", group.id},
                                    {"name", group.name},
                                    {"isMember", group.is_member},
                                    {"isPrivate", group.is_private},
                                    {"invited", group.invited}};
          // Members also see where they stand, as MarkRead answers it (groupId is set
          // already): the original client ignores these.
          if (group.is_member) {
            entry["role"] = roleName(group.role);
            for (const auto& field : readMarkerDto(ReadMarker{
                     group.id, group.last_read_seq, group.last_seq, group.uncounted_seqs})) {
              entry[field.key()] = field.value();
            }
            entry["lastMessage"] =
                group.last_message ? messageDto(*group.last_message) : boost::json::value();
          }
          body.push_back(std::move(entry));
        }
        return jsonResponse(Status::ok, body);
      });
}

// The body is {"name": "...", "isPrivate": false}; isPrivate may be left out.
boost::asio::awaitable<Response> createGroup(ApiDependencies& deps, RequestContext& ctx) {
  auto [body, failure] = readJsonBody(ctx);
  if (!body) co_return failure;
  auto name = stringOrEmpty(*body, "name");
  if (!name) co_return errorResponse(name.error());
  CreateGroup::Command command;
  command.caller = caller(ctx);
  command.name = std::move(name).value();
  if (const boost::json::value* is_private = body->if_contains("isPrivate")) {
    if (!is_private->is_bool()) {
      co_return errorResponse(Error::invalid("isPrivate must be true or false"));
    }
    if (is_private->as_bool()) command.visibility = GroupVisibility::kPrivate;
  }
  co_return co_await runUseCase(
      deps.workers, [&] { return deps.use_cases.create_group.handle(command); },
      [](GroupId id) {
        return jsonResponse(Status::ok, boost::json::object{{"groupId", id}});
      });
}

// Join and leave ignore the body (the original client sends `{}`) and answer `{}`.
Response emptyJsonObject() {
  return jsonResponse(Status::ok, boost::json::object{});
}

boost::asio::awaitable<Response> joinGroup(ApiDependencies& deps, RequestContext& ctx) {
  auto id = parseId(ctx.route_params["id"], "id");
  if (!id) co_return errorResponse(id.error());
  JoinGroup::Command command{caller(ctx), *id};
  co_return co_await runUseCase(
      deps.workers, [&] { return deps.use_cases.join_group.handle(command); }, emptyJsonObject);
}

boost::asio::awaitable<Response> leaveGroup(ApiDependencies& deps, RequestContext& ctx) {
  auto id = parseId(ctx.route_params["id"], "id");
  if (!id) co_return errorResponse(id.error());
  LeaveGroup::Command command{caller(ctx), *id};
  co_return co_await runUseCase(
      deps.workers, [&] { return deps.use_cases.leave_group.handle(command); }, emptyJsonObject);
}

// The body is {"seq": N}: what the caller has read up to, for all their devices.
boost::asio::awaitable<Response> markRead(ApiDependencies& deps, RequestContext& ctx) {
  auto id = parseId(ctx.route_params["id"], "id");
  if (!id) co_return errorResponse(id.error());
  auto [body, failure] = readJsonBody(ctx);
  if (!body) co_return failure;
  const boost::json::value* seq = body->if_contains("seq");
  if (!seq || !seq->is_int64() || seq->as_int64() < 0) {
    co_return errorResponse(Error::invalid("seq must be a non-negative integer"));
  }
  MarkRead::Command command{caller(ctx), *id, seq->as_int64()};
  co_return co_await runUseCase(
      deps.workers, [&] { return deps.use_cases.mark_read.handle(command); },
      [](const ReadMarker& marker) { return jsonResponse(Status::ok, readMarkerDto(marker)); });
}

// Members only: who is in the group, with roles and who is online now, by id.
boost::asio::awaitable<Response> listMembers(ApiDependencies& deps, RequestContext& ctx) {
  auto id = parseId(ctx.route_params["id"], "id");
  if (!id) co_return errorResponse(id.error());
  auto after = queryInteger(ctx, "after");
  if (!after) co_return errorResponse(after.error());
  auto limit = queryInteger(ctx, "limit");
  if (!limit) co_return errorResponse(limit.error());
  // The use case checks the range; clamping only keeps a huge value from wrapping around.
  std::optional<int> page_limit;
  if (*limit) page_limit = static_cast<int>(std::clamp<std::int64_t>(**limit, -1, 1'000'000));
  ListMembers::Query query{caller(ctx), *id, after->value_or(0), page_limit};
  co_return co_await runUseCase(
      deps.workers, [&] { return deps.use_cases.list_members.handle(query); },
      [](const std::vector<ListMembers::Entry>& members) {
        boost::json::array body;
        body.reserve(members.size());
        for (const ListMembers::Entry& entry : members) {
          body.push_back(boost::json::object{{"playerId", entry.member.user_id},
                                             {"playerName", entry.member.user_name},
                                             {"role", roleName(entry.member.role)},
                                             {"online", entry.online}});
        }
        return jsonResponse(Status::ok, body);
      });
}

}  // namespace

void mountGroupRoutes(Router& router, ApiDependencies* deps) {
  router.add(Verb::get, "/api/Groups", Access::kBearer,
             [deps](RequestContext& ctx) { return listGroups(*deps, ctx); });
  router.add(Verb::post, "/api/Groups", Access::kBearer,
             [deps](RequestContext& ctx) { return createGroup(*deps, ctx); });
  router.add(Verb::post, "/api/Groups/groups/{id}/player", Access::kBearer,
             [deps](RequestContext& ctx) { return joinGroup(*deps, ctx); });
  router.add(Verb::delete_, "/api/Groups/groups/{id}/player", Access::kBearer,
             [deps](RequestContext& ctx) { return leaveGroup(*deps, ctx); });
  router.add(Verb::put, "/api/Groups/groups/{id}/read", Access::kBearer,
             [deps](RequestContext& ctx) { return markRead(*deps, ctx); });
  router.add(Verb::get, "/api/Groups/groups/{id}/members", Access::kBearer,
             [deps](RequestContext& ctx) { return listMembers(*deps, ctx); });
}

}  // namespace chat::http
