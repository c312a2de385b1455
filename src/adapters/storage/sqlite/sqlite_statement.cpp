#include "adapters/storage/sqlite/sqlite_statement.hpp"

#include <sqlite3.h>

#include <utility>

#include "adapters/storage/sqlite/sqlite_error.hpp"

namespace chat::sqlite {

Statement::Statement(Statement&& other) noexcept
    : statement_(std::exchange(other.statement_, nullptr)),
      in_use_(std::exchange(other.in_use_, nullptr)),
      bind_failure_(other.bind_failure_) {}

Statement::~Statement() {
  if (statement_ == nullptr) return;
  if (in_use_ == nullptr) {
    sqlite3_finalize(statement_);
    return;
  }
  // Ready for the next borrower; also releases the read snapshot a pending row holds.
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
  *in_use_ = false;
}

void Statement::recordBindFailure(int result_code) {
  if (result_code != SQLITE_OK && bind_failure_ == 0) bind_failure_ = result_code;
}

Statement& Statement::bindInt(int index, std::int64_t value) {
  recordBindFailure(sqlite3_bind_int64(statement_, index, value));
  return *this;
}

Statement& Statement::bindText(int index, std::string_view value) {
  // SQLITE_TRANSIENT: SQLite copies the text, so the caller's buffer may go away.
  recordBindFailure(sqlite3_bind_text64(statement_, index, value.data(), value.size(),
                                        SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

Statement& Statement::bindOptionalText(int index, const std::optional<std::string>& value) {
  if (value) return bindText(index, *value);
  recordBindFailure(sqlite3_bind_null(statement_, index));
  return *this;
}

Statement& Statement::bindTime(int index, Timestamp value) {
  return bindInt(index, value.time_since_epoch().count());
}

Result<bool> Statement::step() {
  if (bind_failure_ != 0) return databaseError(bind_failure_, "bind");
  const int result = sqlite3_step(statement_);
  if (result == SQLITE_ROW) return true;
  if (result == SQLITE_DONE) return false;
  return databaseError(result, "step");
}

Status Statement::run() {
  for (;;) {
    auto row = step();
    if (!row) return row.error();
    if (!*row) return {};
  }
}

std::int64_t Statement::columnInt(int column) const {
  return sqlite3_column_int64(statement_, column);
}

std::string Statement::columnText(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
  if (text == nullptr) return {};
  return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}

Timestamp Statement::columnTime(int column) const {
  return Timestamp{std::chrono::milliseconds{columnInt(column)}};
}

bool Statement::columnIsNull(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

}  // namespace chat::sqlite
