#include "domain/validation.hpp"

#include <algorithm>
#include <string>

#include "domain/text.hpp"

namespace chat {
namespace {

constexpr std::size_t kMinUserName = 3;
constexpr std::size_t kMaxUserName = 64;

bool isUserNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '@' || c == '+';
}

// Control characters (NUL among them) break terminals, logs and clients that print text
// as it is; tab and line breaks are the ones people type.
bool isForbiddenControl(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7F;
}

Status validateText(std::string_view what, std::string_view text, std::size_t max_length) {
  const auto length = utf8Length(text);
  if (!length) return Error::invalid(std::string(what) + " must be valid UTF-8");
  if (std::any_of(text.begin(), text.end(), isForbiddenControl)) {
    return Error::invalid(std::string(what) +
                          " must not contain control characters other than tab and line breaks");
  }
  if (isBlank(text)) return Error::invalid(std::string(what) + " must not be empty");
  if (*length > max_length) {
    return Error::tooLarge(std::string(what) + " must be at most " + std::to_string(max_length) +
                           " characters");
  }
  return {};
}

}  // namespace

Status validateUserName(std::string_view user_name) {
  if (user_name.size() < kMinUserName || user_name.size() > kMaxUserName) {
    return Error::invalid("userName must be 3 to 64 characters");
  }
  for (char c : user_name) {
    if (!isUserNameChar(c)) {
      return Error::invalid("userName may contain only letters, digits and - . _ @ +");
    }
  }
  return {};
}

Status validatePassword(std::string_view password, const Limits& limits) {
  const auto length = utf8Length(password);
  if (!length) return Error::invalid("password must be valid UTF-8");
  if (*length < limits.min_password_length) {
    return Error::invalid("password must be at least " +
                          std::to_string(limits.min_password_length) + " characters");
  }
  if (*length > limits.max_password_length) {
    return Error::invalid("password must be at most " + std::to_string(limits.max_password_length) +
                          " characters");
  }
  return {};
}

Status validateProfileField(std::string_view field_name, std::string_view value,
                            std::size_t max_length) {
  const auto length = utf8Length(value);
  if (!length) return Error::invalid(std::string(field_name) + " must be valid UTF-8");
  if (*length > max_length) {
    return Error::invalid(std::string(field_name) + " must be at most " +
                          std::to_string(max_length) + " characters");
  }
  return {};
}

Status validateGroupName(std::string_view name, const Limits& limits) {
  return validateText("name", name, limits.max_group_name_length);
}

Status validateMessageText(std::string_view text, const Limits& limits) {
  return validateText("message", text, limits.max_message_length);
}

}  // namespace chat
