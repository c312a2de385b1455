#pragma once
// ChatApi: the REST calls the benchmark prepares with (register, login, create and join
// groups), each answering 429 by waiting the Retry-After it was given, a few times at most.
// Failures throw ApiError. Not thread-safe: one per thread.
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include <boost/asio/ip/address.hpp>

#include "rest_client.hpp"
#include "server_url.hpp"

namespace chat::bench {

struct ApiError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class ChatApi {
 public:
  explicit ChatApi(const ServerUrl& url) : url_(url) {}

  // Registers the user; an existing user name (409) is fine, its password must match.
  void registerUser(const boost::asio::ip::address& source, const std::string& user_name,
                    const std::string& password);
  // The access token.
  std::string login(const boost::asio::ip::address& source, const std::string& user_name,
                    const std::string& password);
  std::int64_t createGroup(const boost::asio::ip::address& source, const std::string& token,
                           const std::string& name);
  // Joins; already being a member (409 "already joined") is fine.
  void joinGroup(const boost::asio::ip::address& source, const std::string& token,
                 std::int64_t group_id);

 private:
  HttpResult call(const boost::asio::ip::address& source, std::string_view method,
                  const std::string& target, const std::string& body, const std::string& token);

  ServerUrl url_;
  std::map<boost::asio::ip::address, std::unique_ptr<RestClient>> clients_;
};

}  // namespace chat::bench
