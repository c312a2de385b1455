#include "adapters/redis/redis_connection.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

#include "adapters/redis/redis_server_test_support.hpp"

namespace chat::redis {

// For gtest messages (inline: each test file that compares replies has it).
// NOLINTNEXTLINE(readability-identifier-naming): the name gtest looks for
inline void PrintTo(const Reply& reply, std::ostream* out) {
  *out << describe(reply);
}

namespace {

using namespace std::string_literals;
using namespace std::chrono_literals;
using testing::RedisServer;
using testing::RedisServerTest;
using testing::runFor;
using testing::runUntil;
using testing::urlOf;

class RedisConnectionTest : public RedisServerTest {
 protected:
  // Starts `connection` and runs the loop until it is up.
  void bringUp(RedisConnection& connection) {
    connection.start();
    ASSERT_TRUE(runUntil(loop, [&] { return connection.isUp(); })) << "never came up";
  }

  // One command, waited for.
  Result<Reply> call(RedisConnection& connection, std::initializer_list<std::string_view> args) {
    std::optional<Result<Reply>> answer;
    connection.command(args, [&](Result<Reply> reply) { answer.emplace(std::move(reply)); });
    if (!runUntil(loop, [&] { return answer.has_value(); })) {
      ADD_FAILURE() << "no answer";
      return Error::internal("no answer");
    }
    return std::move(*answer);
  }

  Reply replyOf(RedisConnection& connection, std::initializer_list<std::string_view> args) {
    auto reply = call(connection, args);
    EXPECT_TRUE(reply.ok()) << reply.error().message << ": " << reply.error().detail;
    return reply.ok() ? *reply : Reply::nil();
  }
};

TEST_F(RedisConnectionTest, SetThenGetRoundTripsBinaryValues) {
  RedisConnection connection(loop, urlOf(server.url()));
  ASSERT_NO_FATAL_FAILURE(bringUp(connection));
  const std::string value = "va\0l\r\nue"s;
  EXPECT_EQ(replyOf(connection, {"SET", "key", value}), Reply::status("OK"));
  EXPECT_EQ(replyOf(connection, {"GET", "key"}), Reply::bulk(value));
  EXPECT_EQ(replyOf(connection, {"GET", "missing"}), Reply::nil());
}

TEST_F(RedisConnectionTest, AnErrorReplyIsASuccessfulResult) {
  RedisConnection connection(loop, urlOf(server.url()));
  ASSERT_NO_FATAL_FAILURE(bringUp(connection));
  const Reply reply = replyOf(connection, {"NO-SUCH-COMMAND"});
  EXPECT_TRUE(reply.isError());
  EXPECT_NE(reply.text.find("unknown command"), std::string::npos) << reply.text;
  // The connection goes on.
  EXPECT_EQ(replyOf(connection, {"PING"}), Reply::status("PONG"));
}

TEST_F(RedisConnectionTest, AnEmptyCommandIsRefusedAndTheOrderKept) {
  RedisConnection connection(loop, urlOf(server.url()));
  ASSERT_NO_FATAL_FAILURE(bringUp(connection));
  auto empty = call(connection, {});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(replyOf(connection, {"ECHO", "next"}), Reply::bulk("next"));
}

TEST_F(RedisConnectionTest, TenThousandPipelinedIncrsComeBackInOrder) {
  RedisConnection connection(loop, urlOf(server.url()));
  ASSERT_NO_FATAL_FAILURE(bringUp(connection));
  constexpr int kCount = 10000;
  std::vector<std::int64_t> values;
  for (int i = 0; i < kCount; ++i) {
    connection.command({"INCR", "counter"}, [&](const Result<Reply>& reply) {
      ASSERT_TRUE(reply.ok());
      values.push_back(reply->integer);
    });
  }
  ASSERT_TRUE(runUntil(loop, [&] { return values.size() == kCount; }));
  for (int i = 0; i < kCount; ++i) ASSERT_EQ(values[i], i + 1) << "reply " << i;
  EXPECT_EQ(replyOf(connection, {"GET", "counter"}), Reply::bulk("10000"));
}

TEST_F(RedisConnectionTest, SelectsTheDatabaseOfTheUrl) {
  RedisConnection db3(loop, urlOf(server.url(3)));
  RedisConnection db0(loop, urlOf(server.url(0)));
  ASSERT_NO_FATAL_FAILURE(bringUp(db3));
  ASSERT_NO_FATAL_FAILURE(bringUp(db0));
  EXPECT_EQ(replyOf(db3, {"SET", "where", "three"}), Reply::status("OK"));
  EXPECT_EQ(replyOf(db3, {"GET", "where"}), Reply::bulk("three"));
  EXPECT_EQ(replyOf(db0, {"GET", "where"}), Reply::nil());
  EXPECT_EQ(replyOf(db0, {"CLIENT", "INFO"}).text.find(" db=0 ") != std::string::npos, true);
}

TEST_F(RedisConnectionTest, CommandsFailAtOnceButNotInlineWhileDown) {
  RedisConnection connection(loop, urlOf(server.url()));
  std::optional<Result<Reply>> answer;
  connection.command({"PING"}, [&](Result<Reply> reply) { answer.emplace(std::move(reply)); });
  EXPECT_FALSE(answer.has_value()) << "the callback ran inside command()";
  ASSERT_TRUE(runUntil(loop, [&] { return answer.has_value(); }));
  ASSERT_FALSE(answer->ok());
  EXPECT_EQ(answer->error().kind, ErrorKind::kUnavailable);
}

TEST_F(RedisConnectionTest, ALostServerFailsWhatWaitsAndTheConnectionComesBack) {
  RedisConnection connection(loop, urlOf(server.url()));
  std::vector<bool> states;
  connection.onState([&](bool up) { states.push_back(up); });
  ASSERT_NO_FATAL_FAILURE(bringUp(connection));
  EXPECT_EQ(states, std::vector<bool>{true});

  // BLPOP waits for ever, and the PINGs behind it wait for it.
  std::vector<Result<Reply>> answers;
  connection.command({"BLPOP", "nothing", "0"},
                     [&](Result<Reply> reply) { answers.push_back(std::move(reply)); });
  for (int i = 0; i < 3; ++i) {
    connection.command({"PING"}, [&](Result<Reply> reply) { answers.push_back(std::move(reply)); });
  }
  runFor(loop, 100ms);  // written, and the server blocks
  ASSERT_TRUE(answers.empty());

  server.kill();
  ASSERT_TRUE(runUntil(loop, [&] { return answers.size() == 4; }));
  for (const auto& answer : answers) {
    ASSERT_FALSE(answer.ok());
    EXPECT_EQ(answer.error().kind, ErrorKind::kUnavailable);
  }
  EXPECT_EQ(states, (std::vector<bool>{true, false}));
  EXPECT_FALSE(connection.isUp());
  auto refused = call(connection, {"PING"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kUnavailable);

  runFor(loop, 300ms);  // a few failed attempts while the server is away
  ASSERT_NO_FATAL_FAILURE(server.start());
  ASSERT_TRUE(runUntil(loop, [&] { return connection.isUp(); })) << "did not reconnect";
  EXPECT_EQ(states, (std::vector<bool>{true, false, true}));
  EXPECT_EQ(replyOf(connection, {"SET", "after", "restart"}), Reply::status("OK"));
  EXPECT_EQ(replyOf(connection, {"GET", "after"}), Reply::bulk("restart"));
}

TEST_F(RedisConnectionTest, ConnectsOnceAServerThatWasNotThereStarts) {
  server.kill();
  RedisConnection connection(loop, urlOf(server.url()));
  bool went_up = false;
  connection.onState([&](bool up) { went_up = up; });
  connection.start();
  runFor(loop, 300ms);
  EXPECT_FALSE(went_up);
  ASSERT_NO_FATAL_FAILURE(server.start());
  ASSERT_TRUE(runUntil(loop, [&] { return went_up; }));
  EXPECT_EQ(replyOf(connection, {"PING"}), Reply::status("PONG"));
}

TEST_F(RedisConnectionTest, StopFailsWhatWaitsInsideStopAndNothingRunsAfter) {
  RedisConnection connection(loop, urlOf(server.url()));
  int state_changes = 0;
  connection.onState([&](bool /*up*/) { ++state_changes; });
  ASSERT_NO_FATAL_FAILURE(bringUp(connection));
  std::optional<Result<Reply>> blocked;
  connection.command({"BLPOP", "nothing", "0"},
                     [&](Result<Reply> reply) { blocked.emplace(std::move(reply)); });
  std::optional<Result<Reply>> refused;
  server.kill();
  ASSERT_TRUE(runUntil(loop, [&] { return !connection.isUp(); }));
  connection.command({"PING"}, [&](Result<Reply> reply) { refused.emplace(std::move(reply)); });

  connection.stop();
  ASSERT_TRUE(blocked.has_value());
  EXPECT_EQ(blocked->error().kind, ErrorKind::kUnavailable);
  ASSERT_TRUE(refused.has_value()) << "a refusal waiting to be posted runs inside stop()";
  EXPECT_EQ(refused->error().kind, ErrorKind::kUnavailable);

  bool called = false;
  connection.command({"PING"}, [&](const Result<Reply>& /*reply*/) { called = true; });
  const int changes = state_changes;
  ASSERT_NO_FATAL_FAILURE(server.start());
  runFor(loop, 400ms);
  EXPECT_FALSE(called);
  EXPECT_EQ(state_changes, changes);
  EXPECT_FALSE(connection.isUp());
}

TEST_F(RedisConnectionTest, FailsCommandsPastTheOutputBound) {
  RedisConnection connection(loop, urlOf(server.url()), {.max_output_bytes = 1000});
  ASSERT_NO_FATAL_FAILURE(bringUp(connection));
  int ok = 0;
  std::vector<Error> errors;
  const std::string value(100, 'v');
  for (int i = 0; i < 20; ++i) {
    connection.command({"SET", "k", value}, [&](const Result<Reply>& reply) {
      if (reply.ok()) {
        ++ok;
      } else {
        errors.push_back(reply.error());
      }
    });
  }
  ASSERT_TRUE(runUntil(loop, [&] { return ok + errors.size() == 20; }));
  EXPECT_GT(ok, 0);
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors.front().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(errors.front().message, "Redis is not keeping up");
  // Once the output drained, commands go again.
  EXPECT_EQ(replyOf(connection, {"PING"}), Reply::status("PONG"));
}

TEST_F(RedisConnectionTest, DestroyedWithCommandsInFlight) {
  std::optional<Result<Reply>> answer;
  {
    RedisConnection connection(loop, urlOf(server.url()));
    ASSERT_NO_FATAL_FAILURE(bringUp(connection));
    connection.command({"PING"}, [&](Result<Reply> reply) { answer.emplace(std::move(reply)); });
  }
  ASSERT_TRUE(answer.has_value());
  EXPECT_FALSE(answer->ok());
  runFor(loop, 100ms);  // the handlers of the closed socket find it stopped
}

// Captures every log line (debug and up) while alive.
class CapturedLogs {
 public:
  CapturedLogs() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(lines_);
    auto logger = std::make_shared<spdlog::logger>("captured", sink);
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(logger);
  }
  ~CapturedLogs() { spdlog::set_default_logger(previous_); }
  std::string text() const { return lines_.str(); }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::ostringstream lines_;
};

TEST(RedisConnectionAuth, LogsInWithThePasswordAndNeverLogsIt) {
  RedisServer server({"--requirepass", "s3cret-pw"});
  ASSERT_NO_FATAL_FAILURE(server.start());
  boost::asio::io_context loop;
  CapturedLogs logs;
  const std::string address = "127.0.0.1:" + std::to_string(server.port()) + "/1";

  RedisConnection wrong(loop, urlOf("redis://:wrong-pw@" + address));
  wrong.start();
  RedisConnection right(loop, urlOf("redis://:s3cret-pw@" + address));
  right.start();
  ASSERT_TRUE(runUntil(loop, [&] { return right.isUp(); }));
  std::optional<Result<Reply>> answer;
  right.command({"PING"}, [&](Result<Reply> reply) { answer.emplace(std::move(reply)); });
  ASSERT_TRUE(runUntil(loop, [&] { return answer.has_value(); }));
  ASSERT_TRUE(answer->ok());
  EXPECT_EQ(**answer, Reply::status("PONG"));

  runFor(loop, 400ms);  // the wrong one tries a few times
  EXPECT_FALSE(wrong.isUp());
  const std::string text = logs.text();
  EXPECT_NE(text.find("WRONGPASS"), std::string::npos) << text;
  EXPECT_EQ(text.find("s3cret-pw"), std::string::npos) << text;
  EXPECT_EQ(text.find("wrong-pw"), std::string::npos) << text;
}

}  // namespace
}  // namespace chat::redis
