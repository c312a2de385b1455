#pragma once
// The rows of one statement (an owned PGresult), and how a failed statement or connection
// becomes an Error: what a retry may cure (connection lost, server shutting down, too
// many clients, deadlock or serialization failure) is kUnavailable, the rest kInternal.
// Client-facing messages are fixed; libpq's text goes into the log-only detail, without
// the DETAIL field, which may quote stored values.
// A QueryResult is used by one thread at a time.
#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "domain/time.hpp"

namespace chat::postgres {

class QueryResult {
 public:
  explicit QueryResult(PGresult* result) : result_(result, &PQclear) {}

  int rows() const { return PQntuples(result_.get()); }
  bool isNull(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
  std::string_view text(int row, int column) const {
    return {PQgetvalue(result_.get(), row, column),
            static_cast<std::size_t>(PQgetlength(result_.get(), row, column))};
  }
  std::string string(int row, int column) const { return std::string(text(row, column)); }
  std::int64_t integer(int row, int column) const;
  bool boolean(int row, int column) const { return text(row, column) == "t"; }
  Timestamp time(int row, int column) const;
  const PGresult* raw() const { return result_.get(); }

 private:
  std::unique_ptr<PGresult, decltype(&PQclear)> result_;
};

// What a failed statement reported, for callers that act on a particular failure (a
// unique violation of a given constraint).
struct Failure {
  std::string sqlstate;    // five characters; empty when the connection failed
  std::string constraint;  // the violated constraint, if any
};

inline constexpr std::string_view kUnavailableMessage =
    "The database is not available; retry shortly";

// The error for a failed statement (`result` may be null when libpq had none to give).
Error statementError(const PGresult* result, const PGconn* connection, std::string_view operation);
// The error for a connection that can not be (re)established or broke.
Error connectionError(const PGconn* connection, std::string_view operation);
Failure failureOf(const PGresult* result);

}  // namespace chat::postgres
