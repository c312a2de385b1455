#include "adapters/http/request_id.hpp"

#include <gtest/gtest.h>

namespace chat::http {
namespace {

TEST(RequestId, KeepsASaneOfferedId) {
  EXPECT_EQ(requestId("3f2a9c-req_1.a:b"), "3f2a9c-req_1.a:b");
}

TEST(RequestId, MakesANewOneForNoneOrAnInsaneOne) {
  for (const std::string& offered :
       {std::string(), std::string("has space"), std::string("line\nbreak"), std::string(65, 'a'),
        std::string("quote\"")}) {
    const std::string id = requestId(offered);
    EXPECT_NE(id, offered);
    EXPECT_TRUE(isValidRequestId(id)) << id;
  }
  EXPECT_NE(requestId(""), requestId("")) << "each made id is new";
}

}  // namespace
}  // namespace chat::http
