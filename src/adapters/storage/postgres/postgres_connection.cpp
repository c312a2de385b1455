#include "adapters/storage/postgres/postgres_connection.hpp"

#include <poll.h>
#include <spdlog/spdlog.h>

#include <string>
#include <string_view>

namespace chat::postgres {
namespace {

// The statement's first words, to say in a log which one failed.
std::string summary(const char* sql) {
  std::string_view text(sql);
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n')) text.remove_prefix(1);
  text = text.substr(0, text.find('\n'));
  return std::string(text.substr(0, 48));
}

// The server's notices (and a goodbye read while idle) go to the log, not to stderr.
void logNotice(void*, const char* message) {
  std::string_view text(message);
  while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  spdlog::debug("PostgreSQL: {}", text);
}

bool succeeded(const PGresult* result) {
  const ExecStatusType status = PQresultStatus(result);
  return result != nullptr && (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK);
}

Error unsendable() {
  return Error::invalid("Text must not contain NUL characters");
}

}  // namespace

bool Connection::usable() {
  PGconn* connection = connection_.get();
  // A server that closed this idle connection (restart, shutdown) left its goodbye and
  // end of file on the socket: reading them now marks the connection bad before a
  // statement is lost to it. Nothing to read (the usual case) costs one poll.
  for (int reads = 0; reads < 4; ++reads) {
    if (PQstatus(connection) != CONNECTION_OK) return false;
    pollfd socket{PQsocket(connection), POLLIN, 0};
    if (::poll(&socket, 1, 0) <= 0) return true;
    if (PQconsumeInput(connection) == 0) return false;
  }
  return PQstatus(connection) == CONNECTION_OK;
}

Status Connection::ensureConnected() {
  if (connection_ && usable()) return {};
  drop();
  if (last_connect_error_ && Clock::now() < retry_at_) return *last_connect_error_;

  std::vector<const char*> keywords;
  std::vector<const char*> values;
  for (const auto& [keyword, value] : settings_.parameters()) {
    keywords.push_back(keyword.c_str());
    values.push_back(value.c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  connection_.reset(PQconnectdbParams(keywords.data(), values.data(), /*expand_dbname=*/1));
  if (PQstatus(connection_.get()) != CONNECTION_OK) {
    last_connect_error_ =
        connectionError(connection_.get(), "connecting to " + settings_.description());
    retry_at_ = Clock::now() + kHoldOff;
    drop();
    return *last_connect_error_;
  }
  last_connect_error_.reset();
  PQsetNoticeProcessor(connection_.get(), &logNotice, nullptr);
  return {};
}

Error Connection::failed(const PGresult* result, std::string_view operation) {
  last_failure_ = failureOf(result);
  Error error = statementError(result, connection_.get(), operation);
  // A broken connection is of no further use; the next ensureConnected() replaces it.
  if (PQstatus(connection_.get()) != CONNECTION_OK) drop();
  return error;
}

Result<QueryResult> Connection::query(const char* sql, const Params& params) {
  last_failure_ = {};
  if (!params.sendable()) return unsendable();
  if (!connection_) return connectionError(nullptr, "not connected");
  QueryResult result(PQexecParams(connection_.get(), sql, params.size(), nullptr, params.values(),
                                  nullptr, nullptr, /*resultFormat=*/0));
  if (succeeded(result.raw())) return result;
  return failed(result.raw(), summary(sql));
}

Status Connection::script(const char* sql) {
  last_failure_ = {};
  if (!connection_) return connectionError(nullptr, "not connected");
  QueryResult result(PQexec(connection_.get(), sql));
  if (succeeded(result.raw())) return {};
  return failed(result.raw(), summary(sql));
}

void Connection::drop() {
  connection_.reset();
  prepared_.clear();  // the server forgets them with the session
}

Result<std::vector<QueryResult>> Connection::pipeline(std::span<const Statement> statements) {
  last_failure_ = {};
  for (const Statement& statement : statements) {
    if (!statement.params.sendable()) return unsendable();
  }
  if (!connection_) return connectionError(nullptr, "not connected");
  PGconn* connection = connection_.get();
  if (PQenterPipelineMode(connection) != 1) return failed(nullptr, "entering pipeline mode");
  // Statements run as prepared statements of this session, prepared (in the same round
  // trip) the first time: a batch's statements are parsed and planned once, not per batch.
  std::vector<Preparing> preparing(statements.size());
  for (std::size_t i = 0; i < statements.size(); ++i) {
    const Statement& statement = statements[i];
    std::string name;
    if (auto known = prepared_.find(statement.sql); known != prepared_.end()) {
      name = known->second;
    } else if (prepared_.size() < kMaxPrepared) {
      // Names are never reused, so a statement whose preparation went unrecorded (its
      // pipeline failed) can not collide with a later one.
      name = "chat_" + std::to_string(next_statement_++);
      if (PQsendPrepare(connection, name.c_str(), statement.sql, statement.params.size(),
                        nullptr) != 1) {
        Error error = connectionError(connection, "sending " + summary(statement.sql));
        drop();  // a half-sent pipeline: start afresh
        return error;
      }
      preparing[i] = Preparing{true, name};
    }
    const int sent =
        name.empty() ? PQsendQueryParams(connection, statement.sql, statement.params.size(),
                                         nullptr, statement.params.values(), nullptr, nullptr, 0)
                     : PQsendQueryPrepared(connection, name.c_str(), statement.params.size(),
                                           statement.params.values(), nullptr, nullptr, 0);
    if (sent != 1) {
      Error error = connectionError(connection, "sending " + summary(statement.sql));
      drop();
      return error;
    }
  }
  if (PQpipelineSync(connection) != 1) {
    Error error = connectionError(connection, "sending a pipeline");
    drop();
    return error;
  }
  return readPipeline(statements, preparing);
}

Result<std::vector<QueryResult>> Connection::readPipeline(std::span<const Statement> statements,
                                                          std::span<const Preparing> preparing) {
  PGconn* connection = connection_.get();
  std::vector<QueryResult> results;
  results.reserve(statements.size());
  std::optional<Error> error;
  auto lost = [&]() -> Error {
    Error lost_error = connectionError(connection, "reading pipeline results");
    drop();
    return lost_error;
  };
  // One result per message sent, each followed by a null that ends it.
  auto next = [&]() -> std::optional<QueryResult> {
    QueryResult result(PQgetResult(connection));
    if (PQstatus(connection) != CONNECTION_OK || result.raw() == nullptr) return std::nullopt;
    if (QueryResult end(PQgetResult(connection)); end.raw() != nullptr) return std::nullopt;
    return result;
  };
  for (std::size_t i = 0; i < statements.size(); ++i) {
    const Statement& statement = statements[i];
    if (preparing[i].sent) {
      auto prepared = next();
      if (!prepared) return lost();
      if (!error && succeeded(prepared->raw())) {
        prepared_.emplace(statement.sql, preparing[i].name);
      } else if (!error) {
        error = failed(prepared->raw(), summary(statement.sql));
        if (!connection_) return *error;
      }
    }
    auto result = next();
    if (!result) return lost();
    if (error) continue;  // skipped by the server after the failure
    if (succeeded(result->raw())) {
      results.push_back(std::move(*result));
    } else {
      error = failed(result->raw(), summary(statement.sql));
      if (!connection_) return *error;
    }
  }
  QueryResult sync(PQgetResult(connection));
  if (PQresultStatus(sync.raw()) != PGRES_PIPELINE_SYNC || PQexitPipelineMode(connection) != 1) {
    return lost();
  }
  if (error) return *error;
  return results;
}

bool Connection::inTransaction() const {
  const PGTransactionStatusType status = PQtransactionStatus(connection_.get());
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
}

void Connection::rollbackIfOpen() {
  if (!connection_) return;
  if (PQstatus(connection_.get()) != CONNECTION_OK) {
    drop();
    return;
  }
  if (!inTransaction()) return;
  QueryResult result(PQexec(connection_.get(), "ROLLBACK"));
  if (!succeeded(result.raw())) drop();
}

}  // namespace chat::postgres
