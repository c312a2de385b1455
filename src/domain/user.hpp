#pragma once
#include <string>

#include "domain/ids.hpp"

namespace chat {

struct NewUser {
  std::string user_name;
  std::string first_name;
  std::string last_name;
  std::string email;
  std::string password_hash;
};

struct User {
  UserId id = 0;
  std::string user_name;
  std::string first_name;
  std::string last_name;
  std::string email;
  std::string password_hash;
};

// The identity a valid access token proves.
struct Principal {
  UserId user_id = 0;
  std::string user_name;
  // The session (login) the token belongs to; ending it ends the token. Empty in tokens
  // issued before sessions were named: those end only when they expire.
  std::string session_id = {};
};

}  // namespace chat
