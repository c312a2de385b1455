// Fuzzes the routes' JSON bodies: parseJsonBody, then every property a route reads, then the
// MessageDto writer. Checks the object round trip and that the hand-written JSON is Boost's.
#include <fuzzer/FuzzedDataProvider.h>

#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "adapters/dto/json_string.hpp"
#include "adapters/dto/message_dto.hpp"
#include "adapters/http/json_body.hpp"
#include "fuzz_check.hpp"
#include "json_compare.hpp"

namespace {

using namespace chat;

// The properties the routes read: accounts, auth, groups and messages.
constexpr std::string_view kProperties[] = {"firstName", "lastName", "email",
                                            "userName",  "password", "refreshToken",
                                            "name",      "message",  "clientMessageId"};

// appendJsonString and jsonStringSize promise Boost's own serialization, byte for byte.
void checkJsonString(std::string_view text) {
  std::string out = "x";
  appendJsonString(out, text);
  FUZZ_CHECK(out.substr(1) == boost::json::serialize(text), "not Boost's serialization");
  FUZZ_CHECK(out.size() - 1 == jsonStringSize(text), "jsonStringSize is off");
}

// Years 0 to 9999, as the server's clock gives them.
Timestamp anyTime(FuzzedDataProvider& input) {
  return Timestamp(std::chrono::milliseconds(
      input.ConsumeIntegralInRange<std::int64_t>(-62167219200000, 253402300799999)));
}

void checkMessageDto(const std::string& sender_name, const std::string& text,
                     FuzzedDataProvider& input) {
  Message message;
  message.id = input.ConsumeIntegral<std::int64_t>();
  message.group_id = input.ConsumeIntegral<std::int64_t>();
  message.seq = input.ConsumeIntegral<std::int64_t>();
  message.sender_id = input.ConsumeIntegral<std::int64_t>();
  message.sender_name = sender_name;
  message.text = text;
  message.sent_on = anyTime(input);
  const std::string json = messageDtoJson(message);
  FUZZ_CHECK(json == boost::json::serialize(messageDto(message)), "MessageDto writers differ");
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  http::Request request{http::Verb::post, "/api/Groups", 11};
  request.set(http::beast_http::field::content_type, input.ConsumeRandomLengthString(64));
  request.body() = input.ConsumeRandomLengthString(4096);
  checkJsonString(request.body());

  auto body = http::parseJsonBody(request);
  if (!body) {
    FUZZ_CHECK(body.error().kind == ErrorKind::kInvalid ||
                   body.error().kind == ErrorKind::kUnsupportedMedia,
               "a body refused with another error than 400 or 415");
    return 0;
  }
  if (jsonFinite(boost::json::value(*body))) {
    boost::system::error_code ec;
    const boost::json::value again = boost::json::parse(boost::json::serialize(*body), ec);
    FUZZ_CHECK(!ec && again.is_object() && jsonNearlyEqual(again, boost::json::value(*body)),
               "no round trip");
  }

  std::string strings[2];
  for (std::string_view name : kProperties) {
    auto optional = http::optionalString(*body, name);
    auto or_empty = http::stringOrEmpty(*body, name);
    FUZZ_CHECK(optional.ok() == or_empty.ok(), "optionalString and stringOrEmpty disagree");
    if (!optional) continue;
    FUZZ_CHECK(optional->value_or("") == *or_empty, "stringOrEmpty is not optionalString");
    checkJsonString(*or_empty);
    if (name == "userName") strings[0] = *or_empty;
    if (name == "message") strings[1] = *or_empty;
  }
  checkMessageDto(strings[0], strings[1], input);
  return 0;
}
