#pragma once
// Log lines that carry fields of their own (request id, route, status, duration, user id,
// connection id): in JSON logs (--log-format json) each field is a member of the line's
// object, beside time, level and message; in text logs they follow the message as
// key=value. Fields are numbers or short server-made strings: never secrets, never
// message text.
#include <spdlog/spdlog.h>

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <variant>

namespace chat::runtime {

struct LogField {
  std::string_view key;
  std::variant<std::int64_t, std::string_view> value;
};

void logWithFields(spdlog::level::level_enum level, std::string_view message,
                   std::initializer_list<LogField> fields);

namespace detail {
// Switched on by useJsonLogs(); read by the JSON line's formatter.
void writeFieldsAsJson(bool on);
// The current line's fields as JSON members (",\"key\":value..."), empty for plain lines.
std::string_view pendingJsonFields();
}  // namespace detail

}  // namespace chat::runtime
