#pragma once
// HMAC-SHA256 (OpenSSL), for whatever the server signs: JWTs, negotiate tokens.
// Thread-safe: a pure function.
#include <optional>
#include <string>
#include <string_view>

namespace chat {

// The 32-byte MAC of `data` under `key`; nullopt only when OpenSSL runs out of memory.
std::optional<std::string> hmacSha256(std::string_view key, std::string_view data);

// Compares two MACs in time independent of where they differ.
bool macsEqual(std::string_view a, std::string_view b);

}  // namespace chat
