#pragma once
// What an administrator does to a database besides using it: see which schema migrations
// it has, and copy it. The engine comes from the URL, as in openStorage.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "domain/result.hpp"

namespace chat {

struct MigrationState {
  std::int64_t version = 0;
  std::string name;
  bool applied = false;
};

// Every migration this build knows, each with whether the database has it; reads only
// (a SQLite file that does not exist yet is not created: everything is pending).
Result<std::vector<MigrationState>> migrationStates(const std::string& url,
                                                    const std::filesystem::path& data_dir);

// An online copy of the SQLite database into `target` (a new file) while servers may be
// writing to it. Other engines answer kInvalid, naming the tool to use instead.
Status backupStorage(const std::string& url, const std::filesystem::path& data_dir,
                     const std::string& target);

}  // namespace chat
