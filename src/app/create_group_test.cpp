#include "app/create_group.hpp"

#include <gtest/gtest.h>

#include "app/fake_ports_test_support.hpp"

namespace chat {
namespace {

using fakes::FakeApp;
using fakes::repeat;

class CreateGroupTest : public ::testing::Test {
 protected:
  void SetUp() override { alice = app.addUser("alice"); }
  Result<GroupId> create(const std::string& name) { return use_case.handle({alice, name}); }
  void expectRejected(const std::string& name, ErrorKind kind, const std::string& message) {
    auto result = create(name);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, kind);
    EXPECT_EQ(result.error().message, message);
    EXPECT_EQ(app.groups().size(), 0u);
  }

  FakeApp app;
  CreateGroup use_case{app.context};
  Principal alice;
};

TEST_F(CreateGroupTest, CreatesTheGroupWithTheCreatorAsOwnerAndMember) {
  auto id = create("Book club");
  ASSERT_TRUE(id.ok());
  auto group = app.groups().get(*id);
  ASSERT_TRUE(group.has_value());
  EXPECT_EQ(group->name, "Book club");
  EXPECT_EQ(group->owner, alice.user_id);
  EXPECT_EQ(group->created, app.clock.now());
  EXPECT_TRUE(app.groups().isMember(*id, alice.user_id));
  EXPECT_EQ(group->members.size(), 1u);
}

TEST_F(CreateGroupTest, ReturnsANewIdEachTime) {
  auto one = create("a");
  auto two = create("a");  // names need not be unique
  ASSERT_TRUE(one.ok() && two.ok());
  EXPECT_NE(*one, *two);
}

TEST_F(CreateGroupTest, BlankNameIsInvalid) {
  expectRejected("", ErrorKind::kInvalid, "name must not be empty");
  expectRejected("   ", ErrorKind::kInvalid, "name must not be empty");
  expectRejected(" \t\r\n", ErrorKind::kInvalid, "name must not be empty");
}

TEST_F(CreateGroupTest, NameMustBeValidUtf8) {
  expectRejected("caf\xC3", ErrorKind::kInvalid, "name must be valid UTF-8");
  expectRejected("\xC0\xAF", ErrorKind::kInvalid, "name must be valid UTF-8");  // overlong
}

TEST_F(CreateGroupTest, TooLongNameIsTooLarge) {
  expectRejected(std::string(101, 'n'), ErrorKind::kTooLarge,
                 "name must be at most 100 characters");
  expectRejected(repeat("\xC3\xA9", 101), ErrorKind::kTooLarge,
                 "name must be at most 100 characters");
}

TEST_F(CreateGroupTest, LengthCountsCharactersNotBytes) {
  EXPECT_TRUE(create(std::string(100, 'n')).ok());
  EXPECT_TRUE(create(repeat("\xC3\xA9", 100)).ok());          // 200 bytes
  EXPECT_TRUE(create(repeat("\xF0\x9F\x98\x80", 100)).ok());  // 400 bytes
  EXPECT_EQ(app.groups().size(), 3u);
}

TEST_F(CreateGroupTest, LimitComesFromTheContext) {
  app.context.limits.max_group_name_length = 3;
  expectRejected("abcd", ErrorKind::kTooLarge, "name must be at most 3 characters");
  EXPECT_TRUE(create("abc").ok());
}

TEST_F(CreateGroupTest, StorageFailurePassesThrough) {
  app.groups().failure = Error::unavailable("database is down");
  auto result = create("ok");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::kUnavailable);
}

}  // namespace
}  // namespace chat
