#pragma once
// Turns SQLite result codes into chat::Error values. Stateless; thread-safe.
// Messages name the failed step and SQLite's generic description of the code only, never
// bound values, so message text, passwords and tokens can not leak into logs.
#include <string_view>

#include "domain/error.hpp"

namespace chat::sqlite {

// kUnavailable for conditions that may pass (busy, locked, I/O, disk full, can not open),
// kInternal for everything else (misuse, corruption, constraint violations).
Error databaseError(int result_code, std::string_view operation);

}  // namespace chat::sqlite
