#include "adapters/storage/postgres/postgres_result.hpp"

#include <charconv>
#include <chrono>

namespace chat::postgres {
namespace {

std::string field(const PGresult* result, int code) {
  const char* value = result != nullptr ? PQresultErrorField(result, code) : nullptr;
  return value != nullptr ? value : "";
}

// SQLSTATEs after which the same request may well succeed.
bool transient(std::string_view sqlstate) {
  return sqlstate.starts_with("08")      // connection exception
         || sqlstate.starts_with("53")   // insufficient resources (too many connections)
         || sqlstate.starts_with("57P")  // admin or crash shutdown, cannot connect now
         || sqlstate == "40001"          // serialization failure
         || sqlstate == "40P01"          // deadlock detected
         || sqlstate == "55P03"          // lock not available
         || sqlstate == "57014";         // canceled (statement timeout)
}

// libpq's messages end in a newline and may continue on tab-indented lines: one line.
std::string oneLine(std::string_view text) {
  std::string line;
  for (char c : text) {
    if (c == '\n' || c == '\t') {
      if (!line.empty() && line.back() != ' ') line += ' ';
    } else {
      line += c;
    }
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

}  // namespace

std::int64_t QueryResult::integer(int row, int column) const {
  const std::string_view digits = text(row, column);
  std::int64_t value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

Timestamp QueryResult::time(int row, int column) const {
  return Timestamp{std::chrono::milliseconds{integer(row, column)}};
}

Error connectionError(const PGconn* connection, std::string_view operation) {
  std::string detail(operation);
  detail += ": ";
  detail += connection != nullptr ? oneLine(PQerrorMessage(connection)) : "no connection";
  return Error::unavailable(std::string(kUnavailableMessage), std::move(detail));
}

Error statementError(const PGresult* result, const PGconn* connection, std::string_view operation) {
  if (connection == nullptr || PQstatus(connection) != CONNECTION_OK) {
    return connectionError(connection, operation);
  }
  const std::string sqlstate = field(result, PG_DIAG_SQLSTATE);
  std::string detail(operation);
  detail += " failed: ";
  std::string primary = field(result, PG_DIAG_MESSAGE_PRIMARY);
  detail += primary.empty() ? oneLine(PQerrorMessage(connection)) : primary;
  if (!sqlstate.empty()) detail += " (SQLSTATE " + sqlstate + ")";
  if (transient(sqlstate)) {
    return Error::unavailable(std::string(kUnavailableMessage), std::move(detail));
  }
  return Error::internal(std::move(detail));
}

Failure failureOf(const PGresult* result) {
  return Failure{field(result, PG_DIAG_SQLSTATE), field(result, PG_DIAG_CONSTRAINT_NAME)};
}

}  // namespace chat::postgres
