#include "chat_api.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include <boost/json.hpp>

namespace chat::bench {

namespace json = boost::json;

namespace {

constexpr int kAttempts = 6;
constexpr int kLongestWaitSeconds = 10;

[[noreturn]] void fail(std::string_view what, const HttpResult& result) {
  if (result.status == 0) throw ApiError(std::string(what) + ": " + result.error);
  throw ApiError(std::string(what) + ": HTTP " + std::to_string(result.status) + " " +
                 result.body.substr(0, 300));
}

json::value parseBody(std::string_view what, const HttpResult& result) {
  boost::system::error_code ec;
  auto value = json::parse(result.body, ec);
  if (ec) throw ApiError(std::string(what) + ": not JSON: " + result.body.substr(0, 200));
  return value;
}

}  // namespace

HttpResult ChatApi::call(const boost::asio::ip::address& source, std::string_view method,
                         const std::string& target, const std::string& body,
                         const std::string& token) {
  auto& client = clients_[source];
  if (!client) client = std::make_unique<RestClient>(url_, source);
  HttpResult result;
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    result = client->request(method, target, body, token);
    if (result.status != 429 && result.status != 503) return result;
    const int wait = std::clamp(result.retry_after, 1, kLongestWaitSeconds);
    std::this_thread::sleep_for(std::chrono::seconds(wait));
  }
  return result;
}

void ChatApi::registerUser(const boost::asio::ip::address& source, const std::string& user_name,
                           const std::string& password) {
  const json::object body{{"firstName", "Bench"},
                          {"lastName", "User"},
                          {"email", user_name + "@bench.invalid"},
                          {"userName", user_name},
                          {"password", password}};
  const auto result = call(source, "POST", "/api/Accounts", json::serialize(body), "");
  if (result.status == 200 || result.status == 201 || result.status == 409) return;
  fail("register " + user_name, result);
}

std::string ChatApi::login(const boost::asio::ip::address& source, const std::string& user_name,
                           const std::string& password) {
  const json::object body{{"userName", user_name}, {"password", password}};
  const auto result = call(source, "POST", "/api/Auth/login", json::serialize(body), "");
  if (result.status != 200) fail("login " + user_name, result);
  const auto value = parseBody("login", result);
  const auto* token = value.is_object() ? value.as_object().if_contains("accessToken") : nullptr;
  const auto* text =
      token && token->is_object() ? token->as_object().if_contains("token") : nullptr;
  if (!text || !text->is_string()) throw ApiError("login: no accessToken.token in " + result.body);
  return std::string(text->as_string());
}

std::int64_t ChatApi::createGroup(const boost::asio::ip::address& source, const std::string& token,
                                  const std::string& name) {
  const json::object body{{"name", name}};
  const auto result = call(source, "POST", "/api/Groups", json::serialize(body), token);
  if (result.status != 200 && result.status != 201) fail("create group " + name, result);
  const auto value = parseBody("create group", result);
  const auto* id = value.is_object() ? value.as_object().if_contains("groupId") : nullptr;
  if (!id || !id->is_int64()) throw ApiError("create group: no groupId in " + result.body);
  return id->as_int64();
}

void ChatApi::joinGroup(const boost::asio::ip::address& source, const std::string& token,
                        std::int64_t group_id) {
  const auto result = call(
      source, "POST", "/api/Groups/groups/" + std::to_string(group_id) + "/player", "{}", token);
  if (result.status == 200 || result.status == 204) return;
  if (result.status == 409 && result.body.find("already") != std::string::npos) return;
  fail("join group " + std::to_string(group_id), result);
}

}  // namespace chat::bench
