#include "app/import_original.hpp"

#include <gtest/gtest.h>

#include "app/fake_ports_test_support.hpp"

namespace chat {
namespace {

using fakes::FakeApp;
using std::chrono::minutes;

class ImportOriginalTest : public ::testing::Test {
 protected:
  Timestamp at(int minute) { return Timestamp{} + minutes(minute); }

  // Two players with logins, one (Carol) whose login row is missing, two groups.
  OriginalExport sample() {
    OriginalExport data;
    data.accounts = {{"guid-a", "alice", "alice@example.com", "old:alice pw"},
                     {"guid-b", "Bob", "bob@example.com", "old:bob pw"}};
    data.players = {{1, "guid-a", "alice", "Alice", "Anders", at(1)},
                    {2, "guid-b", "Bob", "Bob", "Berg", at(2)},
                    {3, "guid-gone", "carol", "Carol", "", at(3)}};
    data.groups = {{10, "General", at(4)}, {11, "", at(5)}};
    data.memberships = {{100, 2, 10, at(7)}, {101, 1, 10, at(6)}, {102, 1, 10, at(8)}};
    // Out of order in the export; Carol posted in General and has left it since.
    data.messages = {{1002, 10, 2, "third", at(12)},
                     {1000, 10, 1, "first", at(10)},
                     {1001, 10, 3, "second", at(11)}};
    return data;
  }

  std::vector<Message> history(GroupId group) {
    return app.messages()
        .page({.group_id = group, .limit = 100, .before = {}, .after = {}})
        .value();
  }
  UserId idOf(const std::string& name) { return app.users().findByName(name).value()->id; }

  FakeApp app;
  ImportOriginal import{app.context};
};

TEST_F(ImportOriginalTest, ImportsAccountsGroupsMembersAndHistoryInOrder) {
  auto report = import.handle(sample());
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->users, 3);
  EXPECT_EQ(report->users_without_password, 1);
  EXPECT_EQ(report->groups, 2);
  EXPECT_EQ(report->memberships, 2) << "the repeated mapping counts once";
  EXPECT_EQ(report->former_members, 1);
  EXPECT_EQ(report->messages, 3);

  auto alice = app.users().findByName("ALICE").value();
  ASSERT_TRUE(alice.has_value());
  EXPECT_EQ(alice->password_hash, "old:alice pw");
  EXPECT_EQ(alice->first_name, "Alice");
  EXPECT_EQ(alice->last_name, "Anders");
  EXPECT_EQ(alice->email, "alice@example.com");
  EXPECT_EQ(app.users().findByName("carol").value()->password_hash, "")
      << "no login row: no password until an administrator sets one";

  auto groups = app.groups().list(idOf("alice")).value();
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].name, "General");
  EXPECT_TRUE(groups[0].is_member);
  EXPECT_EQ(groups[1].name, "Group 11");
  EXPECT_FALSE(groups[1].is_member) << "a group no one was in keeps no members";
  EXPECT_EQ(app.groups().membership(groups[0].id, idOf("carol")).value(), Membership::kNotMember)
      << "whoever had left stays out";
  EXPECT_EQ(app.groups().membership(groups[0].id, idOf("Bob")).value(), Membership::kMember);

  auto messages = history(groups[0].id);
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[0].text, "first");
  EXPECT_EQ(messages[0].seq, 1);
  EXPECT_EQ(messages[0].sent_on, at(10));
  EXPECT_EQ(messages[1].text, "second");
  EXPECT_EQ(messages[1].sender_id, idOf("carol"));
  EXPECT_EQ(messages[2].text, "third");
  EXPECT_EQ(messages[2].seq, 3);
}

TEST_F(ImportOriginalTest, RefusesADatabaseThatHasUsers) {
  app.addUser("someone");
  auto report = import.handle(sample());
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().kind, ErrorKind::kConflict);
  EXPECT_FALSE(app.users().findByName("alice").value().has_value());
}

TEST_F(ImportOriginalTest, AnExportThatContradictsItselfWritesNothing) {
  OriginalExport unknown_player = sample();
  unknown_player.messages.push_back({1003, 10, 99, "from nobody", at(13)});
  OriginalExport unknown_group = sample();
  unknown_group.memberships.push_back({103, 1, 77, at(9)});
  OriginalExport same_name = sample();
  same_name.accounts.push_back({"guid-c", "ALICE", "", "old:x"});
  OriginalExport bad_name = sample();
  bad_name.accounts.push_back({"guid-d", "no spaces allowed", "", "old:x"});
  OriginalExport latin1 = sample();
  latin1.messages.push_back({1004, 10, 1, "caf\xE9", at(14)});
  OriginalExport same_player = sample();
  same_player.players.push_back({1, "guid-b", "Bob", "", "", at(2)});
  OriginalExport same_message = sample();
  same_message.messages.push_back({1002, 10, 1, "the same Id again", at(15)});

  const std::pair<OriginalExport*, std::string> cases[] = {
      {&unknown_player, "MessageHistories row 1003: no Players row 99"},
      {&unknown_group, "PlayerGroupMappings row 103: no Groups row 77"},
      {&same_name, "AspNetUsers row guid-c: a second account named ALICE"},
      {&bad_name, "AspNetUsers row guid-d: "},
      {&same_player, "Players row 1: the Id appears twice"},
      {&same_message, "MessageHistories row 1002: the Id appears twice"},
      {&latin1, "MessageHistories row 1004: the text is not UTF-8"},
  };
  for (const auto& [data, message] : cases) {
    auto report = import.handle(*data);
    ASSERT_FALSE(report.ok()) << message;
    EXPECT_EQ(report.error().kind, ErrorKind::kInvalid);
    EXPECT_EQ(report.error().message.rfind(message, 0), 0u) << report.error().message;
    EXPECT_EQ(app.storage.statistics().value().users, 0) << message;
  }
}

TEST_F(ImportOriginalTest, AFailedWriteSaysTheImportIsPartial) {
  app.messages().batch_failure = Error::unavailable("The database is not available");
  auto report = import.handle(sample());
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.error().message.find("empty the database before importing again"),
            std::string::npos)
      << report.error().message;
}

TEST_F(ImportOriginalTest, AnEmptyExportImportsNothing) {
  auto report = import.handle({});
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->users, 0);
  EXPECT_EQ(report->messages, 0);
}

}  // namespace
}  // namespace chat
