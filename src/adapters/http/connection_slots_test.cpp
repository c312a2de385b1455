#include "adapters/http/connection_slots.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace chat::http {
namespace {

using Admission = ConnectionSlots::Admission;

TEST(ConnectionSlots, RefusesPastTheLimitInAll) {
  ConnectionSlots slots({.in_all = 2, .per_address = 0});
  ConnectionSlots::Slot a, b, c;
  EXPECT_EQ(slots.take("192.0.2.1", false, a), Admission::kAdmitted);
  EXPECT_EQ(slots.take("192.0.2.2", false, b), Admission::kAdmitted);
  EXPECT_EQ(slots.take("192.0.2.3", false, c), Admission::kServerFull);
  EXPECT_EQ(slots.open(), 2u);
}

TEST(ConnectionSlots, OneAddressFillsOnlyItsOwnShare) {
  ConnectionSlots slots({.in_all = 10, .per_address = 2});
  std::vector<ConnectionSlots::Slot> held(3);
  EXPECT_EQ(slots.take("192.0.2.1", false, held[0]), Admission::kAdmitted);
  EXPECT_EQ(slots.take("192.0.2.1", false, held[1]), Admission::kAdmitted);
  ConnectionSlots::Slot refused;
  EXPECT_EQ(slots.take("192.0.2.1", false, refused), Admission::kAddressFull);
  EXPECT_EQ(slots.take("198.51.100.7", false, held[2]), Admission::kAdmitted);
  EXPECT_EQ(slots.openFrom("192.0.2.1"), 2u);
  EXPECT_EQ(slots.open(), 3u);
}

TEST(ConnectionSlots, AnExemptAddressCountsInAllOnly) {
  ConnectionSlots slots({.in_all = 10, .per_address = 1});
  ConnectionSlots::Slot a, b;
  EXPECT_EQ(slots.take("10.0.0.1", true, a), Admission::kAdmitted);
  EXPECT_EQ(slots.take("10.0.0.1", true, b), Admission::kAdmitted);
  EXPECT_EQ(slots.openFrom("10.0.0.1"), 0u);
  EXPECT_EQ(slots.open(), 2u);
}

TEST(ConnectionSlots, ASlotComesBackWhenItsHolderEnds) {
  ConnectionSlots slots({.in_all = 1, .per_address = 1});
  {
    ConnectionSlots::Slot held;
    ASSERT_EQ(slots.take("192.0.2.1", false, held), Admission::kAdmitted);
    ConnectionSlots::Slot moved = std::move(held);  // an upgrade hands it on
    EXPECT_EQ(slots.open(), 1u);
  }
  EXPECT_EQ(slots.open(), 0u);
  EXPECT_EQ(slots.openFrom("192.0.2.1"), 0u);
  ConnectionSlots::Slot again;
  EXPECT_EQ(slots.take("192.0.2.1", false, again), Admission::kAdmitted);
}

}  // namespace
}  // namespace chat::http
