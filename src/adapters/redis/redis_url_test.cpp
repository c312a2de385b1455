#include "adapters/redis/redis_url.hpp"

#include <gtest/gtest.h>

namespace chat::redis {
namespace {

RedisUrl parsed(std::string_view text) {
  auto url = parseRedisUrl(text);
  EXPECT_TRUE(url.ok()) << text << ": " << url.error().message;
  return url.ok() ? *url : RedisUrl{};
}

std::string errorOf(std::string_view text) {
  auto url = parseRedisUrl(text);
  EXPECT_FALSE(url.ok()) << text;
  if (url.ok()) return {};
  EXPECT_EQ(url.error().kind, ErrorKind::kInvalid);
  return url.error().message;
}

TEST(RedisUrl, HostAlonePicksTheDefaultPortAndDatabase) {
  const RedisUrl url = parsed("redis://cache.internal");
  EXPECT_EQ(url.host, "cache.internal");
  EXPECT_EQ(url.port, 6379);
  EXPECT_EQ(url.db, 0);
  EXPECT_EQ(url.user, "");
  EXPECT_EQ(url.password, "");
}

TEST(RedisUrl, PortAndDatabase) {
  const RedisUrl url = parsed("redis://127.0.0.1:6380/3");
  EXPECT_EQ(url.host, "127.0.0.1");
  EXPECT_EQ(url.port, 6380);
  EXPECT_EQ(url.db, 3);
  EXPECT_EQ(parsed("redis://localhost:7000/").db, 0);
}

TEST(RedisUrl, PasswordIsPercentDecoded) {
  const RedisUrl url = parsed("redis://:s%40cret%3Ax@redis:6379/2");
  EXPECT_EQ(url.user, "");
  EXPECT_EQ(url.password, "s@cret:x");
  EXPECT_EQ(url.host, "redis");
  EXPECT_EQ(url.db, 2);
}

TEST(RedisUrl, UserAndPassword) {
  const RedisUrl url = parsed("redis://chat:pw@redis");
  EXPECT_EQ(url.user, "chat");
  EXPECT_EQ(url.password, "pw");
}

TEST(RedisUrl, Ipv6HostLosesItsBrackets) {
  const RedisUrl url = parsed("redis://[::1]:6390");
  EXPECT_EQ(url.host, "::1");
  EXPECT_EQ(url.port, 6390);
  EXPECT_EQ(url.describe(), "[::1]:6390/0");
}

TEST(RedisUrl, DescribeLeavesTheCredentialsOut) {
  const RedisUrl url = parsed("redis://chat:topsecret@redis:6381/4");
  EXPECT_EQ(url.describe(), "redis:6381/4");
}

TEST(RedisUrl, BadUrlsSayWhatIsWrong) {
  EXPECT_NE(errorOf("").find("redis://"), std::string::npos);
  EXPECT_NE(errorOf("localhost:6379").find("scheme"), std::string::npos);
  EXPECT_NE(errorOf("http://localhost").find("scheme"), std::string::npos);
  EXPECT_NE(errorOf("rediss://localhost").find("TLS"), std::string::npos);
  EXPECT_NE(errorOf("redis:localhost").find("redis://"), std::string::npos);
  EXPECT_NE(errorOf("redis://").find("host"), std::string::npos);
  EXPECT_NE(errorOf("redis://:pw@:6379").find("host"), std::string::npos);
  EXPECT_NE(errorOf("redis://localhost:0").find("port"), std::string::npos);
  EXPECT_NE(errorOf("redis://localhost:65536").find("port"), std::string::npos);
  EXPECT_NE(errorOf("redis://localhost:abc").find("URL"), std::string::npos);
  EXPECT_NE(errorOf("redis://localhost/x").find("database"), std::string::npos);
  EXPECT_NE(errorOf("redis://localhost/-1").find("database"), std::string::npos);
  EXPECT_NE(errorOf("redis://localhost/1/2").find("database"), std::string::npos);
  EXPECT_NE(errorOf("redis://localhost/99999999999").find("database"), std::string::npos);
  EXPECT_NE(errorOf("redis://localhost?db=1").find("query"), std::string::npos);
  EXPECT_NE(errorOf("redis://user@localhost").find("password"), std::string::npos);
  EXPECT_NE(errorOf("redis://:@localhost").find("password"), std::string::npos);
}

TEST(RedisUrl, ErrorsNeverRepeatThePassword) {
  EXPECT_EQ(errorOf("redis://:hunter2@localhost/x").find("hunter2"), std::string::npos);
  EXPECT_EQ(errorOf("redis://:hunter2@localhost:99999").find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace chat::redis
