#pragma once
// Thread-safe: pure functions.
// Base64url without padding (RFC 4648 section 5), as JWT and the key file use it.
#include <optional>
#include <string>
#include <string_view>

namespace chat {

std::string base64UrlEncode(std::string_view bytes);

// The decoded bytes, or nullopt when `text` is not canonical unpadded base64url
// (characters outside the alphabet, padding, whitespace, stray trailing bits).
std::optional<std::string> base64UrlDecode(std::string_view text);

}  // namespace chat
