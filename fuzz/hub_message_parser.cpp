// Fuzzes parseHubMessage (the JSON hub protocol's inbound records) with arbitrary bytes.
// Checks the parse -> write -> parse round trip of the messages the server also writes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "adapters/signalr/protocol/hub_message_parser.hpp"
#include "adapters/signalr/protocol/hub_message_writer.hpp"
#include "adapters/signalr/protocol/record_separator.hpp"
#include "fuzz_check.hpp"
#include "json_compare.hpp"

namespace {

using namespace chat::signalr;

// Parses a record the writer produced: it must end with the separator and parse again.
HubMessage reparse(const std::string& record) {
  FUZZ_CHECK(!record.empty() && record.back() == kRecordSeparator, "record without its 0x1E");
  const std::string_view body(record.data(), record.size() - 1);
  FUZZ_CHECK(body.find(kRecordSeparator) == std::string_view::npos, "0x1E inside a record");
  auto parsed = parseHubMessage(body);
  FUZZ_CHECK(parsed.ok(), "a written record does not parse");
  return std::move(parsed).value();
}

void checkRoundTrip(const HubMessage& message) {
  if (const auto* invocation = std::get_if<Invocation>(&message)) {
    FUZZ_CHECK(!invocation->target.empty(), "an invocation without target");
    FUZZ_CHECK(!invocation->invocation_id || !invocation->invocation_id->empty(),
               "an empty invocation id");
    if (!jsonFinite(boost::json::value(invocation->arguments))) return;
    const HubMessage again =
        reparse(serializeInvocation(invocation->target, invocation->arguments));
    const auto* copy = std::get_if<Invocation>(&again);
    FUZZ_CHECK(copy != nullptr, "an invocation came back as another type");
    FUZZ_CHECK(copy->target == invocation->target, "target changed");
    FUZZ_CHECK(jsonNearlyEqual(copy->arguments, invocation->arguments), "arguments changed");
    FUZZ_CHECK(!copy->invocation_id && copy->stream_ids.empty(), "fields appeared");
  } else if (const auto* completion = std::get_if<Completion>(&message)) {
    FUZZ_CHECK(!completion->invocation_id.empty(), "a completion without id");
    FUZZ_CHECK(!(completion->result && completion->error), "both result and error");
    if (completion->result) {
      if (!jsonFinite(*completion->result)) return;
      const HubMessage again =
          reparse(serializeCompletionResult(completion->invocation_id, *completion->result));
      const auto* copy = std::get_if<Completion>(&again);
      FUZZ_CHECK(copy != nullptr, "a completion came back as another type");
      FUZZ_CHECK(copy->invocation_id == completion->invocation_id, "invocation id changed");
      FUZZ_CHECK(
          copy->result && jsonNearlyEqual(*copy->result, *completion->result) && !copy->error,
          "result changed");
    } else if (completion->error && !completion->error->empty()) {
      const HubMessage again =
          reparse(serializeCompletionError(completion->invocation_id, *completion->error));
      const auto* copy = std::get_if<Completion>(&again);
      FUZZ_CHECK(copy != nullptr, "a completion came back as another type");
      FUZZ_CHECK(copy->invocation_id == completion->invocation_id, "invocation id changed");
      FUZZ_CHECK(copy->error == completion->error && !copy->result, "error changed");
    } else if (!completion->error) {
      const HubMessage again = reparse(serializeCompletionVoid(completion->invocation_id));
      const auto* copy = std::get_if<Completion>(&again);
      FUZZ_CHECK(copy != nullptr && copy->invocation_id == completion->invocation_id &&
                     copy->result && copy->result->is_null(),
                 "a void completion does not read back as a null result");
    }
  } else if (const auto* close = std::get_if<Close>(&message)) {
    const std::optional<std::string_view> error =
        close->error ? std::optional<std::string_view>(*close->error) : std::nullopt;
    const HubMessage again = reparse(serializeClose(error, close->allow_reconnect));
    const auto* copy = std::get_if<Close>(&again);
    FUZZ_CHECK(copy != nullptr, "a close came back as another type");
    FUZZ_CHECK(copy->error == close->error, "close error changed");
    FUZZ_CHECK(copy->allow_reconnect == close->allow_reconnect, "allowReconnect changed");
  } else if (std::holds_alternative<Ping>(message)) {
    const std::string ping(pingRecord());
    FUZZ_CHECK(std::holds_alternative<Ping>(reparse(ping)), "the ping record is no ping");
  } else if (const auto* ack = std::get_if<Ack>(&message)) {
    FUZZ_CHECK(ack->sequence_id >= 0, "a negative sequence id");
  } else if (const auto* sequence = std::get_if<Sequence>(&message)) {
    FUZZ_CHECK(sequence->sequence_id >= 0, "a negative sequence id");
  } else if (const auto* unknown = std::get_if<UnknownMessage>(&message)) {
    FUZZ_CHECK(unknown->type < 1 || unknown->type > 9, "a known type read as unknown");
  }
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view record(reinterpret_cast<const char*>(data), size);
  auto message = parseHubMessage(record);
  if (message) {
    checkRoundTrip(*message);
  } else {
    FUZZ_CHECK(!message.error().message.empty(), "an error without text");
  }
  return 0;
}
