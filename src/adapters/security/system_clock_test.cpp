#include "adapters/security/system_clock.hpp"

#include <gtest/gtest.h>

namespace chat {
namespace {

TEST(SystemClock, FollowsSystemTime) {
  SystemClock clock;
  const auto before = std::chrono::system_clock::now();
  const Timestamp now = clock.now();
  const auto after = std::chrono::system_clock::now();
  EXPECT_GE(now, std::chrono::floor<std::chrono::milliseconds>(before));
  EXPECT_LE(now, after);
}

}  // namespace
}  // namespace chat
