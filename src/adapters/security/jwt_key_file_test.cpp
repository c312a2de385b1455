#include "adapters/security/jwt_key_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <random>

#include "adapters/security/base64url.hpp"

namespace chat {
namespace {

namespace fs = std::filesystem;

class JwtKeyFile : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("jwt-key-test-" + std::to_string(std::random_device{}()) +
                                         "-" + std::to_string(::getpid()));
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
  fs::path root_;
};

TEST_F(JwtKeyFile, CreatesPrivateKeyFileAndReusesIt) {
  const fs::path dir = root_ / "nested" / "data";
  const auto first = loadOrCreateJwtKey(dir);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->size(), 32u);

  struct stat info {};
  ASSERT_EQ(::stat((dir / "jwt-signing.key").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);

  std::ifstream in(dir / "jwt-signing.key");
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(base64UrlDecode(text), *first);

  const auto second = loadOrCreateJwtKey(dir);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, *first);
  // No temporary files left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

TEST_F(JwtKeyFile, DifferentDirectoriesGetDifferentKeys) {
  const auto a = loadOrCreateJwtKey(root_ / "a");
  const auto b = loadOrCreateJwtKey(root_ / "b");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_NE(*a, *b);
}

TEST_F(JwtKeyFile, RejectsShortOrGarbageKey) {
  fs::create_directories(root_);
  {
    std::ofstream out(root_ / "jwt-signing.key");
    out << base64UrlEncode(std::string(16, 'k')) << "\n";
  }
  const auto short_key = loadOrCreateJwtKey(root_);
  ASSERT_FALSE(short_key.ok());
  EXPECT_EQ(short_key.error().kind, ErrorKind::kInvalid);
  {
    std::ofstream out(root_ / "jwt-signing.key");
    out << "not base64 at all!";
  }
  EXPECT_FALSE(loadOrCreateJwtKey(root_).ok());
}

TEST_F(JwtKeyFile, ReadsExistingKey) {
  fs::create_directories(root_);
  const std::string key(40, 'x');
  {
    std::ofstream out(root_ / "jwt-signing.key");
    out << base64UrlEncode(key) << "\n";
  }
  const auto loaded = loadOrCreateJwtKey(root_);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(*loaded, key);
}

}  // namespace
}  // namespace chat
