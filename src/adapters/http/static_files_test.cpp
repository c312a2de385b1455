#include "adapters/http/static_files.hpp"

#include <gtest/gtest.h>

namespace chat::http {
namespace {

TEST(StaticFiles, RefusesNamesThatLeaveTheFolder) {
  EXPECT_TRUE(isSafeFileName("index-3f2a.js"));
  EXPECT_FALSE(isSafeFileName(".."));
  EXPECT_FALSE(isSafeFileName(".env"));
  EXPECT_FALSE(isSafeFileName("a/b.js"));
  EXPECT_FALSE(isSafeFileName("a\\b.js"));
  EXPECT_FALSE(isSafeFileName(""));
}

TEST(StaticFiles, KnowsTheTypesOfTheWebClient) {
  EXPECT_EQ(contentTypeFor("app.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(contentTypeFor("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(contentTypeFor("style.css"), "text/css; charset=utf-8");
  EXPECT_EQ(contentTypeFor("blob.bin"), "application/octet-stream");
}

}  // namespace
}  // namespace chat::http
