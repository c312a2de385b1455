#pragma once
// A CSV file as RFC 4180 writes it (SQL Server's and most tools' exports): a header row
// naming the columns, fields separated by commas, quoted with '"' where they hold commas,
// quotes or line breaks. Hand-written: Debian packages no C++ CSV reader, and this is one
// small state machine.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"

namespace chat::admin {

struct CsvTable {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // each as wide as `columns`
};

// kInvalid, with the line, for an unclosed quote or a row whose width differs from the
// header's. A UTF-8 byte order mark before the header is skipped.
Result<CsvTable> parseCsv(std::string_view text);

}  // namespace chat::admin
