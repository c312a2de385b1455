#pragma once
// How log lines are written: the default text, or one JSON object per line for log
// collectors (--log-format json): {"time", "level", "thread", "message"}, then the line's
// own fields (log_fields.hpp).
#include <string>
#include <string_view>

namespace chat::runtime {

void useJsonLogs();

// `text` as the inside of a JSON string: quotes, backslashes and control characters
// escaped, and bytes that are not UTF-8 replaced by U+FFFD, so that every line parses.
void appendJsonEscaped(std::string_view text, std::string& out);

}  // namespace chat::runtime
