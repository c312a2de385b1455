#include "adapters/storage/postgres/postgres_settings.hpp"

#include <gtest/gtest.h>

#include <string>

namespace chat::postgres {
namespace {

std::string valueOf(const ConnectionSettings& settings, const std::string& keyword) {
  std::string value;
  for (const auto& [key, v] : settings.parameters()) {
    if (key == keyword) value = v;  // the last one wins, as in libpq
  }
  return value;
}

TEST(PostgresSettings, DescriptionLeavesThePasswordOut) {
  auto settings =
      ConnectionSettings::parse("postgresql://alice:s3cret@db.example:6543/chat?sslmode=require");
  ASSERT_TRUE(settings.ok());
  EXPECT_EQ(settings->description(), "postgresql://alice@db.example:6543/chat");
}

TEST(PostgresSettings, ReadsBothUriSchemesAndKeyValuePairs) {
  auto short_scheme = ConnectionSettings::parse("postgres://bob@localhost/app");
  ASSERT_TRUE(short_scheme.ok());
  EXPECT_EQ(short_scheme->description(), "postgresql://bob@localhost/app");
  auto pairs = ConnectionSettings::parse("host=h port=1 dbname=d user=u password=p");
  ASSERT_TRUE(pairs.ok());
  EXPECT_EQ(pairs->description(), "postgresql://u@h:1/d");
}

TEST(PostgresSettings, AnUnreadableUrlIsInvalidAndNotQuoted) {
  auto settings = ConnectionSettings::parse("postgresql://alice:s3cret@host/db?no_such_option=1");
  ASSERT_FALSE(settings.ok());
  EXPECT_EQ(settings.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(settings.error().message.find("s3cret"), std::string::npos);
  EXPECT_EQ(settings.error().detail.find("s3cret"), std::string::npos);
}

// The defaults come before the expanded URL, so the URL's own values win over them; the
// overrides come after it and win over both.
TEST(PostgresSettings, DefaultsGiveWayToTheUrlAndOverridesWinOverIt) {
  auto settings =
      ConnectionSettings::parse("postgresql://u@h/db?connect_timeout=9", {{"dbname", "other"}});
  ASSERT_TRUE(settings.ok());
  const auto& parameters = settings->parameters();
  std::size_t timeout_at = parameters.size();
  std::size_t url_at = parameters.size();
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    if (parameters[i].first == "connect_timeout") timeout_at = i;
    if (parameters[i].first == "dbname" && url_at == parameters.size()) url_at = i;
  }
  EXPECT_EQ(parameters[timeout_at].second, "2");
  EXPECT_LT(timeout_at, url_at);  // the URL's connect_timeout=9 wins
  EXPECT_EQ(valueOf(*settings, "dbname"), "other");
  EXPECT_EQ(settings->description(), "postgresql://u@h/other");
}

}  // namespace
}  // namespace chat::postgres
