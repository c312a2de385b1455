#include "adapters/security/jwt_key_file.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>
#include <optional>
#include <string_view>
#include <system_error>

#include "adapters/security/base64url.hpp"
#include "adapters/security/sodium_init.hpp"

namespace chat {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFileName = "jwt-signing.key";
constexpr std::size_t kKeyBytes = 32;

std::string errnoText() {
  return std::strerror(errno);
}

Result<std::string> readKey(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::internal("Cannot read " + path.string());
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Error::internal("Cannot read " + path.string());
  const std::size_t end = text.find_last_not_of(" \t\r\n");
  text.resize(end == std::string::npos ? 0 : end + 1);
  auto key = base64UrlDecode(text);
  sodium_memzero(text.data(), text.size());
  if (!key || key->size() < kKeyBytes) {
    return Error::invalid(path.string() + " does not hold a base64url key of at least 32 bytes");
  }
  return std::move(*key);
}

// Writes `contents` to a new file `path` with mode 0600 and flushes it to disk.
Status writeNewFile(const fs::path& path, std::string_view contents) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Error::internal("Cannot create " + path.string() + ": " + errnoText());
  Status status;
  if (::fchmod(fd, 0600) != 0) status = Error::internal("Cannot chmod " + path.string());
  std::size_t written = 0;
  while (status.ok() && written < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      status = Error::internal("Cannot write " + path.string() + ": " + errnoText());
      break;
    }
    written += static_cast<std::size_t>(n);
  }
  if (status.ok() && ::fsync(fd) != 0) {
    status = Error::internal("Cannot sync " + path.string() + ": " + errnoText());
  }
  if (::close(fd) != 0 && status.ok()) {
    status = Error::internal("Cannot close " + path.string() + ": " + errnoText());
  }
  return status;
}

// Renames `from` to `to` unless `to` exists. Returns false (and leaves `from`) when it does.
Result<bool> renameNoReplace(const fs::path& from, const fs::path& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) {
    return true;
  }
  if (errno == EEXIST) return false;
  if (errno == EINVAL || errno == ENOSYS) {  // file system without RENAME_NOREPLACE
    if (::rename(from.c_str(), to.c_str()) == 0) return true;
  }
  return Error::internal("Cannot rename " + from.string() + " to " + to.string() + ": " +
                         errnoText());
}

void syncDirectory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);  // best effort: the rename is already visible
  ::close(fd);
}

Result<std::string> createKey(const fs::path& data_dir, const fs::path& path) {
  std::string key(kKeyBytes, '\0');
  randombytes_buf(key.data(), key.size());
  std::string text = base64UrlEncode(key) + '\n';

  char suffix[17];
  unsigned char nonce[8];
  randombytes_buf(nonce, sizeof nonce);
  sodium_bin2hex(suffix, sizeof suffix, nonce, sizeof nonce);
  const fs::path temp = data_dir / (std::string(kFileName) + ".tmp-" + suffix);

  Status written = writeNewFile(temp, text);
  sodium_memzero(text.data(), text.size());
  if (!written) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    return written.error();
  }
  const auto renamed = renameNoReplace(temp, path);
  if (!renamed || !*renamed) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    if (!renamed) return renamed.error();
    return readKey(path);  // another process created the key first: use theirs
  }
  syncDirectory(data_dir);
  return key;
}

}  // namespace

Result<std::string> loadOrCreateJwtKey(const fs::path& data_dir) {
  ensureSodiumInitialized();
  static std::mutex mutex;
  const std::lock_guard lock(mutex);

  const fs::path path = data_dir / kFileName;
  std::error_code ec;
  if (fs::exists(path, ec)) return readKey(path);
  if (ec) return Error::internal("Cannot access " + path.string() + ": " + ec.message());
  fs::create_directories(data_dir, ec);
  if (ec) return Error::internal("Cannot create " + data_dir.string() + ": " + ec.message());
  return createKey(data_dir, path);
}

}  // namespace chat
