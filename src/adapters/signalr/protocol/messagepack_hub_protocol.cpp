#include "adapters/signalr/protocol/messagepack_hub_protocol.hpp"

#include <bit>
#include <cstdint>
#include <string>
#include <utility>

#include <msgpack.hpp>

#include "adapters/signalr/protocol/length_prefix.hpp"
#include "adapters/signalr/protocol/messagepack_hub_message_parser.hpp"

namespace chat::signalr {
namespace {

constexpr std::string_view kGenericError = "An unexpected error occurred on the server.";
constexpr std::int64_t kCompletionType = 3;
constexpr std::int64_t kErrorResult = 1;
constexpr std::int64_t kNonVoidResult = 3;
// A MessageDto without its two strings, with room to spare: keys, integers, timestamp.
constexpr std::size_t kMessageDtoSize = 128;

void storeBigEndian(char* out, std::uint64_t value, std::size_t bytes) {
  for (std::size_t i = 0; i < bytes; ++i) {
    out[i] = static_cast<char>(value >> (8 * (bytes - 1 - i)));
  }
}

// The stream msgpack::packer writes to: appends to a string.
class StringStream {
 public:
  explicit StringStream(std::string& out) : out_(out) {}
  void write(const char* data, std::size_t size) { out_.append(data, size); }

 private:
  std::string& out_;
};

// One frame, built in one string: room for the longest length prefix, then the body, then
// the prefix written just before the body once its size is known.
class Frame {
 public:
  explicit Frame(std::size_t body_estimate) : stream_(out_), packer_(stream_) {
    out_.reserve(kMaxLengthPrefixSize + body_estimate);
    out_.append(kMaxLengthPrefixSize, '\0');
  }

  msgpack::packer<StringStream>& pack() { return packer_; }

  void string(std::string_view text) {
    packer_.pack_str(static_cast<std::uint32_t>(text.size()));
    packer_.pack_str_body(text.data(), static_cast<std::uint32_t>(text.size()));
  }

  // Always a float64 (0xcb), as ASP.NET writes a double: msgpack-cxx's pack_double writes
  // whole numbers as integers, and a double should read back as one.
  void float64(double value) {
    char data[9];
    data[0] = static_cast<char>(0xcb);
    storeBigEndian(data + 1, std::bit_cast<std::uint64_t>(value), 8);
    stream_.write(data, sizeof data);
  }

  // `[type, {}, ...]`: the start of a message with headers, `size` elements in all.
  void head(std::uint32_t size, std::int64_t type) {
    packer_.pack_array(size);
    packer_.pack_int64(type);
    packer_.pack_map(0);
  }

  std::string finish() && {
    const std::size_t body = out_.size() - kMaxLengthPrefixSize;
    const std::size_t unused = kMaxLengthPrefixSize - lengthPrefixSize(body);
    writeLengthPrefix(body, out_.data() + unused);
    out_.erase(0, unused);  // moves the body, within the capacity
    return std::move(out_);
  }

 private:
  std::string out_;
  StringStream stream_;
  msgpack::packer<StringStream> packer_;
};

// The MessagePack timestamp extension (type -1): 64 bits (30 of nanoseconds, 34 of
// seconds) from 1970 to 2514, else 96 (32 of nanoseconds, 64 of signed seconds).
void packTimestamp(Frame& frame, Timestamp time) {
  constexpr std::int8_t kTimestampType = -1;
  const std::int64_t millis = time.time_since_epoch().count();
  std::int64_t seconds = millis / 1000;
  std::int64_t rest = millis % 1000;
  if (rest < 0) {  // the nanoseconds of a time before 1970 count forwards too
    rest += 1000;
    --seconds;
  }
  const auto nanos = static_cast<std::uint64_t>(rest) * 1'000'000;
  if (seconds >= 0 && seconds < (std::int64_t{1} << 34)) {
    char data[8];
    storeBigEndian(data, (nanos << 34) | static_cast<std::uint64_t>(seconds), 8);
    frame.pack().pack_ext(sizeof data, kTimestampType);
    frame.pack().pack_ext_body(data, sizeof data);
  } else {
    char data[12];
    storeBigEndian(data, nanos, 4);
    storeBigEndian(data + 4, static_cast<std::uint64_t>(seconds), 8);
    frame.pack().pack_ext(sizeof data, kTimestampType);
    frame.pack().pack_ext_body(data, sizeof data);
  }
}

// The keys and order of the JSON MessageDto (adapters/dto/message_dto.cpp).
void packMessageDto(Frame& frame, const Message& message) {
  // The fields of a changed message only once changed, as in the JSON protocol.
  const bool edited = message.edited_on.has_value(), deleted = message.deleted_on.has_value(),
             changed = message.change_seq != 0;
  frame.pack().pack_map(7 + (edited ? 1 : 0) + (deleted ? 1 : 0) + (changed ? 1 : 0));
  frame.string("messageId");
  frame.pack().pack_int64(message.id);
  frame.string("groupId");
  frame.pack().pack_int64(message.group_id);
  frame.string("seq");
  frame.pack().pack_int64(message.seq);
  frame.string("playerId");
  frame.pack().pack_int64(message.sender_id);
  frame.string("playerName");
  frame.string(message.sender_name);
  frame.string("message");
  frame.string(message.text);
  frame.string("sentOn");
  packTimestamp(frame, message.sent_on);
  if (edited) {
    frame.string("editedOn");
    packTimestamp(frame, *message.edited_on);
  }
  if (deleted) {
    frame.string("deletedOn");
    packTimestamp(frame, *message.deleted_on);
  }
  if (changed) {
    frame.string("changeSeq");
    frame.pack().pack_int64(message.change_seq);
  }
}

std::size_t messageDtoSize(const Message& message) {
  const std::size_t changed_fields = message.change_seq != 0 ? 64 : 0;
  return kMessageDtoSize + changed_fields + message.sender_name.size() + message.text.size();
}

// Server values only, whose depth the server chooses: recursion is safe here.
void packJson(Frame& frame, const boost::json::value& value) {
  auto& pack = frame.pack();
  switch (value.kind()) {
    case boost::json::kind::null:
      pack.pack_nil();
      break;
    case boost::json::kind::bool_:
      value.get_bool() ? pack.pack_true() : pack.pack_false();
      break;
    case boost::json::kind::int64:
      pack.pack_int64(value.get_int64());
      break;
    case boost::json::kind::uint64:
      pack.pack_uint64(value.get_uint64());
      break;
    case boost::json::kind::double_:
      frame.float64(value.get_double());
      break;
    case boost::json::kind::string:
      frame.string(value.get_string());
      break;
    case boost::json::kind::array:
      pack.pack_array(static_cast<std::uint32_t>(value.get_array().size()));
      for (const auto& item : value.get_array()) packJson(frame, item);
      break;
    case boost::json::kind::object:
      pack.pack_map(static_cast<std::uint32_t>(value.get_object().size()));
      for (const auto& entry : value.get_object()) {
        frame.string(entry.key());
        packJson(frame, entry.value());
      }
      break;
  }
}

// A server push (no invocation id) with one argument, which `pack_argument` writes.
template <typename PackArgument>
std::string push(std::string_view target, std::size_t argument_size, PackArgument pack_argument) {
  constexpr std::int64_t kInvocationType = 1;
  Frame frame(16 + target.size() + argument_size);
  frame.head(6, kInvocationType);
  frame.pack().pack_nil();  // no invocation id: a push
  frame.string(target);
  frame.pack().pack_array(1);
  pack_argument(frame);
  frame.pack().pack_array(0);  // StreamIds
  return std::move(frame).finish();
}

// `[3, {}, id, kind, ...]`, the result to be packed after it.
void completionHead(Frame& frame, std::string_view invocation_id, std::int64_t kind) {
  frame.head(5, kCompletionType);
  frame.string(invocation_id);
  frame.pack().pack_int64(kind);
}

// The head of a completion and a string take at most this much more than their texts.
constexpr std::size_t kCompletionOverhead = 24;

// `[type, sequenceId]`: Ack and Sequence.
std::string sequenceMessage(std::int64_t type, std::uint64_t sequence_id) {
  Frame frame(16);
  frame.pack().pack_array(2);
  frame.pack().pack_int64(type);
  frame.pack().pack_uint64(sequence_id);
  return std::move(frame).finish();
}

}  // namespace

const HubProtocol& messagePackHubProtocol() {
  static const MessagePackHubProtocol protocol;
  return protocol;
}

Result<HubMessage> MessagePackHubProtocol::parse(std::string_view record) const {
  return parseMessagePackHubMessage(record);
}

std::string MessagePackHubProtocol::messageInvocation(std::string_view target,
                                                      const Message& message) const {
  return push(target, messageDtoSize(message),
              [&](Frame& frame) { packMessageDto(frame, message); });
}

std::string MessagePackHubProtocol::eventInvocation(std::string_view target,
                                                    const boost::json::value& argument) const {
  return push(target, 64, [&](Frame& frame) { packJson(frame, argument); });
}

std::string MessagePackHubProtocol::completionWithMessage(std::string_view invocation_id,
                                                          const Message& message) const {
  Frame frame(kCompletionOverhead + invocation_id.size() + messageDtoSize(message));
  completionHead(frame, invocation_id, kNonVoidResult);
  packMessageDto(frame, message);
  return std::move(frame).finish();
}

std::string MessagePackHubProtocol::completionWithMessages(
    std::string_view invocation_id, std::span<const Message> messages) const {
  std::size_t size = kCompletionOverhead + invocation_id.size() + 5;
  for (const Message& message : messages) size += messageDtoSize(message);
  Frame frame(size);
  completionHead(frame, invocation_id, kNonVoidResult);
  frame.pack().pack_array(static_cast<std::uint32_t>(messages.size()));
  for (const Message& message : messages) packMessageDto(frame, message);
  return std::move(frame).finish();
}

std::string MessagePackHubProtocol::completionWithResult(std::string_view invocation_id,
                                                         const boost::json::value& result) const {
  Frame frame(kCompletionOverhead + invocation_id.size() + 64);
  completionHead(frame, invocation_id, kNonVoidResult);
  packJson(frame, result);
  return std::move(frame).finish();
}

// ASP.NET answers a void method with a nil result (kind 3), not with kind 2.
std::string MessagePackHubProtocol::completionVoid(std::string_view invocation_id) const {
  Frame frame(kCompletionOverhead + invocation_id.size());
  completionHead(frame, invocation_id, kNonVoidResult);
  frame.pack().pack_nil();
  return std::move(frame).finish();
}

std::string MessagePackHubProtocol::completionError(std::string_view invocation_id,
                                                    std::string_view error) const {
  const std::string_view text = error.empty() ? kGenericError : error;
  Frame frame(kCompletionOverhead + invocation_id.size() + text.size());
  completionHead(frame, invocation_id, kErrorResult);
  frame.string(text);
  return std::move(frame).finish();
}

const SharedRecord& MessagePackHubProtocol::ping() const {
  static const SharedRecord record = makeRecord(std::string("\x02\x91\x06", 3));
  return record;
}

std::string MessagePackHubProtocol::close(std::optional<std::string_view> error,
                                          bool allow_reconnect) const {
  constexpr std::int64_t kCloseType = 7;
  Frame frame(8 + (error ? error->size() : 0));
  frame.pack().pack_array(3);
  frame.pack().pack_int64(kCloseType);
  if (error) {
    frame.string(*error);
  } else {
    frame.pack().pack_nil();
  }
  allow_reconnect ? frame.pack().pack_true() : frame.pack().pack_false();
  return std::move(frame).finish();
}

std::string MessagePackHubProtocol::ack(std::uint64_t sequence_id) const {
  constexpr std::int64_t kAckType = 8;
  return sequenceMessage(kAckType, sequence_id);
}

std::string MessagePackHubProtocol::sequence(std::uint64_t sequence_id) const {
  constexpr std::int64_t kSequenceType = 9;
  return sequenceMessage(kSequenceType, sequence_id);
}

}  // namespace chat::signalr
