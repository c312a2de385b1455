#include "app/administer_groups.hpp"

#include <gtest/gtest.h>

#include "app/fake_ports_test_support.hpp"

namespace chat {
namespace {

using fakes::FakeApp;

TEST(AdministerGroupsTest, ListsEveryGroupAndDeletesByIdOnly) {
  FakeApp app;
  const Principal owner = app.addUser("owner");
  const GroupId first = app.groups().addGroup("first", owner.user_id);
  const GroupId second = app.groups().addGroup("second", owner.user_id);
  AdministerGroups groups(app.context);

  auto listing = groups.list();
  ASSERT_TRUE(listing.ok());
  ASSERT_EQ(listing->size(), 2u);
  EXPECT_EQ(listing->at(0).id, first);
  EXPECT_EQ(listing->at(1).name, "second");

  ASSERT_TRUE(groups.remove(first).ok());
  auto missing = groups.remove(first);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(missing.error().message, "No group with id " + std::to_string(first));
  ASSERT_EQ(groups.list()->size(), 1u);
  EXPECT_EQ(groups.list()->at(0).id, second);
}

}  // namespace
}  // namespace chat
