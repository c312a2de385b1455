#pragma once
// Preparing the server through its REST API, in parallel: users (registered once, reused by
// later runs with the same prefix, each logged in), groups and memberships. Password hashing
// costs the server 50-100 ms per register and login, so a few users hold many connections.
// Each request goes out from one of the loopback source addresses in turn, which spreads the
// server's per-address login limit. Throws ApiError on the first failure.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/ip/address.hpp>

#include "server_url.hpp"

namespace chat::bench {

struct PrepContext {
  ServerUrl url;
  std::string user_prefix;
  std::string password;
  unsigned threads = 8;
  std::vector<boost::asio::ip::address> sources;
};

struct BenchUser {
  std::string name;
  std::string token;
};

// Users `<prefix>0` .. `<prefix>count-1`, registered if new, logged in.
std::vector<BenchUser> prepareUsers(const PrepContext& prep, std::size_t count);

// Creates one group per entry of `creators` (a user index), named `<name_prefix><index>`.
std::vector<std::int64_t> createGroups(const PrepContext& prep, const std::vector<BenchUser>& users,
                                       const std::vector<std::size_t>& creators,
                                       const std::string& name_prefix);

// Joins each (user index, group id).
void joinGroups(const PrepContext& prep, const std::vector<BenchUser>& users,
                const std::vector<std::pair<std::size_t, std::int64_t>>& joins);

}  // namespace chat::bench
