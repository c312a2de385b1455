#include "adapters/storage/sqlite/sqlite_error.hpp"

#include <sqlite3.h>

#include <string>

namespace chat::sqlite {

Error databaseError(int result_code, std::string_view operation) {
  std::string message = "database ";
  message.append(operation);
  message.append(" failed: ");
  message.append(sqlite3_errstr(result_code));
  switch (result_code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
    case SQLITE_NOMEM:
    case SQLITE_READONLY:
      return Error::unavailable("The database is not available; retry shortly", std::move(message));
    default:
      return Error::internal(std::move(message));
  }
}

}  // namespace chat::sqlite
