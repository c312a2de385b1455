#include "adapters/redis/redis_command.hpp"

#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

namespace chat::redis {
namespace {

using namespace std::string_literals;

// What hiredis itself would send, as the reference.
std::string hiredisFormat(std::span<const std::string_view> argv) {
  std::vector<const char*> pointers;
  std::vector<std::size_t> lengths;
  for (std::string_view arg : argv) {
    pointers.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  char* formatted = nullptr;
  const int length = redisFormatCommandArgv(&formatted, static_cast<int>(argv.size()),
                                            pointers.data(), lengths.data());
  EXPECT_GT(length, 0);
  std::string copy(formatted, static_cast<std::size_t>(length));
  redisFreeCommand(formatted);
  return copy;
}

TEST(RedisCommand, EncodesAsRespArrayOfBulkStrings) {
  std::string out;
  const std::vector<std::string_view> argv{"SET", "key", "value"};
  appendCommand(out, argv);
  EXPECT_EQ(out, "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n");
}

TEST(RedisCommand, MatchesHiredisForEmptyBinaryAndLargeArguments) {
  const std::string binary = "a\0b\r\nc"s;
  const std::string large(100000, 'z');
  const std::vector<std::vector<std::string_view>> commands{
      {"PING"},
      {"SET", "", ""},
      {"PUBLISH", "room:1", binary},
      {"SET", "big", large},
  };
  for (const auto& argv : commands) {
    std::string out;
    appendCommand(out, argv);
    EXPECT_EQ(out, hiredisFormat(argv));
    EXPECT_EQ(out.size(), encodedSize(argv));
  }
}

TEST(RedisCommand, AppendsSoCommandsPipeline) {
  std::string out;
  appendCommand(out, std::vector<std::string>{"INCR", "n"});
  appendCommand(out, std::vector<std::string>{"GET", "n"});
  EXPECT_EQ(out, "*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n*2\r\n$3\r\nGET\r\n$1\r\nn\r\n");
}

}  // namespace
}  // namespace chat::redis
