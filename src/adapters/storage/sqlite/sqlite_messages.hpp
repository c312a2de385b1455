#pragma once
// Messages repository on SQLite. Holds a reference to the Database it does not own.
// Thread-safe (all access goes through Database::read/write). Appends run in a write
// transaction, so each group's seq is gap-free and unique under concurrent senders.
#include "adapters/storage/sqlite/sqlite_database.hpp"
#include "app/ports/messages.hpp"

namespace chat::sqlite {

class MessageRepository final : public Messages {
 public:
  explicit MessageRepository(Database& database) : database_(database) {}

  Result<AppendedMessage> append(const NewMessage& message) override;
  std::vector<Result<AppendedMessage>> appendBatch(
      const std::vector<NewMessage>& messages) override;
  Result<std::vector<Message>> page(const HistoryQuery& query) override;

 private:
  Database& database_;
};

}  // namespace chat::sqlite
