#include "messagepack_receipt.hpp"

#include <charconv>
#include <cstdint>
#include <optional>

namespace chat::bench {

namespace {

constexpr int kMaxDepth = 32;  // nesting skipped before a record counts as malformed

// A read position in a record. Every read fails (returns nullopt or false) rather than pass
// the end; a failed read leaves the position anywhere.
class Cursor {
 public:
  explicit Cursor(std::string_view bytes) : bytes_(bytes) {}

  std::optional<std::uint8_t> peek() const {
    if (pos_ >= bytes_.size()) return std::nullopt;
    return static_cast<std::uint8_t>(bytes_[pos_]);
  }

  std::optional<std::size_t> arrayHeader() { return header(0x90, 0x0f, 0xdc); }
  std::optional<std::size_t> mapHeader() { return header(0x80, 0x0f, 0xde); }

  std::optional<std::int64_t> integer() {
    const auto marker = take();
    if (!marker) return std::nullopt;
    if (*marker < 0x80) return *marker;
    if (*marker >= 0xe0) return static_cast<std::int8_t>(*marker);
    switch (*marker) {
      case 0xcc:
        return big(1);
      case 0xcd:
        return big(2);
      case 0xce:
        return big(4);
      case 0xcf: {
        auto value = big(8);
        if (!value || *value > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
        return static_cast<std::int64_t>(*value);
      }
      case 0xd0:
        return signedBig(1);
      case 0xd1:
        return signedBig(2);
      case 0xd2:
        return signedBig(4);
      case 0xd3:
        return signedBig(8);
      default:
        return std::nullopt;
    }
  }

  // A str; nullopt for anything else.
  std::optional<std::string_view> string() {
    const auto marker = take();
    if (!marker) return std::nullopt;
    std::optional<std::uint64_t> size;
    if ((*marker & 0xe0) == 0xa0) {
      size = *marker & 0x1f;
    } else if (*marker == 0xd9) {
      size = big(1);
    } else if (*marker == 0xda) {
      size = big(2);
    } else if (*marker == 0xdb) {
      size = big(4);
    }
    if (!size || *size > bytes_.size() - pos_) return std::nullopt;
    const auto text = bytes_.substr(pos_, *size);
    pos_ += *size;
    return text;
  }

  bool nil() {
    if (peek() != 0xc0) return false;
    ++pos_;
    return true;
  }

  // Steps over one value of any type.
  bool skip(int depth = 0) {
    if (depth > kMaxDepth) return false;
    const auto marker = take();
    if (!marker) return false;
    const std::uint8_t m = *marker;
    if (m < 0x80 || m >= 0xe0 || m == 0xc0 || m == 0xc2 || m == 0xc3) return true;
    if ((m & 0xe0) == 0xa0) return advance(m & 0x1f);
    if ((m & 0xf0) == 0x90) return skipItems(m & 0x0f, depth);
    if ((m & 0xf0) == 0x80) return skipItems(2 * static_cast<std::uint64_t>(m & 0x0f), depth);
    switch (m) {
      case 0xcc:
      case 0xd0:
        return advance(1);
      case 0xcd:
      case 0xd1:
        return advance(2);
      case 0xce:
      case 0xd2:
      case 0xca:
        return advance(4);
      case 0xcf:
      case 0xd3:
      case 0xcb:
        return advance(8);
      case 0xc4:
      case 0xd9:
        return sizedData(1);
      case 0xc5:
      case 0xda:
        return sizedData(2);
      case 0xc6:
      case 0xdb:
        return sizedData(4);
      case 0xd4:
        return advance(2);  // fixext 1: type, data
      case 0xd5:
        return advance(3);
      case 0xd6:
        return advance(5);  // timestamp 32
      case 0xd7:
        return advance(9);  // timestamp 64
      case 0xd8:
        return advance(17);
      case 0xc7:
        return sizedData(1, 1);  // ext 8 (timestamp 96): size, type, data
      case 0xc8:
        return sizedData(2, 1);
      case 0xc9:
        return sizedData(4, 1);
      case 0xdc: {
        auto n = big(2);
        return n && skipItems(*n, depth);
      }
      case 0xdd: {
        auto n = big(4);
        return n && skipItems(*n, depth);
      }
      case 0xde: {
        auto n = big(2);
        return n && skipItems(2 * *n, depth);
      }
      case 0xdf: {
        auto n = big(4);
        return n && skipItems(2 * *n, depth);
      }
      default:
        return false;  // 0xc1, never used
    }
  }

 private:
  std::optional<std::uint8_t> take() {
    auto byte = peek();
    if (byte) ++pos_;
    return byte;
  }
  bool advance(std::uint64_t bytes) {
    if (bytes > bytes_.size() - pos_) return false;
    pos_ += bytes;
    return true;
  }
  std::optional<std::uint64_t> big(int bytes) {
    if (static_cast<std::size_t>(bytes) > bytes_.size() - pos_) return std::nullopt;
    std::uint64_t value = 0;
    for (int i = 0; i < bytes; ++i) value = value << 8 | static_cast<std::uint8_t>(bytes_[pos_++]);
    return value;
  }
  std::optional<std::int64_t> signedBig(int bytes) {
    const auto value = big(bytes);
    if (!value) return std::nullopt;
    const int unused = 64 - 8 * bytes;  // sign-extend from the value's width
    return static_cast<std::int64_t>(*value << unused) >> unused;
  }
  bool sizedData(int size_bytes, int extra = 0) {
    const auto size = big(size_bytes);
    return size && advance(*size + static_cast<std::uint64_t>(extra));
  }
  bool skipItems(std::uint64_t count, int depth) {
    if (count > bytes_.size() - pos_) return false;  // every item takes a byte at least
    for (std::uint64_t i = 0; i < count; ++i) {
      if (!skip(depth + 1)) return false;
    }
    return true;
  }
  std::optional<std::size_t> header(std::uint8_t fix, std::uint8_t fix_mask, std::uint8_t sixteen) {
    const auto marker = take();
    if (!marker) return std::nullopt;
    if ((*marker & ~fix_mask) == fix) return *marker & fix_mask;
    if (*marker == sixteen) return big(2);
    if (*marker == sixteen + 1) return big(4);
    return std::nullopt;
  }

  std::string_view bytes_;
  std::size_t pos_ = 0;
};

// A MessageDto map: groupId, seq and message; every other entry skipped.
bool readMessageDto(Cursor& in, Receipt& receipt) {
  const auto entries = in.mapHeader();
  if (!entries) return false;
  for (std::size_t i = 0; i < *entries; ++i) {
    const auto key = in.string();
    if (!key) return false;
    if (*key == "groupId" || *key == "seq") {
      const auto value = in.integer();
      if (!value) return false;
      (*key == "seq" ? receipt.seq : receipt.group_id) = *value;
    } else if (*key == "message") {
      const auto text = in.string();
      if (!text) return false;
      receipt.message = *text;
      receipt.has_message = true;
    } else if (!in.skip()) {
      return false;
    }
  }
  return true;
}

// An error that is a str, or nil (no error).
bool readError(Cursor& in, Receipt& receipt) {
  if (in.nil()) return true;
  const auto text = in.string();
  if (!text) return false;
  receipt.error = *text;
  receipt.has_error = true;
  return true;
}

Receipt invocation(Cursor& in) {
  Receipt receipt;
  if (!in.skip() || (!in.nil() && !in.string())) return receipt;  // headers, invocation id
  const auto target = in.string();
  if (!target) return receipt;
  if (*target != "MessageReceived") {
    receipt.kind = RecordKind::kInvocation;
    return receipt;
  }
  const auto arguments = in.arrayHeader();
  if (!arguments || *arguments < 1 || !readMessageDto(in, receipt)) return Receipt{};
  receipt.kind = RecordKind::kMessageReceived;
  return receipt;
}

Receipt completion(Cursor& in) {
  Receipt receipt;
  if (!in.skip()) return receipt;  // headers
  const auto id = in.string();
  const auto kind = id ? in.integer() : std::nullopt;
  if (!kind) return receipt;
  std::uint64_t number = 0;
  auto [end, ec] = std::from_chars(id->data(), id->data() + id->size(), number);
  if (ec == std::errc() && end == id->data() + id->size()) receipt.invocation_id = number;
  switch (*kind) {
    case 1:
      if (!readError(in, receipt) || !receipt.has_error) return Receipt{};
      break;
    case 2:
      break;
    case 3:
      // A MessageDto result is read; any other result is only checked to be there.
      if (in.peek() && ((*in.peek() & 0xf0) == 0x80 || *in.peek() == 0xde || *in.peek() == 0xdf)) {
        if (!readMessageDto(in, receipt)) return Receipt{};
      } else if (!in.skip()) {
        return Receipt{};
      }
      break;
    default:
      return receipt;
  }
  receipt.kind = RecordKind::kCompletion;
  return receipt;
}

}  // namespace

Receipt parseMessagePackReceipt(std::string_view record) {
  Cursor in(record);
  const auto size = in.arrayHeader();
  const auto type = size && *size >= 1 ? in.integer() : std::nullopt;
  if (!type) return Receipt{};
  Receipt receipt;
  switch (*type) {
    case 1:
      return *size >= 5 ? invocation(in) : receipt;
    case 3:
      return *size >= 4 ? completion(in) : receipt;
    case 6:
      receipt.kind = RecordKind::kPing;
      return receipt;
    case 7:
      if (*size >= 2 && !readError(in, receipt)) return Receipt{};
      receipt.kind = RecordKind::kClose;
      return receipt;
    default:
      receipt.kind = RecordKind::kOther;
      return receipt;
  }
}

}  // namespace chat::bench
