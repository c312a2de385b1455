#include "adapters/signalr/connection_registry.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace chat::signalr {

namespace {

// Only its address is used: the registry never touches a connection.
struct Probe {};
using Registry = TokenRegistry<Probe>;

TEST(ConnectionRegistry, FindsLiveConnectionsByToken) {
  Registry registry;
  auto first = std::make_shared<Probe>();
  EXPECT_TRUE(registry.add("t1", first));
  EXPECT_FALSE(registry.add("t1", std::make_shared<Probe>()));
  EXPECT_EQ(registry.find("t1").connection, first);
  EXPECT_FALSE(registry.find("t1").ended);
  EXPECT_EQ(registry.find("t2").connection, nullptr);
  EXPECT_FALSE(registry.find("t2").ended);
  EXPECT_EQ(registry.liveCount(), 1u);
}

TEST(ConnectionRegistry, ForgetsEndedConnectionsAfterAWhile) {
  Registry registry(std::chrono::seconds(0), 10);
  auto connection = std::make_shared<Probe>();
  registry.add("t1", connection);
  registry.forget("t1", connection.get());
  EXPECT_EQ(registry.liveCount(), 0u);
  EXPECT_FALSE(registry.find("t1").ended);  // remembered for 0 s
  EXPECT_TRUE(registry.add("t1", connection));
}

TEST(ConnectionRegistry, AnEndedTokenIsUnknownOnceItsTimeIsUp) {
  Registry registry(std::chrono::seconds(1), 10);
  auto connection = std::make_shared<Probe>();
  registry.add("t1", connection);
  registry.forget("t1", connection.get());
  EXPECT_TRUE(registry.find("t1").ended);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_FALSE(registry.find("t1").ended);  // nothing else ended meanwhile to sweep it
}

TEST(ConnectionRegistry, TellsAnEndedTokenFromAnUnknownOne) {
  Registry registry;
  auto connection = std::make_shared<Probe>();
  registry.add("t1", connection);
  registry.forget("t1", connection.get());
  EXPECT_TRUE(registry.find("t1").ended);
  EXPECT_EQ(registry.find("t1").connection, nullptr);
  EXPECT_FALSE(registry.add("t1", connection));
}

TEST(ConnectionRegistry, ForgetsOnlyTheConnectionItWasGiven) {
  Registry registry;
  auto connection = std::make_shared<Probe>();
  Probe stranger;
  registry.add("t1", connection);
  registry.forget("t1", &stranger);
  EXPECT_EQ(registry.find("t1").connection, connection);
}

TEST(ConnectionRegistry, KeepsAtMostSoManyEndedTokens) {
  Registry registry(std::chrono::hours(1), 3);
  std::vector<std::shared_ptr<Probe>> connections;
  for (int i = 0; i < 5; ++i) {
    connections.push_back(std::make_shared<Probe>());
    registry.add("t" + std::to_string(i), connections.back());
    registry.forget("t" + std::to_string(i), connections.back().get());
  }
  EXPECT_FALSE(registry.find("t0").ended);
  EXPECT_FALSE(registry.find("t1").ended);
  EXPECT_TRUE(registry.find("t2").ended);
  EXPECT_TRUE(registry.find("t4").ended);
}

}  // namespace
}  // namespace chat::signalr
