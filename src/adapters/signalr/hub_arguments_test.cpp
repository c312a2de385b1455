#include "adapters/signalr/hub_arguments.hpp"

#include <gtest/gtest.h>

namespace chat::signalr {
namespace {

TEST(HubArguments, GroupIdFromNumberOrString) {
  const boost::json::array args{5, "7", "x", -1, 2.5, nullptr};
  EXPECT_EQ(*idArgument(args, 0, "groupId"), 5);
  EXPECT_EQ(*idArgument(args, 1, "groupId"), 7);
  EXPECT_FALSE(idArgument(args, 2, "groupId"));
  EXPECT_FALSE(idArgument(args, 3, "groupId"));
  EXPECT_FALSE(idArgument(args, 4, "groupId"));
  EXPECT_FALSE(idArgument(args, 6, "groupId"));  // missing
}

TEST(HubArguments, OptionalCountAcceptsAbsentAndNull) {
  const boost::json::array args{1, nullptr, 0, -3};
  EXPECT_FALSE(optionalCountArgument(args, 1, "afterSeq")->has_value());
  EXPECT_FALSE(optionalCountArgument(args, 9, "afterSeq")->has_value());
  EXPECT_EQ(**optionalCountArgument(args, 2, "afterSeq"), 0);
  EXPECT_FALSE(optionalCountArgument(args, 3, "afterSeq"));
}

TEST(HubArguments, Strings) {
  const boost::json::array args{"hi", 3};
  EXPECT_EQ(*stringArgument(args, 0, "message"), "hi");
  EXPECT_FALSE(stringArgument(args, 1, "message"));
  EXPECT_FALSE(stringArgument(args, 2, "message"));
  EXPECT_FALSE(optionalStringArgument(args, 2, "id")->has_value());
}

}  // namespace
}  // namespace chat::signalr
