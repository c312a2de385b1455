#pragma once
// `chatserver admin import-original`: moves the data of the ASP.NET Core server ChatServer
// replaces into an empty database. The export's rows are the original's tables
// (AspNetUsers, Players, Groups, PlayerGroupMappings, MessageHistories); docs/import.md
// describes them. Everything is checked before the first write.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/use_case_context.hpp"

namespace chat {

struct OriginalExport {
  struct Account {  // AspNetUsers: the login
    std::string id;
    std::string user_name;
    std::string email;
    std::string password_hash;  // as it is to be stored (the reader marks its scheme)
  };
  struct Player {  // Players: the chat profile; IdentityId is an AspNetUsers Id
    std::int64_t id = 0;
    std::string identity_id;
    std::string user_name;
    std::string first_name;
    std::string last_name;
    std::optional<Timestamp> created;
  };
  struct Group {
    std::int64_t id = 0;
    std::string name;
    std::optional<Timestamp> created;
  };
  struct Membership {  // PlayerGroupMappings
    std::int64_t id = 0;
    std::int64_t player_id = 0;
    std::int64_t group_id = 0;
    std::optional<Timestamp> created;
  };
  struct Message {  // MessageHistories
    std::int64_t id = 0;
    std::int64_t group_id = 0;
    std::int64_t player_id = 0;
    std::string text;
    std::optional<Timestamp> created;
  };

  std::vector<Account> accounts;
  std::vector<Player> players;
  std::vector<Group> groups;
  std::vector<Membership> memberships;
  std::vector<Message> messages;
};

struct ImportReport {
  std::int64_t users = 0;
  std::int64_t users_without_password = 0;  // a Players row with no login: reset to use
  std::int64_t groups = 0;
  std::int64_t memberships = 0;
  // People who posted in a group and then left it. Their messages are kept and they stay
  // out: they are members only while their messages are stored, as only members post here.
  std::int64_t former_members = 0;
  std::int64_t messages = 0;
};

class ImportOriginal {
 public:
  explicit ImportOriginal(UseCaseContext& context) : context_(context) {}

  // kConflict when the database already has users, groups or messages; kInvalid, naming
  // the row, when the export contradicts itself. A failure while writing leaves a partial
  // import: the error says to start again from an empty database.
  Result<ImportReport> handle(const OriginalExport& data);

 private:
  UseCaseContext& context_;
};

}  // namespace chat
