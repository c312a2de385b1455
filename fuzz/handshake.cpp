// Fuzzes the SignalR handshake: parseHandshakeRequest, chooseHubProtocol, handshakeError.
// Checks that an error reply is one record that reads back as its message, whatever the bytes.
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "adapters/signalr/protocol/handshake.hpp"
#include "adapters/signalr/protocol/record_separator.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace chat::signalr;

// The reply's JSON text: exactly one 0x1E, at the end, whatever `message` holds.
std::string_view recordBody(const std::string& reply) {
  FUZZ_CHECK(!reply.empty() && reply.back() == kRecordSeparator, "reply without its 0x1E");
  const std::string_view body(reply.data(), reply.size() - 1);
  FUZZ_CHECK(body.find(kRecordSeparator) == std::string_view::npos, "0x1E inside the reply");
  return body;
}

// `message` is valid UTF-8 (it came out of a JSON parse): the reply must carry it exactly.
void checkErrorReadsBack(const std::string& message) {
  boost::system::error_code ec;
  const boost::json::value reply = boost::json::parse(recordBody(handshakeError(message)), ec);
  FUZZ_CHECK(!ec && reply.is_object(), "the error reply is not a JSON object");
  const boost::json::value* error = reply.get_object().if_contains("error");
  FUZZ_CHECK(error != nullptr && error->is_string() && error->get_string() == message,
             "the error reply does not carry the message");
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view record(reinterpret_cast<const char*>(data), size);
  (void)recordBody(handshakeError(record));

  auto request = parseHandshakeRequest(record);
  if (!request) {
    checkErrorReadsBack(request.error().message);
    return 0;
  }
  const boost::json::object again{{"protocol", request->protocol}, {"version", request->version}};
  auto reparsed = parseHandshakeRequest(boost::json::serialize(again));
  FUZZ_CHECK(reparsed.ok() && reparsed->protocol == request->protocol &&
                 reparsed->version == request->version,
             "the handshake request does not round-trip");

  const auto supported = chooseHubProtocol(*request, TransferFormat::kText);
  if (supported) {
    FUZZ_CHECK(request->version == 1 || request->version == 2, "an unsupported version passed");
    FUZZ_CHECK((*supported)->transferFormat() == TransferFormat::kText,
               "a binary protocol was chosen for a text transport");
    FUZZ_CHECK(recordBody(std::string(handshakeResponse())) == "{}", "the accept reply changed");
  } else {
    checkErrorReadsBack(supported.error().message);
  }
  return 0;
}
