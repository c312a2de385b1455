#include "adapters/signalr/heartbeat_wheel.hpp"

#include <gtest/gtest.h>

namespace chat::signalr {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

struct Item {
  int id = 0;
};

class HeartbeatWheelTest : public ::testing::Test {
 protected:
  std::vector<int> takeDue(Clock::duration since_start) {
    std::vector<std::shared_ptr<Item>> due;
    wheel.takeDue(start + since_start, due);
    std::vector<int> ids;
    for (const auto& item : due) ids.push_back(item->id);
    return ids;
  }

  Clock::time_point start = Clock::now();
  HeartbeatWheel<Item> wheel{start};
  std::shared_ptr<Item> a = std::make_shared<Item>(Item{1});
  std::shared_ptr<Item> b = std::make_shared<Item>(Item{2});
};

TEST_F(HeartbeatWheelTest, AnItemIsDueAtTheFirstWholeSecondAfterItsTime) {
  wheel.schedule(a, start + seconds(15) + milliseconds(300));
  EXPECT_TRUE(takeDue(seconds(15) + milliseconds(999)).empty());
  EXPECT_EQ(takeDue(seconds(16)), std::vector<int>{1});
  EXPECT_TRUE(takeDue(seconds(17)).empty());  // taken once
}

TEST_F(HeartbeatWheelTest, AnItemOnAWholeSecondIsDueThen) {
  wheel.schedule(a, start + seconds(15));
  EXPECT_TRUE(takeDue(seconds(14) + milliseconds(999)).empty());
  EXPECT_EQ(takeDue(seconds(15)), std::vector<int>{1});
}

TEST_F(HeartbeatWheelTest, SecondsTheTimerSkippedAreTakenToo) {
  wheel.schedule(a, start + seconds(3));
  wheel.schedule(b, start + seconds(5));
  EXPECT_EQ(takeDue(seconds(9)), (std::vector<int>{1, 2}));
}

TEST_F(HeartbeatWheelTest, ThePastMeansTheNextSecond) {
  takeDue(seconds(10));
  wheel.schedule(a, start + seconds(2));
  EXPECT_TRUE(takeDue(seconds(10) + milliseconds(500)).empty());
  EXPECT_EQ(takeDue(seconds(11)), std::vector<int>{1});
}

TEST_F(HeartbeatWheelTest, TheFarFutureIsLookedAtWithinTheWheelsSpan) {
  wheel.schedule(a, start + seconds(3600));
  const auto span = seconds(HeartbeatWheel<Item>::kSeconds);
  EXPECT_TRUE(takeDue(span - seconds(2)).empty());
  EXPECT_EQ(takeDue(span - seconds(1)), std::vector<int>{1});
}

TEST_F(HeartbeatWheelTest, AWrapAroundDoesNotTakeLaterItemsEarly) {
  takeDue(seconds(60));
  wheel.schedule(a, start + seconds(70));  // slot 70 % 64 = 6, already passed once
  EXPECT_TRUE(takeDue(seconds(69)).empty());
  EXPECT_EQ(takeDue(seconds(70)), std::vector<int>{1});
}

TEST_F(HeartbeatWheelTest, EndedItemsAreDropped) {
  wheel.schedule(a, start + seconds(1));
  wheel.schedule(b, start + seconds(1));
  a.reset();
  EXPECT_EQ(takeDue(seconds(1)), std::vector<int>{2});
}

}  // namespace
}  // namespace chat::signalr
