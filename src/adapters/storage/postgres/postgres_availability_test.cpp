// The engine while the server is unreachable: calls fail fast with kUnavailable, and
// succeed again once the server is back, without reopening the storage.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "adapters/storage/postgres/postgres_test_fixture.hpp"
#include "adapters/storage/postgres/postgres_test_proxy.hpp"

namespace chat::postgres::testing {
namespace {

using Clock = std::chrono::steady_clock;

// A local port nothing listens on (it was free a moment ago).
std::uint16_t closedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return 1;  // nothing listens on port 1 either
  }
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

void expectUnavailable(const Error& error) {
  EXPECT_EQ(error.kind, ErrorKind::kUnavailable);
  EXPECT_EQ(error.message, "The database is not available; retry shortly");
  EXPECT_FALSE(error.detail.empty());
}

// Needs no server.
TEST(PostgresUnreachable, OpeningFailsFastWithUnavailable) {
  const std::string url =
      "postgresql://chat:secret-pw@127.0.0.1:" + std::to_string(closedPort()) + "/postgres";
  const auto started = Clock::now();
  auto opened = PostgresStorage::open(url);
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(2));
  ASSERT_FALSE(opened.ok());
  expectUnavailable(opened.error());
  EXPECT_EQ(opened.error().detail.find("secret-pw"), std::string::npos) << opened.error().detail;
}

class PostgresOutage : public PostgresTest {
 protected:
  void SetUp() override {
    PostgresTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    proxy = std::make_unique<TcpProxy>(portOf(url()));
    PostgresOptions options;
    options.overrides = {{"host", "127.0.0.1"}, {"port", std::to_string(proxy->port())}};
    proxied = openNode(std::move(options));
    ASSERT_NE(proxied, nullptr);
    alice = addUser("alice");
    group = createGroup("g", alice);
  }

  Result<AppendedMessage> send(const std::string& text) {
    return appendAndWait(proxied->messages(), NewMessage{group, alice, text, at(1), {}});
  }

  std::unique_ptr<TcpProxy> proxy;
  std::unique_ptr<PostgresStorage> proxied;  // reaches the server through the proxy only
  UserId alice = 0;
  GroupId group = 0;
};

TEST_F(PostgresOutage, CallsFailFastWhileTheServerIsAwayAndHealWhenItReturns) {
  ASSERT_TRUE(proxied->ping().ok());
  auto first = send("before");
  ASSERT_TRUE(first.ok()) << first.error().detail;
  EXPECT_EQ(first->message.seq, 1);

  proxy->stop();  // every connection is cut, and no new one gets through
  const auto started = Clock::now();
  auto ping = proxied->ping();
  ASSERT_FALSE(ping.ok());
  expectUnavailable(ping.error());
  auto user = proxied->users().findById(alice);
  ASSERT_FALSE(user.ok());
  expectUnavailable(user.error());
  auto membership = proxied->groups().membership(group, alice);
  ASSERT_FALSE(membership.ok());
  expectUnavailable(membership.error());
  auto lost = send("during");
  ASSERT_FALSE(lost.ok());
  expectUnavailable(lost.error());
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(1));

  ASSERT_TRUE(proxy->start());
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (!proxied->ping().ok() && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(proxied->ping().ok());
  auto found = proxied->users().findById(alice);
  ASSERT_TRUE(found.ok()) << found.error().detail;
  EXPECT_TRUE(found->has_value());
  auto after = send("after");
  for (int i = 0; i < 10 && !after.ok(); ++i) {  // the committer's hold-off may still run
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    after = send("after");
  }
  ASSERT_TRUE(after.ok()) << after.error().detail;
  EXPECT_EQ(after->message.seq, 2);  // the failed append took no seq
}

// Connections the server ended while they sat idle (a restart, an administrator) are
// noticed before use and replaced: not a single call fails.
TEST_F(PostgresOutage, ConnectionsTheServerClosedWhileIdleAreReplacedUnnoticed) {
  ASSERT_TRUE(proxied->ping().ok());
  ASSERT_TRUE(send("before").ok());
  const std::string application = "chat_test_" + std::to_string(::getpid());
  PostgresOptions options;
  options.overrides = {{"application_name", application}};
  auto tagged = openNode(std::move(options));
  ASSERT_NE(tagged, nullptr);
  ASSERT_TRUE(tagged->ping().ok());
  ASSERT_TRUE(appendAndWait(tagged->messages(), NewMessage{group, alice, "x", at(1), {}}).ok());

  auto ended = schema().query(
      "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
      "WHERE application_name = $1",
      Params().add(application));
  ASSERT_TRUE(ended.ok()) << ended.error().detail;
  ASSERT_GE(ended->integer(0, 0), 2);  // a pooled connection and the committer's

  auto ping = tagged->ping();
  EXPECT_TRUE(ping.ok()) << ping.error().detail;
  auto appended = appendAndWait(tagged->messages(), NewMessage{group, alice, "y", at(2), {}});
  EXPECT_TRUE(appended.ok()) << appended.error().detail;
}

}  // namespace
}  // namespace chat::postgres::testing
