#include "adapters/admin/original_export.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "adapters/security/aspnet_identity_hash.hpp"

namespace chat::admin {
namespace {

namespace fs = std::filesystem;

// A V3 hash of "my password" (PBKDF2-HMAC-SHA512, 10,000 iterations).
constexpr const char* kHash =
    "AQAAAAIAACcQAAAAEAABAgMEBQYHCAkKCwwNDg9B0Oxwty+PGIDSp95gcCfzeDvA4sGapUIUov8usXfD6A==";

class OriginalExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("chat-export-" + std::to_string(std::random_device{}()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& text) {
    fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  fs::path dir_;
};

TEST_F(OriginalExportTest, ReadsTheTablesFromJson) {
  const auto path = write("export.json", std::string(R"({
    "AspNetUsers": [{"Id": "g-1", "UserName": "alice", "Email": "a@example.com",
                     "PasswordHash": ")") + kHash +
                                             R"(", "AccessFailedCount": 0}],
    "Players": [{"Id": 1, "IdentityId": "g-1", "UserName": "alice", "FirstName": "Alice",
                 "LastName": null, "Created": "2019-12-03T10:15:30.1234567"}],
    "groups": [{"id": 7, "name": "General", "created": "2019-12-03 10:16:00"}],
    "PlayerGroupMappings": [{"Id": 3, "PlayerId": 1, "GroupId": 7}],
    "MessageHistories": [{"Id": 9, "GroupId": 7, "PlayerId": 1, "Message": "hello",
                          "Created": "2019-12-03T10:17:00.5Z"}]
  })");
  auto data = readOriginalExport(path);
  ASSERT_TRUE(data.ok()) << data.error().message;
  ASSERT_EQ(data->accounts.size(), 1u);
  EXPECT_EQ(data->accounts[0].password_hash, std::string(kAspNetIdentityHashPrefix) + kHash);
  ASSERT_EQ(data->players.size(), 1u);
  EXPECT_EQ(data->players[0].first_name, "Alice");
  EXPECT_EQ(data->players[0].last_name, "");
  using namespace std::chrono;
  const sys_days day = 2019y / December / 3;
  EXPECT_EQ(data->players[0].created, Timestamp{day + 10h + 15min + 30s + 123ms});
  ASSERT_EQ(data->groups.size(), 1u) << "table and column names match in any case";
  EXPECT_EQ(data->groups[0].created, Timestamp{day + 10h + 16min});
  ASSERT_EQ(data->memberships.size(), 1u);
  EXPECT_FALSE(data->memberships[0].created.has_value());
  ASSERT_EQ(data->messages.size(), 1u);
  EXPECT_EQ(data->messages[0].text, "hello");
  EXPECT_EQ(data->messages[0].created, Timestamp{day + 10h + 17min + 500ms});
}

TEST_F(OriginalExportTest, ReadsTheTablesFromADirectoryOfCsvFiles) {
  write("AspNetUsers.csv",
        std::string("Id,UserName,Email,PasswordHash\ng-1,alice,,") + kHash + "\ng-2,bob,,\n");
  write("Players.csv",
        "Id,IdentityId,UserName,FirstName,LastName,Created\n"
        "1,g-1,alice,Alice,\"Anders, Jr\",2019-12-03 10:15:30.000\n");
  write("MessageHistories.csv",
        "Id,GroupId,PlayerId,Message,Created\n"
        "9,7,1,\"hi, there\",2019-12-03 10:17:00\n");
  auto data = readOriginalExport(dir_);
  ASSERT_TRUE(data.ok()) << data.error().message;
  ASSERT_EQ(data->accounts.size(), 2u);
  EXPECT_EQ(data->accounts[1].password_hash, "") << "no hash: no password";
  EXPECT_EQ(data->players[0].last_name, "Anders, Jr");
  EXPECT_TRUE(data->groups.empty()) << "a missing file is an empty table";
  EXPECT_EQ(data->messages[0].text, "hi, there");
}

TEST_F(OriginalExportTest, NamesTheRowAndColumnOfWhatItCannotRead) {
  const std::pair<std::string, std::string> cases[] = {
      {R"({"AspNetUsers": [{"Id": "g-1", "UserName": "a", "PasswordHash": "bm9wZQ=="}]})",
       "AspNetUsers row 1: PasswordHash the hash is of an unknown version (not V2 or V3)"},
      {R"({"Players": [{"Id": "x", "UserName": "a"}]})", "Players row 1: Id is not a whole number"},
      {R"({"Players": [{"Id": 1}]})", "Players row 1: UserName is missing"},
      {R"({"Groups": [{"Id": 1}, {"Id": 2, "Created": "yesterday"}]})",
       "Groups row 2: Created is not a date and time (2019-12-03T10:15:30.123)"},
      {R"({"Groups": {"Id": 1}})", "Groups is not an array"},
  };
  for (const auto& [json, message] : cases) {
    auto data = readOriginalExport(write("bad.json", json));
    ASSERT_FALSE(data.ok()) << json;
    EXPECT_EQ(data.error().kind, ErrorKind::kInvalid);
    EXPECT_EQ(data.error().message, message);
  }
  auto not_json = readOriginalExport(write("bad.json", "Id,Name\n"));
  ASSERT_FALSE(not_json.ok());
  EXPECT_NE(not_json.error().message.find("is not JSON"), std::string::npos);
  auto missing = readOriginalExport(dir_ / "no-such-file.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("cannot read"), std::string::npos);
}

TEST_F(OriginalExportTest, ACsvErrorNamesItsFile) {
  write("Groups.csv", "Id,Name\n1,\"open\n");
  auto data = readOriginalExport(dir_);
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.error().message,
            "Groups.csv: the quoted field that starts on line 2 is never closed");
}

}  // namespace
}  // namespace chat::admin
