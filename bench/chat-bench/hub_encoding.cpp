#include "hub_encoding.hpp"

#include <fmt/format.h>
#include <boost/json/serialize.hpp>

#include "adapters/signalr/protocol/length_prefix.hpp"

namespace chat::bench {

namespace {

// The few MessagePack forms an invocation needs, each in its shortest encoding.
class MessagePackWriter {
 public:
  explicit MessagePackWriter(std::string& out) : out_(out) {}

  void arrayHeader(std::size_t size) { header(size, 0x90, 0xdc); }
  void emptyMap() { byte(0x80); }
  void nil() { byte(0xc0); }
  void boolean(bool value) { byte(value ? 0xc3 : 0xc2); }

  void integer(std::int64_t value) {
    if (value >= 0) return unsignedInteger(static_cast<std::uint64_t>(value));
    if (value >= -32) return byte(static_cast<std::uint8_t>(value));
    if (value >= INT8_MIN) return sized(0xd0, static_cast<std::uint64_t>(value), 1);
    if (value >= INT16_MIN) return sized(0xd1, static_cast<std::uint64_t>(value), 2);
    if (value >= INT32_MIN) return sized(0xd2, static_cast<std::uint64_t>(value), 4);
    sized(0xd3, static_cast<std::uint64_t>(value), 8);
  }

  void unsignedInteger(std::uint64_t value) {
    if (value < 0x80) return byte(static_cast<std::uint8_t>(value));
    if (value <= UINT8_MAX) return sized(0xcc, value, 1);
    if (value <= UINT16_MAX) return sized(0xcd, value, 2);
    if (value <= UINT32_MAX) return sized(0xce, value, 4);
    sized(0xcf, value, 8);
  }

  void string(std::string_view text) {
    if (text.size() < 32) {
      byte(static_cast<std::uint8_t>(0xa0 | text.size()));
    } else if (text.size() <= UINT8_MAX) {
      sized(0xd9, text.size(), 1);
    } else if (text.size() <= UINT16_MAX) {
      sized(0xda, text.size(), 2);
    } else {
      sized(0xdb, text.size(), 4);
    }
    out_.append(text);
  }

 private:
  void byte(std::uint8_t value) { out_.push_back(static_cast<char>(value)); }
  // A marker, then `bytes` bytes of `value`, big-endian.
  void sized(std::uint8_t marker, std::uint64_t value, int bytes) {
    byte(marker);
    for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
      byte(static_cast<std::uint8_t>(value >> shift));
    }
  }
  void header(std::size_t size, std::uint8_t fix, std::uint8_t sixteen) {
    if (size < 16) return byte(static_cast<std::uint8_t>(fix | size));
    if (size <= UINT16_MAX) return sized(sixteen, size, 2);
    sized(static_cast<std::uint8_t>(sixteen + 1), size, 4);
  }

  std::string& out_;
};

std::string writeValue(MessagePackWriter& writer, const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::int64:
      writer.integer(value.get_int64());
      return "";
    case boost::json::kind::uint64:
      writer.unsignedInteger(value.get_uint64());
      return "";
    case boost::json::kind::string:
      writer.string(value.get_string());
      return "";
    case boost::json::kind::bool_:
      writer.boolean(value.get_bool());
      return "";
    case boost::json::kind::null:
      writer.nil();
      return "";
    case boost::json::kind::array:
      writer.arrayHeader(value.get_array().size());
      for (const auto& item : value.get_array()) {
        if (auto error = writeValue(writer, item); !error.empty()) return error;
      }
      return "";
    default:
      return "an argument MessagePack encoding here does not support: " +
             boost::json::serialize(value);
  }
}

// Writes the invocation's head, then `arguments(writer)` for its argument count, then the
// empty stream ids, and puts the length prefix in front.
template <typename WriteArguments>
void appendMessagePackInvocation(std::string& out, std::uint64_t invocation_id,
                                 std::string_view target, std::size_t argument_count,
                                 WriteArguments&& arguments) {
  // The prefix's size depends on the body's: write the body after room for the longest
  // prefix, then move it down once its size is known.
  const std::size_t start = out.size();
  out.append(signalr::kMaxLengthPrefixSize, '\0');
  MessagePackWriter writer(out);
  writer.arrayHeader(6);
  writer.unsignedInteger(1);
  writer.emptyMap();
  char id[24];
  const auto id_end = fmt::format_to(id, "{}", invocation_id);
  writer.string(std::string_view(id, static_cast<std::size_t>(id_end - id)));
  writer.string(target);
  writer.arrayHeader(argument_count);
  arguments(writer);
  writer.arrayHeader(0);
  const std::size_t body = out.size() - start - signalr::kMaxLengthPrefixSize;
  char prefix[signalr::kMaxLengthPrefixSize];
  const std::size_t prefix_size = signalr::writeLengthPrefix(body, prefix);
  out.replace(start, signalr::kMaxLengthPrefixSize, prefix, prefix_size);
}

}  // namespace

std::string_view handshakeRecord(HubEncoding encoding) {
  return encoding == HubEncoding::kJson ? "{\"protocol\":\"json\",\"version\":1}\x1e"
                                        : "{\"protocol\":\"messagepack\",\"version\":1}\x1e";
}

std::string_view pingRecord(HubEncoding encoding) {
  return encoding == HubEncoding::kJson ? std::string_view("{\"type\":6}\x1e")
                                        : std::string_view("\x02\x91\x06", 3);
}

void appendSendMessage(std::string& out, HubEncoding encoding, std::uint64_t invocation_id,
                       std::int64_t group_id, std::string_view text) {
  if (encoding == HubEncoding::kJson) {
    fmt::format_to(
        std::back_inserter(out),
        R"({{"type":1,"invocationId":"{}","target":"SendMessage","arguments":[{},"{}"]}})"
        "\x1e",
        invocation_id, group_id, text);
    return;
  }
  appendMessagePackInvocation(out, invocation_id, "SendMessage", 2, [&](MessagePackWriter& writer) {
    writer.integer(group_id);
    writer.string(text);
  });
}

std::string appendInvocation(std::string& out, HubEncoding encoding, std::uint64_t invocation_id,
                             std::string_view target, const boost::json::array& arguments) {
  if (encoding == HubEncoding::kJson) {
    fmt::format_to(std::back_inserter(out),
                   R"({{"type":1,"invocationId":"{}","target":"{}","arguments":{}}})"
                   "\x1e",
                   invocation_id, target, boost::json::serialize(arguments));
    return "";
  }
  std::string error;
  std::string record;
  appendMessagePackInvocation(record, invocation_id, target, arguments.size(),
                              [&](MessagePackWriter& writer) {
                                for (const auto& argument : arguments) {
                                  if (error.empty()) error = writeValue(writer, argument);
                                }
                              });
  if (error.empty()) out.append(record);
  return error;
}

}  // namespace chat::bench
