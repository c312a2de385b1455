#pragma once
// Thread-safe: calls in one process are serialised; across processes the key file is
// published with a no-replace rename, so concurrent first calls all return the same key.
#include <filesystem>
#include <string>

#include "domain/result.hpp"

namespace chat {

// The raw bytes of the JWT signing key stored in `<data_dir>/jwt-signing.key` (unpadded
// base64url text of at least 32 bytes). When the file does not exist, creates `data_dir`
// if needed and writes 32 fresh random bytes atomically (temporary file + rename, mode 0600).
// Error::internal on I/O failure, Error::invalid when the file holds no valid key.
Result<std::string> loadOrCreateJwtKey(const std::filesystem::path& data_dir);

}  // namespace chat
