#include "adapters/security/aspnet_identity_hash.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sodium.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "adapters/security/sodium_init.hpp"

namespace chat {
namespace {

using Bytes = std::vector<unsigned char>;

// The PBKDF2 run a hash asks for, and the subkey it must give.
struct Pbkdf2Hash {
  const EVP_MD* digest = nullptr;
  unsigned iterations = 0;
  Bytes salt;
  Bytes subkey;
};

constexpr std::size_t kMaxEncodedSize = 1024;  // far above any real hash (about 90 bytes)
constexpr std::size_t kMinSaltSize = 16;       // Identity's own floor for V3: 128 bits
constexpr std::size_t kMinSubkeySize = 16;

std::optional<Bytes> decodeBase64(std::string_view text) {
  if (text.empty() || text.size() > kMaxEncodedSize) return std::nullopt;
  ensureSodiumInitialized();
  Bytes bytes(text.size());
  std::size_t size = 0;
  const char* end = nullptr;
  if (sodium_base642bin(bytes.data(), bytes.size(), text.data(), text.size(), nullptr, &size, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  bytes.resize(size);
  return bytes;
}

std::uint32_t readBigEndian(const Bytes& bytes, std::size_t at) {
  return (std::uint32_t{bytes[at]} << 24) | (std::uint32_t{bytes[at + 1]} << 16) |
         (std::uint32_t{bytes[at + 2]} << 8) | std::uint32_t{bytes[at + 3]};
}

// V2: 0x00, a 16-byte salt, a 32-byte subkey; PBKDF2-HMAC-SHA1 with 1,000 iterations.
Result<Pbkdf2Hash> parseVersion2(const Bytes& bytes) {
  if (bytes.size() != 1 + 16 + 32) return Error::invalid("a V2 hash has 49 bytes");
  return Pbkdf2Hash{EVP_sha1(), 1000, Bytes(bytes.begin() + 1, bytes.begin() + 17),
                    Bytes(bytes.begin() + 17, bytes.end())};
}

// V3: 0x01, then big-endian uint32s for the PRF (0 SHA-1, 1 SHA-256, 2 SHA-512), the
// iteration count and the salt's size; the salt; the rest is the subkey.
Result<Pbkdf2Hash> parseVersion3(const Bytes& bytes) {
  constexpr std::size_t kHeader = 1 + 3 * 4;
  if (bytes.size() < kHeader) return Error::invalid("a V3 hash is too short");
  const std::uint32_t prf = readBigEndian(bytes, 1);
  const std::uint32_t iterations = readBigEndian(bytes, 5);
  const std::uint32_t salt_size = readBigEndian(bytes, 9);
  const EVP_MD* digest = prf == 0   ? EVP_sha1()
                         : prf == 1 ? EVP_sha256()
                         : prf == 2 ? EVP_sha512()
                                    : nullptr;
  if (digest == nullptr) return Error::invalid("a V3 hash names an unknown PRF");
  if (iterations == 0 || iterations > kMaxAspNetIdentityIterations) {
    return Error::invalid("a V3 hash asks for too many (or no) PBKDF2 iterations");
  }
  if (salt_size < kMinSaltSize || salt_size > bytes.size() - kHeader ||
      bytes.size() - kHeader - salt_size < kMinSubkeySize) {
    return Error::invalid("a V3 hash's salt or subkey is too short");
  }
  const auto salt_begin = bytes.begin() + kHeader;
  const auto salt_end = salt_begin + salt_size;
  return Pbkdf2Hash{digest, iterations, Bytes(salt_begin, salt_end), Bytes(salt_end, bytes.end())};
}

Result<Pbkdf2Hash> parse(std::string_view base64_hash) {
  const auto bytes = decodeBase64(base64_hash);
  if (!bytes || bytes->empty()) return Error::invalid("the hash is not base64");
  switch ((*bytes)[0]) {
    case 0x00:
      return parseVersion2(*bytes);
    case 0x01:
      return parseVersion3(*bytes);
    default:
      return Error::invalid("the hash is of an unknown version (not V2 or V3)");
  }
}

}  // namespace

Status checkAspNetIdentityHash(std::string_view base64_hash) {
  auto parsed = parse(base64_hash);
  if (!parsed) return parsed.error();
  return {};
}

bool verifyAspNetIdentityHash(std::string_view base64_hash, std::string_view password) {
  auto parsed = parse(base64_hash);
  if (!parsed) return false;
  // .NET hands PBKDF2 the password's UTF-8 bytes, which is what arrives here.
  Bytes derived(parsed->subkey.size());
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), parsed->salt.data(),
                        static_cast<int>(parsed->salt.size()), static_cast<int>(parsed->iterations),
                        parsed->digest, static_cast<int>(derived.size()), derived.data()) != 1) {
    return false;
  }
  return CRYPTO_memcmp(derived.data(), parsed->subkey.data(), derived.size()) == 0;
}

}  // namespace chat
