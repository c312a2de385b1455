// Fuzzes the MessagePack hub protocol's parse (one record, its length prefix removed).
// Checks that every value read has a JSON form that reads back the same, and the parse ->
// write (the protocol's writers) -> parse round trip of the messages the server also writes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "adapters/signalr/protocol/length_prefix.hpp"
#include "adapters/signalr/protocol/messagepack_hub_protocol.hpp"
#include "fuzz_check.hpp"
#include "json_compare.hpp"

namespace {

using namespace chat::signalr;

const HubProtocol& protocol() {
  return messagePackHubProtocol();
}

// The hub hands values on to JSON clients: each must serialize as JSON and read back equal.
void checkJsonForm(const boost::json::value& value) {
  FUZZ_CHECK(jsonFinite(value), "a NaN or infinite double was read");
  boost::system::error_code ec;
  const boost::json::value again = boost::json::parse(boost::json::serialize(value), ec);
  FUZZ_CHECK(!ec, "a value read does not serialize as JSON");
  FUZZ_CHECK(jsonNearlyEqual(again, value), "a value changed through JSON");
}

// Parses a frame the writer produced: its prefix must give its size exactly.
HubMessage reparse(const std::string& frame) {
  const LengthPrefix prefix = readLengthPrefix(frame);
  FUZZ_CHECK(prefix.state == LengthPrefix::State::kComplete, "a frame without its prefix");
  FUZZ_CHECK(prefix.prefix_size + prefix.frame_size == frame.size(), "the prefix is off");
  auto parsed = protocol().parse(std::string_view(frame).substr(prefix.prefix_size));
  FUZZ_CHECK(parsed.ok(), "a written frame does not parse");
  return std::move(parsed).value();
}

void checkCompletion(const Completion& completion) {
  FUZZ_CHECK(!completion.invocation_id.empty(), "a completion without id");
  FUZZ_CHECK(!(completion.result && completion.error), "both result and error");
  const std::string& id = completion.invocation_id;
  HubMessage again;
  if (completion.result) {
    checkJsonForm(*completion.result);
    again = reparse(protocol().completionWithResult(id, *completion.result));
  } else if (completion.error && !completion.error->empty()) {
    again = reparse(protocol().completionError(id, *completion.error));
  } else if (!completion.error) {
    again = reparse(protocol().completionVoid(id));
  } else {
    return;  // an empty error is written as the generic text
  }
  const auto* copy = std::get_if<Completion>(&again);
  FUZZ_CHECK(copy != nullptr, "a completion came back as another type");
  FUZZ_CHECK(copy->invocation_id == id, "invocation id changed");
  FUZZ_CHECK(copy->error == completion.error, "error changed");
  if (completion.result) {
    // MessagePack carries doubles bit for bit: the value comes back exactly.
    FUZZ_CHECK(copy->result == completion.result, "result changed");
  } else if (!completion.error) {
    FUZZ_CHECK(copy->result && copy->result->is_null(), "void does not read back as nil");
  }
}

void checkRoundTrip(const HubMessage& message) {
  if (const auto* invocation = std::get_if<Invocation>(&message)) {
    FUZZ_CHECK(!invocation->target.empty(), "an invocation without target");
    FUZZ_CHECK(!invocation->invocation_id || !invocation->invocation_id->empty(),
               "an empty invocation id");
    for (const auto& id : invocation->stream_ids) FUZZ_CHECK(!id.empty(), "an empty stream id");
    checkJsonForm(invocation->arguments);
  } else if (const auto* stream = std::get_if<StreamInvocation>(&message)) {
    FUZZ_CHECK(!stream->invocation_id.empty() && !stream->target.empty(), "an empty id or target");
    checkJsonForm(stream->arguments);
  } else if (const auto* item = std::get_if<StreamItem>(&message)) {
    FUZZ_CHECK(!item->invocation_id.empty(), "a stream item without id");
    checkJsonForm(item->item);
  } else if (const auto* completion = std::get_if<Completion>(&message)) {
    checkCompletion(*completion);
  } else if (const auto* close = std::get_if<Close>(&message)) {
    const std::optional<std::string_view> error =
        close->error ? std::optional<std::string_view>(*close->error) : std::nullopt;
    const HubMessage again = reparse(protocol().close(error, close->allow_reconnect));
    const auto* copy = std::get_if<Close>(&again);
    FUZZ_CHECK(copy != nullptr, "a close came back as another type");
    FUZZ_CHECK(copy->error == close->error, "close error changed");
    FUZZ_CHECK(copy->allow_reconnect == close->allow_reconnect, "allowReconnect changed");
  } else if (std::holds_alternative<Ping>(message)) {
    FUZZ_CHECK(std::holds_alternative<Ping>(reparse(*protocol().ping())), "the ping is no ping");
  } else if (const auto* ack = std::get_if<Ack>(&message)) {
    FUZZ_CHECK(ack->sequence_id >= 0, "a negative sequence id");
    const HubMessage again = reparse(protocol().ack(static_cast<std::uint64_t>(ack->sequence_id)));
    FUZZ_CHECK(std::get_if<Ack>(&again) && std::get<Ack>(again).sequence_id == ack->sequence_id,
               "ack changed");
  } else if (const auto* sequence = std::get_if<Sequence>(&message)) {
    FUZZ_CHECK(sequence->sequence_id >= 0, "a negative sequence id");
    const HubMessage again =
        reparse(protocol().sequence(static_cast<std::uint64_t>(sequence->sequence_id)));
    FUZZ_CHECK(std::get_if<Sequence>(&again) &&
                   std::get<Sequence>(again).sequence_id == sequence->sequence_id,
               "sequence changed");
  } else if (const auto* unknown = std::get_if<UnknownMessage>(&message)) {
    FUZZ_CHECK(unknown->type < 1 || unknown->type > 9, "a known type read as unknown");
  }
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view record(reinterpret_cast<const char*>(data), size);
  auto message = protocol().parse(record);
  if (message) {
    checkRoundTrip(*message);
  } else {
    FUZZ_CHECK(message.error().kind == chat::ErrorKind::kInvalid, "an error not kInvalid");
    FUZZ_CHECK(!message.error().message.empty(), "an error without text");
  }
  return 0;
}
