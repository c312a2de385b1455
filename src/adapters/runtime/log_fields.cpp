#include "adapters/runtime/log_fields.hpp"

#include <atomic>
#include <string>

#include "adapters/runtime/log_format.hpp"

namespace chat::runtime {
namespace {

std::atomic<bool> json_fields{false};
// The fields of the line being logged on this thread. spdlog's loggers here are
// synchronous: the line is formatted on the thread that logs it, before the call returns.
thread_local std::string pending_fields;

void appendJson(const LogField& field, std::string& out) {
  out += ",\"";
  appendJsonEscaped(field.key, out);
  out += "\":";
  if (const auto* number = std::get_if<std::int64_t>(&field.value)) {
    out += std::to_string(*number);
  } else {
    out += '"';
    appendJsonEscaped(std::get<std::string_view>(field.value), out);
    out += '"';
  }
}

void appendText(const LogField& field, std::string& out) {
  out += ' ';
  out.append(field.key);
  out += '=';
  if (const auto* number = std::get_if<std::int64_t>(&field.value)) {
    out += std::to_string(*number);
  } else {
    out.append(std::get<std::string_view>(field.value));
  }
}

}  // namespace

void logWithFields(spdlog::level::level_enum level, std::string_view message,
                   std::initializer_list<LogField> fields) {
  if (!spdlog::should_log(level)) return;
  if (json_fields.load(std::memory_order_relaxed)) {
    pending_fields.clear();
    for (const LogField& field : fields) appendJson(field, pending_fields);
    spdlog::log(level, "{}", message);
    pending_fields.clear();
    return;
  }
  std::string line(message);
  for (const LogField& field : fields) appendText(field, line);
  spdlog::log(level, "{}", line);
}

namespace detail {

void writeFieldsAsJson(bool on) {
  json_fields.store(on, std::memory_order_relaxed);
}

std::string_view pendingJsonFields() {
  return pending_fields;
}

}  // namespace detail
}  // namespace chat::runtime
