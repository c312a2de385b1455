#include "adapters/http/router.hpp"

#include <gtest/gtest.h>

namespace chat::http {
namespace {

boost::asio::awaitable<Response> noop(RequestContext&) {
  co_return Response{};
}

class RouterTest : public ::testing::Test {
 protected:
  RouterTest() {
    router_.add(Verb::post, "/api/Groups/groups/{id}/player", Access::kBearer, noop);
    router_.add(Verb::delete_, "/api/Groups/groups/{id}/player", Access::kBearer, noop);
    router_.add(Verb::get, "/api/Groups", Access::kBearer, noop);
  }
  Request request_;
  RequestContext ctx_{request_, "", {}, {}, "", std::nullopt};
  Router router_;
};

TEST_F(RouterTest, MatchesCaseInsensitivelyAndCapturesParameters) {
  auto match = router_.match(Verb::post, "/API/groups/GROUPS/42/Player", ctx_);
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->method, Verb::post);
  EXPECT_EQ(ctx_.route_params.at("id"), "42");
}

TEST_F(RouterTest, ToleratesTrailingSlash) {
  EXPECT_NE(router_.match(Verb::get, "/api/groups/", ctx_).route, nullptr);
}

TEST_F(RouterTest, ReportsKnownPathWithOtherMethod) {
  auto match = router_.match(Verb::put, "/api/Groups/groups/1/player", ctx_);
  EXPECT_EQ(match.route, nullptr);
  EXPECT_TRUE(match.path_known);
  EXPECT_EQ(match.allowed_methods, "POST, DELETE");
}

TEST_F(RouterTest, UnknownPathIsNotKnown) {
  auto match = router_.match(Verb::get, "/api/nothing", ctx_);
  EXPECT_EQ(match.route, nullptr);
  EXPECT_FALSE(match.path_known);
}

}  // namespace
}  // namespace chat::http
