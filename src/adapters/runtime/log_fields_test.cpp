#include "adapters/runtime/log_fields.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <boost/json.hpp>
#include <sstream>

#include "adapters/runtime/log_format.hpp"

namespace chat::runtime {
namespace {

class LogFieldsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    previous_ = spdlog::default_logger();
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink));
    spdlog::set_level(spdlog::level::info);
  }
  void TearDown() override {
    detail::writeFieldsAsJson(false);
    spdlog::set_default_logger(previous_);
  }

  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST_F(LogFieldsTest, JsonLinesCarryTheFieldsAsMembers) {
  useJsonLogs();
  logWithFields(spdlog::level::info, "GET /api/Groups 200",
                {{"request_id", "r-1"}, {"status", 200}, {"route", "say \"hi\""}});
  spdlog::info("a plain line");
  std::istringstream lines(out_.str());
  std::string first, second;
  ASSERT_TRUE(std::getline(lines, first));
  ASSERT_TRUE(std::getline(lines, second));
  const auto entry = boost::json::parse(first).as_object();
  EXPECT_EQ(entry.at("message").as_string(), "GET /api/Groups 200");
  EXPECT_EQ(entry.at("request_id").as_string(), "r-1");
  EXPECT_EQ(entry.at("status").as_int64(), 200);
  EXPECT_EQ(entry.at("route").as_string(), "say \"hi\"");
  const auto plain = boost::json::parse(second).as_object();
  EXPECT_EQ(plain.size(), 4u) << second << ": a line without fields has none left over";
}

TEST_F(LogFieldsTest, TextLinesCarryTheFieldsAsKeyValues) {
  spdlog::default_logger()->set_pattern("%v");
  logWithFields(spdlog::level::info, "hub connection opened",
                {{"connection_id", "c1"}, {"user_id", 7}});
  EXPECT_EQ(out_.str(), "hub connection opened connection_id=c1 user_id=7\n");
}

TEST_F(LogFieldsTest, ALevelThatIsOffFormatsNothing) {
  logWithFields(spdlog::level::debug, "quiet", {{"user_id", 1}});
  EXPECT_EQ(out_.str(), "");
}

}  // namespace
}  // namespace chat::runtime
