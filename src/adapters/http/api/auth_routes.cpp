#include "adapters/http/api/api.hpp"
#include "adapters/http/api/handler_support.hpp"
#include "adapters/http/api/run_use_case.hpp"
#include "adapters/http/json_body.hpp"
#include "adapters/metrics/server_metrics.hpp"

namespace chat::http {
namespace {

Response sessionResponse(const Session& session) {
  return jsonResponse(Status::ok, boost::json::object{
                                      {"accessToken",
                                       {{"token", session.access_token.token},
                                        {"expiresIn", session.access_token.expires_in_seconds}}},
                                      {"refreshToken", session.refresh_token},
                                  });
}

// Login failures answer exactly as the original client expects: {"message":"Invalid_Login"}.
Response loginFailure(const Error& error) {
  auto& counted = metrics::serverMetrics();
  if (error.kind == ErrorKind::kRateLimited) {
    counted.countRefused(metrics::Refusal::kLogin);
  }
  if (error.kind != ErrorKind::kUnauthorized) return errorResponse(error);
  counted.login_failures.add();
  Response response = jsonResponse(Status::unauthorized, {{"message", error.message}});
  response.set(beast_http::field::www_authenticate, "Bearer");
  return response;
}

boost::asio::awaitable<Response> login(ApiDependencies& deps, RequestContext& ctx) {
  auto [body, failure] = readJsonBody(ctx);
  if (!body) co_return failure;
  auto user_name = stringOrEmpty(*body, "userName");
  auto password = stringOrEmpty(*body, "password");
  if (!user_name || !password) co_return loginFailure(Error::unauthorized("Invalid_Login"));
  Login::Command command{std::move(user_name).value(), std::move(password).value(),
                         ctx.client_address};
  co_return co_await runUseCase(
      deps.hashing, [&] { return deps.use_cases.login.handle(command); }, sessionResponse,
      loginFailure);
}

boost::asio::awaitable<Response> refresh(ApiDependencies& deps, RequestContext& ctx) {
  auto [token, failure] = readJsonString(ctx, "refreshToken");
  if (!token) co_return failure;
  RefreshSession::Command command{std::move(token).value()};
  co_return co_await runUseCase(
      deps.workers, [&] { return deps.use_cases.refresh_session.handle(command); },
      sessionResponse);
}

boost::asio::awaitable<Response> logout(ApiDependencies& deps, RequestContext& ctx) {
  auto [token, failure] = readJsonString(ctx, "refreshToken");
  if (!token) co_return failure;
  Logout::Command command{std::move(token).value()};
  co_return co_await runUseCase(
      deps.workers, [&] { return deps.use_cases.logout.handle(command); },
      [] { return emptyResponse(Status::no_content); });
}

}  // namespace

void mountAuthRoutes(Router& router, ApiDependencies* deps) {
  auto add = [&router, deps](std::string path, ApiRoute route) {
    router.add(Verb::post, std::move(path), Access::kPublic, [deps, route](RequestContext& ctx) {
      return onlyWithLocalAccounts(*deps, ctx, route);
    });
  };
  add("/api/Auth/login", &login);
  add("/api/Auth/refresh", &refresh);
  add("/api/Auth/logout", &logout);
}

}  // namespace chat::http
