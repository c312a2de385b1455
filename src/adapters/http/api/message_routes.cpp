#include <algorithm>
#include <limits>

#include "adapters/dto/message_dto.hpp"
#include "adapters/http/api/api.hpp"
#include "adapters/http/api/handler_support.hpp"
#include "adapters/http/api/run_use_case.hpp"
#include "adapters/http/json_body.hpp"

namespace chat::http {
namespace {

// Awaits the commit queue's callback without holding any thread.
boost::asio::awaitable<Result<Message>> submitMessage(SendMessage& send,
                                                      SendMessage::Command command) {
  std::optional<Result<Message>> outcome;
  co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void()>(
      [&](auto handler) {
        // SendMessage::Done is a std::function, which must be copyable; the handler is not.
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        send.submit(std::move(command), [&outcome, shared](Result<Message> stored) {
          outcome.emplace(std::move(stored));
          auto executor = boost::asio::get_associated_executor(*shared);
          boost::asio::post(executor, std::move(*shared));
        });
      },
      boost::asio::use_awaitable);
  co_return std::move(*outcome);
}

boost::asio::awaitable<Response> sendMessage(ApiDependencies& deps, RequestContext& ctx) {
  auto group = parseId(ctx.route_params["groupId"], "groupId");
  if (!group) co_return errorResponse(group.error());
  auto [body, failure] = readJsonBody(ctx);
  if (!body) co_return failure;
  auto text = stringOrEmpty(*body, "message");
  if (!text) co_return errorResponse(text.error());
  auto client_message_id = optionalString(*body, "clientMessageId");
  if (!client_message_id) co_return errorResponse(client_message_id.error());
  SendMessage::Command command{caller(ctx), *group, std::move(text).value(),
                               std::move(client_message_id).value()};
  auto message = co_await submitMessage(deps.use_cases.send_message, std::move(command));
  if (!message) co_return errorResponse(message.error());
  co_return jsonResponse(Status::ok, messageDto(*message));
}

boost::asio::awaitable<Response> history(ApiDependencies& deps, RequestContext& ctx) {
  auto group = parseId(ctx.route_params["groupId"], "groupId");
  if (!group) co_return errorResponse(group.error());
  auto limit = queryInteger(ctx, "limit");
  auto before = queryInteger(ctx, "before");
  auto after = queryInteger(ctx, "after");
  for (const auto* value : {&limit, &before, &after}) {
    if (!*value) co_return errorResponse(value->error());
  }
  // The use case checks the range; clamping only keeps a huge value from wrapping around.
  const auto page_limit = limit->has_value()
                              ? std::optional<int>(static_cast<int>(std::clamp<std::int64_t>(
                                    **limit, 0, std::numeric_limits<int>::max())))
                              : std::nullopt;
  GetHistory::Query query{caller(ctx), *group, page_limit, *before, *after};
  co_return co_await runUseCase(
      deps.workers, [&] { return deps.use_cases.get_history.handle(query); },
      [](const std::vector<Message>& messages) {
        boost::json::array body;
        body.reserve(messages.size());
        for (const Message& message : messages) body.push_back(messageDto(message));
        return jsonResponse(Status::ok, body);
      });
}

// Full-text search over the caller's groups: ?q=words[&groupId=][&before=messageId][&limit=],
// newest first; the next page is before the last message's id.
boost::asio::awaitable<Response> search(ApiDependencies& deps, RequestContext& ctx) {
  const std::string* text = ctx.queryValue("q");
  if (!text) co_return errorResponse(Error::invalid("q, the words to search for, is required"));
  auto group = queryInteger(ctx, "groupid");
  auto before = queryInteger(ctx, "before");
  auto limit = queryInteger(ctx, "limit");
  for (const auto* value : {&group, &before, &limit}) {
    if (!*value) co_return errorResponse(value->error());
  }
  SearchMessages::Query query{caller(ctx), *text, *group, *before, std::nullopt};
  // The use case checks the range; clamping only keeps a huge value from wrapping around.
  if (*limit) {
    query.limit = static_cast<int>(std::clamp<std::int64_t>(
        **limit, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
  }
  co_return co_await runUseCase(
      deps.workers, [&] { return deps.use_cases.search_messages.handle(query); },
      [](const std::vector<Message>& messages) {
        boost::json::array body;
        body.reserve(messages.size());
        for (const Message& message : messages) body.push_back(messageDto(message));
        return jsonResponse(Status::ok, body);
      });
}

// Edits or deletes a message (the sender's own; the group's owner and admins delete
// anyone's). The group's subscribers hear of it on the hub; the answer is the message as it
// is now.
boost::asio::awaitable<Response> changeMessage(ApiDependencies& deps, RequestContext& ctx,
                                               MessageChangeKind kind) {
  auto message = parseId(ctx.route_params["messageId"], "messageId");
  if (!message) co_return errorResponse(message.error());
  ChangeMessage::Command command{caller(ctx), *message, kind, {}};
  if (kind == MessageChangeKind::kEdit) {
    auto [body, failure] = readJsonBody(ctx);
    if (!body) co_return failure;
    auto text = stringOrEmpty(*body, "message");
    if (!text) co_return errorResponse(text.error());
    command.text = std::move(text).value();
  }
  co_return co_await runUseCase(
      deps.workers, [&] { return deps.use_cases.change_message.handle(std::move(command)); },
      [](const Message& changed) { return jsonResponse(Status::ok, messageDto(changed)); });
}

// "I am typing": told to the group's readers on the hub, never stored. For clients without
// a hub connection; a hub client calls SendTyping.
boost::asio::awaitable<Response> typing(ApiDependencies& deps, RequestContext& ctx) {
  auto group = parseId(ctx.route_params["groupId"], "groupId");
  if (!group) co_return errorResponse(group.error());
  IndicateTyping::Command command{caller(ctx), *group};
  co_return co_await runUseCase(
      deps.workers, [&] { return deps.use_cases.indicate_typing.handle(command); },
      [] { return emptyResponse(Status::no_content); });
}

}  // namespace

void mountMessageRoutes(Router& router, ApiDependencies* deps) {
  router.add(Verb::post, "/api/Messages/groups/{groupId}", Access::kBearer,
             [deps](RequestContext& ctx) { return sendMessage(*deps, ctx); });
  router.add(Verb::get, "/api/Messages/groups/{groupId}", Access::kBearer,
             [deps](RequestContext& ctx) { return history(*deps, ctx); });
  router.add(Verb::post, "/api/Messages/groups/{groupId}/typing", Access::kBearer,
             [deps](RequestContext& ctx) { return typing(*deps, ctx); });
  router.add(Verb::get, "/api/Messages/search", Access::kBearer,
             [deps](RequestContext& ctx) { return search(*deps, ctx); });
  router.add(Verb::put, "/api/Messages/{messageId}", Access::kBearer, [deps](RequestContext& ctx) {
    return changeMessage(*deps, ctx, MessageChangeKind::kEdit);
  });
  router.add(Verb::delete_, "/api/Messages/{messageId}", Access::kBearer,
             [deps](RequestContext& ctx) {
               return changeMessage(*deps, ctx, MessageChangeKind::kDelete);
             });
}

}  // namespace chat::http
