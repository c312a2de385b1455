#include "adapters/admin/original_export.hpp"

#include <boost/json.hpp>
#include <cctype>
#include <chrono>
#include <fstream>
#include <functional>
#include <sstream>
#include <system_error>

#include "adapters/admin/csv_table.hpp"
#include "adapters/security/aspnet_identity_hash.hpp"

namespace chat::admin {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

bool sameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// One row of a table, whichever kind of file it came from.
class Fields {
 public:
  virtual ~Fields() = default;
  // The column's text; nullopt when the column is absent, null or empty.
  virtual std::optional<std::string> text(std::string_view column) const = 0;
};

class JsonFields final : public Fields {
 public:
  explicit JsonFields(const json::object& object) : object_(object) {}
  std::optional<std::string> text(std::string_view column) const override {
    for (const auto& [key, value] : object_) {
      if (!sameName(key, column)) continue;
      if (value.is_string() && !value.get_string().empty()) return std::string(value.get_string());
      if (value.is_int64()) return std::to_string(value.get_int64());
      if (value.is_uint64()) return std::to_string(value.get_uint64());
      return std::nullopt;
    }
    return std::nullopt;
  }

 private:
  const json::object& object_;
};

class CsvFields final : public Fields {
 public:
  CsvFields(const CsvTable& table, const std::vector<std::string>& row)
      : table_(table), row_(row) {}
  std::optional<std::string> text(std::string_view column) const override {
    for (std::size_t i = 0; i < table_.columns.size(); ++i) {
      if (sameName(table_.columns[i], column)) {
        if (row_[i].empty()) return std::nullopt;
        return row_[i];
      }
    }
    return std::nullopt;
  }

 private:
  const CsvTable& table_;
  const std::vector<std::string>& row_;
};

// `where` names the row in errors, e.g. "Players row 3".
using RowVisitor = std::function<Status(const Fields& fields, const std::string& where)>;

class Source {
 public:
  virtual ~Source() = default;
  virtual Status eachRow(std::string_view table, const RowVisitor& visit) = 0;
};

Result<std::string> readFile(const fs::path& path) {
  std::error_code error;
  const auto size = fs::file_size(path, error);
  if (error) return Error::invalid("cannot read " + path.string() + ": " + error.message());
  if (size > kMaxExportFileBytes) {
    return Error::tooLarge(path.string() + " is larger than the 4 GiB an import reads");
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) return Error::invalid("cannot read " + path.string());
  return std::move(text).str();
}

class JsonSource final : public Source {
 public:
  explicit JsonSource(json::object root) : root_(std::move(root)) {}

  Status eachRow(std::string_view table, const RowVisitor& visit) override {
    for (const auto& [key, value] : root_) {
      if (!sameName(key, table)) continue;
      if (!value.is_array()) return Error::invalid(std::string(table) + " is not an array");
      const json::array& rows = value.get_array();
      for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::string where = std::string(table) + " row " + std::to_string(i + 1);
        if (!rows[i].is_object()) return Error::invalid(where + " is not an object");
        if (auto status = visit(JsonFields(rows[i].get_object()), where); !status) return status;
      }
    }
    return {};
  }

 private:
  json::object root_;
};

class CsvDirectory final : public Source {
 public:
  explicit CsvDirectory(fs::path directory) : directory_(std::move(directory)) {}

  Status eachRow(std::string_view table, const RowVisitor& visit) override {
    const fs::path file = directory_ / (std::string(table) + ".csv");
    std::error_code error;
    if (!fs::exists(file, error)) return {};
    auto text = readFile(file);
    if (!text) return text.error();
    auto parsed = parseCsv(*text);
    if (!parsed) return Error::invalid(file.filename().string() + ": " + parsed.error().message);
    for (std::size_t i = 0; i < parsed->rows.size(); ++i) {
      const std::string where = file.filename().string() + " row " + std::to_string(i + 1);
      if (auto status = visit(CsvFields(*parsed, parsed->rows[i]), where); !status) return status;
    }
    return {};
  }

 private:
  fs::path directory_;
};

Error fieldError(const std::string& where, std::string_view column, std::string_view what) {
  return Error::invalid(where + ": " + std::string(column) + " " + std::string(what));
}

Result<std::int64_t> wholeNumber(const Fields& fields, std::string_view column,
                                 const std::string& where) {
  const auto text = fields.text(column);
  if (!text) return fieldError(where, column, "is missing");
  std::int64_t value = 0;
  std::size_t used = 0;
  try {
    value = std::stoll(*text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text->size()) return fieldError(where, column, "is not a whole number");
  return value;
}

// The `width` digits at text[at], or -1.
int digits(std::string_view text, std::size_t at, std::size_t width) {
  if (at + width > text.size()) return -1;
  int value = 0;
  for (std::size_t i = at; i < at + width; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// SQL Server's datetime2 as exports write it: "2019-12-03T10:15:30.1234567" or with a
// space for the T; up to 7 fraction digits (kept to the millisecond); UTC, the original's
// convention, with an optional Z or +00:00.
std::optional<Timestamp> parseSqlTime(std::string_view text) {
  using namespace std::chrono;
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != ' ') || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  const int y = digits(text, 0, 4), mo = digits(text, 5, 2), d = digits(text, 8, 2);
  const int h = digits(text, 11, 2), mi = digits(text, 14, 2), s = digits(text, 17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) {
    return std::nullopt;
  }
  std::size_t at = 19;
  int ms = 0;
  if (at < text.size() && text[at] == '.') {
    std::size_t end = at + 1;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
    const std::size_t count = end - at - 1;
    if (count == 0 || count > 7) return std::nullopt;
    for (std::size_t i = 0; i < 3; ++i) {
      ms = ms * 10 + (i < count ? text[at + 1 + i] - '0' : 0);
    }
    at = end;
  }
  const std::string_view zone = text.substr(at);
  if (!zone.empty() && zone != "Z" && zone != "+00:00") return std::nullopt;
  const year_month_day date{year{y}, month{static_cast<unsigned>(mo)},
                            day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  return Timestamp{sys_days{date}.time_since_epoch() + hours{h} + minutes{mi} + seconds{s} +
                   milliseconds{ms}};
}

Result<std::optional<Timestamp>> optionalTime(const Fields& fields, std::string_view column,
                                              const std::string& where) {
  const auto text = fields.text(column);
  if (!text) return std::optional<Timestamp>{};
  auto time = parseSqlTime(*text);
  if (!time) return fieldError(where, column, "is not a date and time (2019-12-03T10:15:30.123)");
  return time;
}

std::string optionalText(const Fields& fields, std::string_view column) {
  return fields.text(column).value_or("");
}

// The hash as the server stores it; an account without one has no password (yet).
Result<std::string> storedHash(const Fields& fields, const std::string& where) {
  const auto hash = fields.text("PasswordHash");
  if (!hash) return std::string();
  if (auto valid = checkAspNetIdentityHash(*hash); !valid) {
    return fieldError(where, "PasswordHash", valid.error().message);
  }
  return std::string(kAspNetIdentityHashPrefix) + *hash;
}

Result<OriginalExport> readTables(Source& source) {
  OriginalExport data;
  auto accounts = source.eachRow("AspNetUsers", [&](const Fields& fields,
                                                    const std::string& where) {
    OriginalExport::Account account;
    const auto id = fields.text("Id");
    const auto name = fields.text("UserName");
    if (!id) return Status(fieldError(where, "Id", "is missing"));
    if (!name) return Status(fieldError(where, "UserName", "is missing"));
    auto hash = storedHash(fields, where);
    if (!hash) return Status(hash.error());
    data.accounts.push_back({*id, *name, optionalText(fields, "Email"), std::move(hash).value()});
    return Status();
  });
  if (!accounts) return accounts.error();

  auto players = source.eachRow("Players", [&](const Fields& fields, const std::string& where) {
    auto id = wholeNumber(fields, "Id", where);
    if (!id) return Status(id.error());
    const auto name = fields.text("UserName");
    if (!name) return Status(fieldError(where, "UserName", "is missing"));
    auto created = optionalTime(fields, "Created", where);
    if (!created) return Status(created.error());
    data.players.push_back({*id, optionalText(fields, "IdentityId"), *name,
                            optionalText(fields, "FirstName"), optionalText(fields, "LastName"),
                            *created});
    return Status();
  });
  if (!players) return players.error();

  auto groups = source.eachRow("Groups", [&](const Fields& fields, const std::string& where) {
    auto id = wholeNumber(fields, "Id", where);
    if (!id) return Status(id.error());
    auto created = optionalTime(fields, "Created", where);
    if (!created) return Status(created.error());
    data.groups.push_back({*id, optionalText(fields, "Name"), *created});
    return Status();
  });
  if (!groups) return groups.error();

  auto mappings =
      source.eachRow("PlayerGroupMappings", [&](const Fields& fields, const std::string& where) {
        auto id = wholeNumber(fields, "Id", where);
        if (!id) return Status(id.error());
        auto player = wholeNumber(fields, "PlayerId", where);
        if (!player) return Status(player.error());
        auto group = wholeNumber(fields, "GroupId", where);
        if (!group) return Status(group.error());
        auto created = optionalTime(fields, "Created", where);
        if (!created) return Status(created.error());
        data.memberships.push_back({*id, *player, *group, *created});
        return Status();
      });
  if (!mappings) return mappings.error();

  auto messages =
      source.eachRow("MessageHistories", [&](const Fields& fields, const std::string& where) {
        auto id = wholeNumber(fields, "Id", where);
        if (!id) return Status(id.error());
        auto group = wholeNumber(fields, "GroupId", where);
        if (!group) return Status(group.error());
        auto player = wholeNumber(fields, "PlayerId", where);
        if (!player) return Status(player.error());
        auto created = optionalTime(fields, "Created", where);
        if (!created) return Status(created.error());
        data.messages.push_back({*id, *group, *player, optionalText(fields, "Message"), *created});
        return Status();
      });
  if (!messages) return messages.error();
  return data;
}

}  // namespace

Result<OriginalExport> readOriginalExport(const fs::path& path) {
  std::error_code error;
  if (fs::is_directory(path, error)) {
    CsvDirectory source(path);
    return readTables(source);
  }
  auto text = readFile(path);
  if (!text) return text.error();
  json::error_code parse_error;
  json::value root = json::parse(*text, parse_error);
  if (parse_error) {
    return Error::invalid(path.string() + " is not JSON: " + parse_error.message());
  }
  if (!root.is_object()) {
    return Error::invalid(path.string() + " holds no object of tables (AspNetUsers, Players, ...)");
  }
  JsonSource source(std::move(root.get_object()));
  return readTables(source);
}

}  // namespace chat::admin
