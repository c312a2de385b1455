#include "adapters/http/api/api.hpp"
#include "adapters/http/api/handler_support.hpp"
#include "adapters/http/api/run_use_case.hpp"
#include "adapters/http/json_body.hpp"
#include "adapters/metrics/server_metrics.hpp"

namespace chat::http {
namespace {

boost::asio::awaitable<Response> registerAccount(ApiDependencies& deps, RequestContext& ctx) {
  auto [body, failure] = readJsonBody(ctx);
  if (!body) co_return failure;
  RegisterUser::Command command;
  for (auto [field, name] : {std::pair{&command.first_name, "firstName"},
                             {&command.last_name, "lastName"},
                             {&command.email, "email"},
                             {&command.user_name, "userName"},
                             {&command.password, "password"}}) {
    auto value = stringOrEmpty(*body, name);
    if (!value) co_return errorResponse(value.error());
    *field = std::move(value).value();
  }
  command.client_address = ctx.client_address;
  co_return co_await runUseCase(
      deps.hashing, [&] { return deps.use_cases.register_user.handle(command); },
      [](UserId id) {
        return jsonResponse(Status::ok, boost::json::object{{"id", id}});
      },
      [](const Error& error) {
        if (error.kind == ErrorKind::kRateLimited) {
          metrics::serverMetrics().countRefused(metrics::Refusal::kRegistration);
        }
        return errorResponse(error);
      });
}

}  // namespace

void mountAccountRoutes(Router& router, ApiDependencies* deps) {
  router.add(Verb::post, "/api/Accounts", Access::kPublic, [deps](RequestContext& ctx) {
    return onlyWithLocalAccounts(*deps, ctx, &registerAccount);
  });
}

}  // namespace chat::http
