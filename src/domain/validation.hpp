#pragma once
// The rules a new account, a group name and a message must follow.
#include <string_view>

#include "domain/limits.hpp"
#include "domain/result.hpp"

namespace chat {

// 3 to 64 characters from a-z A-Z 0-9 - . _ @ +
Status validateUserName(std::string_view user_name);
Status validatePassword(std::string_view password, const Limits& limits);
Status validateProfileField(std::string_view field_name, std::string_view value,
                            std::size_t max_length);
Status validateGroupName(std::string_view name, const Limits& limits);
Status validateMessageText(std::string_view text, const Limits& limits);

}  // namespace chat
