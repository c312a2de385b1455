#include "adapters/storage/sqlite/sqlite_database.hpp"

#include <string_view>

namespace chat::sqlite {
namespace {

// Each connection to these gets its own private database, so only one connection works.
bool isPrivateDatabase(std::string_view path) {
  return path.empty() || path == ":memory:" || path.find("mode=memory") != std::string_view::npos;
}

}  // namespace

Result<std::unique_ptr<Database>> Database::open(const std::string& path,
                                                 const DatabaseSettings& settings) {
  std::unique_ptr<Database> database(new Database());
  auto writer = Connection::open(path, ConnectionRole::kWriter, settings.busy_timeout);
  if (!writer) return writer.error();
  database->writer_ = std::move(writer).value();
  if (isPrivateDatabase(path)) return database;

  auto checkpoints = Connection::open(path, ConnectionRole::kCheckpointer, settings.busy_timeout);
  if (!checkpoints) return checkpoints.error();
  database->checkpointer_ =
      std::make_unique<Checkpointer>(std::move(checkpoints).value(), settings.checkpoint_pages);
  Database& self = *database;
  self.writer_->onWalCommit([&self](int wal_pages) {
    if (!self.checkpointer_->walGrew(wal_pages)) (void)self.writer_->checkpoint();
  });

  for (int i = 0; i < settings.reader_connections; ++i) {
    auto reader = Connection::open(path, ConnectionRole::kReader, settings.busy_timeout);
    if (!reader) return reader.error();
    database->idle_readers_.push_back(reader->get());
    database->readers_.push_back(std::move(reader).value());
  }
  return database;
}

Database::ReaderLease::ReaderLease(Database& database) : database_(database) {
  std::unique_lock lock(database_.readers_mutex_);
  database_.reader_returned_.wait(lock, [&] { return !database_.idle_readers_.empty(); });
  connection_ = database_.idle_readers_.back();
  database_.idle_readers_.pop_back();
}

Database::ReaderLease::~ReaderLease() {
  {
    std::lock_guard lock(database_.readers_mutex_);
    database_.idle_readers_.push_back(connection_);
  }
  database_.reader_returned_.notify_one();
}

namespace {

// Prepares (cached) and runs one statement; the statement is reset before returning.
Status runCached(Connection& connection, const char* sql) {
  auto statement = connection.prepare(sql);
  if (!statement) return statement.error();
  return statement->run();
}

}  // namespace

Status Database::begin(Connection& connection, const char* begin_sql) {
  // A transaction left open by an earlier failure (a ROLLBACK that failed too) would make
  // BEGIN fail forever; end it first.
  if (connection.inTransaction()) (void)connection.exec("ROLLBACK");
  return runCached(connection, begin_sql);
}

Status Database::finish(Connection& connection, bool commit) {
  if (commit) {
    Status committed = runCached(connection, "COMMIT");
    // A failed COMMIT may leave the transaction open; none of it must stay.
    if (!committed && connection.inTransaction()) (void)connection.exec("ROLLBACK");
    return committed;
  }
  // SQLite already rolled back by itself after some errors (disk full, I/O).
  if (connection.inTransaction()) return connection.exec("ROLLBACK");
  return {};
}

}  // namespace chat::sqlite
