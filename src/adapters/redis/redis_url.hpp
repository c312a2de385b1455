#pragma once
// Where a Redis server is and how to log in: parsed from
// redis://[[USER]:PASSWORD@]HOST[:PORT][/DB] (port 6379 and database 0 unless given).
// The password is a secret: `describe()` is what logs show, and it leaves it out.
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace chat::redis {

struct RedisUrl {
  std::string host;  // a name or an address (an IPv6 one without its brackets)
  std::uint16_t port = 6379;
  int db = 0;
  std::string user;      // empty: AUTH with the password alone (the default user)
  std::string password;  // empty: no AUTH

  // host:port/db, for logs; never the user's credentials.
  std::string describe() const;
};

// Error::invalid with what is wrong in the URL (the URL itself is not repeated: it may
// hold a password).
Result<RedisUrl> parseRedisUrl(std::string_view text);

}  // namespace chat::redis
