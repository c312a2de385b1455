#pragma once
// Test helpers: a real redis-server on a free loopback port, started from PATH (a test
// fails when there is none), killed in TearDown and restartable on the same port; and
// running an io_context until a condition holds, with a deadline so that a broken test
// fails instead of hanging.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "adapters/redis/redis_url.hpp"

namespace chat::redis::testing {

using namespace std::chrono_literals;

// Runs `loop` until `done()` holds or `timeout` passes; says which.
inline bool runUntil(boost::asio::io_context& loop, const std::function<bool()>& done,
                     std::chrono::milliseconds timeout = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    if (loop.stopped()) loop.restart();
    if (loop.run_for(10ms) == 0) std::this_thread::sleep_for(1ms);  // nothing to run
  }
  return true;
}

// Runs `loop` for `duration` whatever happens (to see that something does not).
inline void runFor(boost::asio::io_context& loop, std::chrono::milliseconds duration) {
  const auto deadline = std::chrono::steady_clock::now() + duration;
  runUntil(
      loop, [&] { return std::chrono::steady_clock::now() >= deadline; }, duration + 1s);
}

inline std::optional<std::string> findOnPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string_view rest = path ? path : "/usr/local/bin:/usr/bin:/bin";
  while (!rest.empty()) {
    const auto colon = rest.find(':');
    const std::string dir(rest.substr(0, colon));
    rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

// A port nobody listens on now: bound to port 0, read back, closed.
inline std::uint16_t freeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  std::uint16_t port = 0;
  if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  if (fd >= 0) ::close(fd);
  return port;
}

inline bool acceptsConnections(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return connected;
}

class RedisServer {
 public:
  explicit RedisServer(std::vector<std::string> extra_args = {})
      : extra_args_(std::move(extra_args)) {}
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;
  ~RedisServer() { kill(); }

  // Starts it (on the port of the last start, if any) and waits until it accepts
  // connections. Use with ASSERT_NO_FATAL_FAILURE.
  void start() {
    ASSERT_LT(pid_, 0) << "redis-server is already running";
    const auto program = findOnPath("redis-server");
    ASSERT_TRUE(program) << "redis-server was not found on PATH; these tests need a real "
                            "Redis (Debian: apt-get install redis-server)";
    if (port_ == 0) port_ = freeLoopbackPort();
    ASSERT_NE(port_, 0) << "no free loopback port";

    std::vector<std::string> args{*program,
                                  "--port",
                                  std::to_string(port_),
                                  "--bind",
                                  "127.0.0.1",
                                  "--save",
                                  "",
                                  "--appendonly",
                                  "no",
                                  "--dir",
                                  std::filesystem::temp_directory_path().string()};
    args.insert(args.end(), extra_args_.begin(), extra_args_.end());
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);

    const pid_t parent = ::getpid();
    pid_ = ::fork();
    ASSERT_GE(pid_, 0) << "fork failed";
    if (pid_ == 0) {
      // Only async-signal-safe calls until exec. The server dies with the test process,
      // even one that crashes.
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(127);
      const int null = ::open("/dev/null", O_WRONLY);
      if (null >= 0) ::dup2(null, STDOUT_FILENO);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }

    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!acceptsConnections(port_)) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        FAIL() << "redis-server exited at start (status " << status << ") on port " << port_;
      }
      ASSERT_LT(std::chrono::steady_clock::now(), deadline)
          << "redis-server does not accept connections on port " << port_;
      std::this_thread::sleep_for(5ms);
    }
  }

  // SIGKILL: the server vanishes as in a crash, without a goodbye to its clients.
  void kill() {
    if (pid_ < 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  // SIGSTOP and SIGCONT: a server that hangs, its sockets open and silent.
  void pause() {
    if (pid_ >= 0) ::kill(pid_, SIGSTOP);
  }
  void resume() {
    if (pid_ >= 0) ::kill(pid_, SIGCONT);
  }

  std::uint16_t port() const { return port_; }
  std::string url(int db = 0) const {
    return "redis://127.0.0.1:" + std::to_string(port_) + "/" + std::to_string(db);
  }

 private:
  std::vector<std::string> extra_args_;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
};

inline RedisUrl urlOf(const std::string& text) {
  auto url = parseRedisUrl(text);
  EXPECT_TRUE(url.ok()) << url.error().message;
  return url.ok() ? *url : RedisUrl{};
}

// A real server per test, and the loop that the clients under test run on.
class RedisServerTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(server.start()); }
  void TearDown() override { server.kill(); }

  RedisServer server;
  boost::asio::io_context loop;
};

}  // namespace chat::redis::testing
