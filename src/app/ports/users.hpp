#pragma once
// Port: the stored user accounts. Implemented by each storage engine.
// Thread-safe: may be called from any worker thread.
#include <optional>
#include <string_view>

#include "domain/result.hpp"
#include "domain/time.hpp"
#include "domain/user.hpp"

namespace chat {

enum class AddUserOutcome {
  kAdded,
  kNameTaken,
  kAlreadyLinked,  // addExternal: the identity has an account already (`id`)
};

struct AddedUser {
  AddUserOutcome outcome = AddUserOutcome::kAdded;
  UserId id = 0;  // set when kAdded or kAlreadyLinked
};

// Who an identity provider says a user is: its issuer and its subject there.
struct ExternalIdentityKey {
  std::string_view issuer;
  std::string_view subject;
};

class Users {
 public:
  virtual ~Users() = default;
  // kNameTaken when the user name is taken (compared case-insensitively).
  virtual Result<AddedUser> add(const NewUser& user, Timestamp now) = 0;
  // Looks the name up case-insensitively.
  virtual Result<std::optional<User>> findByName(std::string_view user_name) = 0;
  virtual Result<std::optional<User>> findById(UserId id) = 0;

  // Accounts of an identity provider's users, linked to its (issuer, subject) for good:
  // the name may change there, the link stays. addExternal stores the account and its
  // link atomically: kNameTaken (and nothing stored) for a taken name, kAlreadyLinked when
  // the identity has an account already.
  virtual Result<std::optional<User>> findByExternalIdentity(ExternalIdentityKey identity) = 0;
  virtual Result<AddedUser> addExternal(const NewUser& user, ExternalIdentityKey identity,
                                        Timestamp now) = 0;

  // The administrator's operations; each is false when there is no such user.
  virtual Result<bool> setPasswordHash(UserId id, std::string_view password_hash) = 0;
  virtual Result<bool> setLocked(UserId id, bool locked) = 0;
  // In one transaction: the account leaves its groups, its refresh tokens go, its name is
  // freed (it becomes erasedUserName(id)), its personal fields are blanked and its link to
  // an identity provider goes (that user gets a new account if they come back). The row
  // stays, so the messages it sent keep a sender.
  virtual Result<bool> erase(UserId id) = 0;
};

}  // namespace chat
