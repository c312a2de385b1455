#pragma once
// The in-memory storage engine: every repository in plain containers under one mutex, with
// the SQLite engine's semantics (the storage contract suite runs over both). Nothing
// survives the process; it serves tests and `--database memory:` for trying the server.
//
// Thread-safe. Messages::append stores at once and calls `done` before it returns: with
// no disk there is nothing to group a commit for.
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "app/ports/storage.hpp"

namespace chat {

class MemoryStorage final : public Storage {
 public:
  MemoryStorage();
  ~MemoryStorage() override;

  Users& users() override;
  Groups& groups() override;
  Messages& messages() override;
  RefreshTokens& refreshTokens() override;
  Status ping() override { return {}; }
  Result<StorageStatistics> statistics() override;
  void stopWrites() override;

 private:
  struct State;
  class MemoryUsers;
  class MemoryGroups;
  class MemoryMessages;
  class MemoryRefreshTokens;

  std::unique_ptr<State> state_;
  std::unique_ptr<MemoryUsers> users_;
  std::unique_ptr<MemoryGroups> groups_;
  std::unique_ptr<MemoryMessages> messages_;
  std::unique_ptr<MemoryRefreshTokens> refresh_tokens_;
};

}  // namespace chat
