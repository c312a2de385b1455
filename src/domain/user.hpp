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
  // An administrator's lock: a locked account can not log in or refresh its sessions.
  bool locked = false;
};

// The user name an erased account keeps so that its messages still have a sender; `#`
// is never valid in a chosen name, so it can not be taken by someone registering.
inline std::string erasedUserName(UserId id) {
  return "#deleted-" + std::to_string(id);
}

// The identity a valid access token proves.
struct Principal {
  UserId user_id = 0;
  std::string user_name;
  // The session (login) the token belongs to; ending it ends the token. Empty in tokens
  // issued before sessions were named: those end only when they expire.
  std::string session_id = {};
  // Set (with user_id 0) when an identity provider's token names the user by its own
  // subject: the account here is yet to be looked up (SignInExternalUser).
  std::string external_subject = {};
};

}  // namespace chat
