#pragma once
// RestClient: blocking HTTP/1.1 requests with JSON bodies over one kept-alive connection,
// bound to a chosen loopback source address, each request bounded by a timeout. Reconnects
// once when the server closed the kept-alive connection. For preparation only (not timed).
// Not thread-safe: one per thread.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/ip/address.hpp>

#include "server_url.hpp"

namespace chat::bench {

struct HttpResult {
  unsigned status = 0;  // 0: the request did not complete (see `error`)
  std::string body;
  std::string error;
  int retry_after = 0;  // seconds, from Retry-After
};

class RestClient {
 public:
  RestClient(const ServerUrl& url, boost::asio::ip::address source,
             std::chrono::milliseconds timeout = std::chrono::seconds(30));
  ~RestClient();
  RestClient(const RestClient&) = delete;
  RestClient& operator=(const RestClient&) = delete;

  // `method` is "GET", "POST" or "DELETE"; `body` is sent as application/json when not empty;
  // `token` as a bearer token when not empty.
  HttpResult request(std::string_view method, std::string_view target, std::string_view body,
                     std::string_view token);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace chat::bench
