#include "adapters/admin/csv_table.hpp"

namespace chat::admin {

Result<CsvTable> parseCsv(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;      // inside a quoted field
  bool any = false;         // the current record has begun
  std::size_t line = 1;     // where the current record starts, for errors
  std::size_t at_line = 1;  // the line being read
  auto endRecord = [&] {
    record.push_back(std::move(field));
    field.clear();
    records.push_back(std::move(record));
    record.clear();
    any = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++at_line;
        field += c;
      }
      continue;
    }
    if (!any) line = at_line;
    switch (c) {
      case '"':
        quoted = true;
        any = true;
        break;
      case ',':
        record.push_back(std::move(field));
        field.clear();
        any = true;
        break;
      case '\r':
        break;  // a CRLF line end; a lone CR in a field is kept only when quoted
      case '\n':
        ++at_line;
        // A blank line is no record (a trailing one is common).
        if (any || !field.empty()) endRecord();
        break;
      default:
        field += c;
        any = true;
    }
  }
  if (quoted) {
    return Error::invalid("the quoted field that starts on line " + std::to_string(line) +
                          " is never closed");
  }
  if (any || !field.empty()) endRecord();
  if (records.empty()) return Error::invalid("the file has no header row");
  CsvTable table;
  table.columns = std::move(records.front());
  // Rows are numbered from 1, the first after the header.
  for (std::size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != table.columns.size()) {
      return Error::invalid("row " + std::to_string(r) + " has " +
                            std::to_string(records[r].size()) + " fields; the header has " +
                            std::to_string(table.columns.size()));
    }
    table.rows.push_back(std::move(records[r]));
  }
  return table;
}

}  // namespace chat::admin
