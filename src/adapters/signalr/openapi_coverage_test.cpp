#include <gtest/gtest.h>

#include <boost/algorithm/string/case_conv.hpp>
#include <boost/json/parse.hpp>

#include "adapters/http/api/api.hpp"
#include "adapters/signalr/hub_endpoint.hpp"

namespace chat::http {
namespace {

TEST(OpenApiDocument, ListsEveryRouteTheServerServes) {
  Router router;
  mountApi(router, nullptr);
  signalr::HubEndpoint::mountRoutes(router, nullptr);
  ASSERT_FALSE(router.routes().empty());

  const auto document = boost::json::parse(openApiDocument()).as_object();
  EXPECT_TRUE(document.at("openapi").as_string().starts_with("3."));
  const auto& paths = document.at("paths").as_object();
  for (const Route& route : router.routes()) {
    if (route.kind == RouteKind::kAsset) continue;
    const auto* item = paths.if_contains(route.pattern);
    ASSERT_NE(item, nullptr) << route.pattern << " is missing from the OpenAPI document";
    const std::string method =
        boost::algorithm::to_lower_copy(std::string(beast_http::to_string(route.method)));
    EXPECT_TRUE(item->as_object().contains(method))
        << method << " " << route.pattern << " is missing from the OpenAPI document";
  }
}

}  // namespace
}  // namespace chat::http
