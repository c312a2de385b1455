#include "adapters/signalr/protocol/messagepack_reader.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include <msgpack.hpp>

#include "domain/text.hpp"

namespace chat::signalr {
namespace {

// A msgpack-cxx parse visitor (its callbacks keep the library's names) that builds JSON
// values. The library walks nested data with a stack of its own, and so does this builder:
// no recursion, whatever the input.
class JsonBuilder {
 public:
  // The value read, once msgpack::parse succeeded.
  boost::json::value& root() { return root_; }
  const std::string& error() const { return error_; }
  std::optional<std::size_t>& unsupportedIndex() { return unsupported_index_; }
  std::string& unsupported() { return unsupported_; }

  // NOLINTBEGIN(readability-identifier-naming): the names msgpack::parse calls
  bool visit_nil() { return add(nullptr); }
  bool visit_boolean(bool v) { return add(v); }
  bool visit_positive_integer(std::uint64_t v) {
    // As the JSON parser reads numbers: int64 when it fits, uint64 above.
    if (v <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return add(static_cast<std::int64_t>(v));
    }
    return add(v);
  }
  bool visit_negative_integer(std::int64_t v) { return add(v); }
  bool visit_float32(float v) { return visitFloat(v); }
  bool visit_float64(double v) { return visitFloat(v); }
  bool visit_str(const char* v, std::uint32_t size) {
    const std::string_view text(v, size);
    if (!utf8Length(text)) return unsupported("MessagePack strings must be valid UTF-8.");
    return add(boost::json::string(text));
  }
  bool visit_bin(const char* /*v*/, std::uint32_t /*size*/) {
    return unsupported(
        "MessagePack binary values are not supported; send bytes as a base64 string.");
  }
  // `v` starts with the extension's type byte.
  bool visit_ext(const char* v, std::uint32_t size) {
    const int type = size > 0 ? static_cast<std::int8_t>(v[0]) : 0;
    return unsupported("MessagePack extension values (type " + std::to_string(type) +
                       ") are not supported.");
  }
  bool start_array(std::uint32_t /*num_elements*/) { return open(boost::json::array()); }
  bool start_array_item() { return true; }
  bool end_array_item() { return true; }
  bool end_array() { return close(); }
  bool start_map(std::uint32_t /*num_kv_pairs*/) { return open(boost::json::object()); }
  bool start_map_key() {
    stack_.back().reading_key = true;
    return true;
  }
  bool end_map_key() {
    stack_.back().reading_key = false;
    return true;
  }
  bool start_map_value() { return true; }
  bool end_map_value() { return true; }
  bool end_map() { return close(); }
  void parse_error(std::size_t /*parsed_offset*/, std::size_t error_offset) {
    error_ = "Invalid MessagePack data at byte " + std::to_string(error_offset) + ".";
  }
  void insufficient_bytes(std::size_t /*parsed_offset*/, std::size_t /*error_offset*/) {
    error_ = "The MessagePack data ends before the message does.";
  }
  bool referenced() const { return false; }
  void set_referenced(bool /*referenced*/) {}
  // NOLINTEND(readability-identifier-naming)

 private:
  // An array or map being filled. A map's key is read first (any value; only a string is
  // kept), then its value.
  struct Frame {
    boost::json::value container;
    boost::json::string key;
    bool reading_key = false;
  };

  bool visitFloat(double v) {
    if (!std::isfinite(v)) return unsupported("MessagePack floats must be finite for JSON.");
    return add(v);
  }

  // Records the first value JSON cannot carry against the message element it is in.
  void markUnsupported(std::string why) {
    if (unsupported_index_) return;
    unsupported_index_ = stack_.empty() || !stack_.front().container.is_array()
                             ? 0
                             : stack_.front().container.get_array().size();
    unsupported_ = std::move(why);
  }

  // Such a value is kept as a null.
  bool unsupported(std::string why) {
    markUnsupported(std::move(why));
    return add(nullptr);
  }

  bool open(boost::json::value container) {
    if (stack_.size() >= kMaxMessagePackDepth) {
      error_ = "MessagePack data nested deeper than " + std::to_string(kMaxMessagePackDepth) +
               " levels.";
      return false;  // stops the parse
    }
    stack_.push_back({std::move(container), {}, false});
    return true;
  }

  bool close() {
    boost::json::value done = std::move(stack_.back().container);
    stack_.pop_back();
    return add(std::move(done));
  }

  bool add(boost::json::value value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return true;
    }
    Frame& top = stack_.back();
    if (top.container.is_array()) {
      top.container.get_array().push_back(std::move(value));
    } else if (top.reading_key) {
      if (value.is_string()) {
        top.key = std::move(value.get_string());
      } else {
        top.key.clear();
        markUnsupported("MessagePack map keys must be strings.");
      }
    } else {
      // A repeated key keeps its last value, as the JavaScript decoders do.
      top.container.get_object().insert_or_assign(top.key, std::move(value));
    }
    return true;
  }

  std::vector<Frame> stack_;
  boost::json::value root_;
  std::string error_;
  std::optional<std::size_t> unsupported_index_;
  std::string unsupported_;
};

}  // namespace

Result<MessagePackArray> readMessagePackArray(std::string_view bytes) {
  JsonBuilder builder;
  std::size_t offset = 0;
  if (!msgpack::parse(bytes.data(), bytes.size(), offset, builder)) {
    return Error::invalid(builder.error().empty() ? "Invalid MessagePack data." : builder.error());
  }
  if (offset != bytes.size()) return Error::invalid("Unexpected data after the message.");
  if (!builder.root().is_array()) return Error::invalid("Reading 'message' as Array failed.");
  return MessagePackArray{std::move(builder.root().get_array()), builder.unsupportedIndex(),
                          std::move(builder.unsupported())};
}

}  // namespace chat::signalr
