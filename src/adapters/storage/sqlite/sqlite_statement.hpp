#pragma once
// A prepared statement in use. Either borrowed from its connection's cache (reset and
// returned to the cache on destruction) or owned (finalized on destruction). Belongs to
// one connection: use it only while holding that connection, and never let it outlive it.
// Not thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/result.hpp"
#include "domain/time.hpp"

struct sqlite3_stmt;

namespace chat::sqlite {

class Statement {
 public:
  // `in_use` is the cache's flag for a borrowed statement, or nullptr when owned.
  Statement(sqlite3_stmt* statement, bool* in_use) : statement_(statement), in_use_(in_use) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameters are numbered from 1. A failed bind is reported by the next step().
  Statement& bindInt(int index, std::int64_t value);
  Statement& bindText(int index, std::string_view value);
  Statement& bindOptionalText(int index, const std::optional<std::string>& value);
  Statement& bindTime(int index, Timestamp value);

  // True when a row is ready to read, false when the statement has finished.
  Result<bool> step();
  // Steps until the statement has finished, ignoring any rows.
  Status run();

  // Columns of the current row are numbered from 0.
  std::int64_t columnInt(int column) const;
  std::string columnText(int column) const;
  Timestamp columnTime(int column) const;
  bool columnIsNull(int column) const;

 private:
  void recordBindFailure(int result_code);

  sqlite3_stmt* statement_;
  bool* in_use_;
  int bind_failure_ = 0;  // first failed bind's result code, 0 when none
};

}  // namespace chat::sqlite
