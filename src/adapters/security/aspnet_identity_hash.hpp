#pragma once
// Password hashes in ASP.NET Core Identity's format (PasswordHasher<TUser>), as the server
// ChatServer replaces stored them: base64 of a version byte and PBKDF2's parameters,
// salt and subkey. Kept only to let imported accounts log in once; they are then rehashed
// to argon2id. Thread-safe: pure functions (OpenSSL's PBKDF2).
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace chat {

// How an imported hash is stored: this prefix, then the original base64 text. Argon2's
// encoding starts with '$argon2', so the two can never be confused.
inline constexpr std::string_view kAspNetIdentityHashPrefix = "aspnet-identity$";

// The most PBKDF2 iterations a stored hash may ask for: Identity's own defaults are 1,000
// (V2), 10,000 (V3 up to .NET 6) and 100,000 (.NET 7 and later); more would let a forged
// hash make each login burn seconds of CPU.
inline constexpr unsigned kMaxAspNetIdentityIterations = 1'000'000;

// Checks that `base64_hash` is a V2 or V3 hash this verifier can check; the error says
// what is wrong with it (never its content).
Status checkAspNetIdentityHash(std::string_view base64_hash);

// True when `password` is the one `base64_hash` was made from. False for a malformed hash.
bool verifyAspNetIdentityHash(std::string_view base64_hash, std::string_view password);

}  // namespace chat
