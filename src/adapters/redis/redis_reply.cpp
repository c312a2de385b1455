#include "adapters/redis/redis_reply.hpp"

#include <hiredis/hiredis.h>

#include <memory>
#include <new>

namespace chat::redis {
namespace {

Reply convert(const redisReply& raw) {
  switch (raw.type) {
    case REDIS_REPLY_STATUS:
      return Reply::status(std::string(raw.str, raw.len));
    case REDIS_REPLY_ERROR:
      return Reply::error(std::string(raw.str, raw.len));
    case REDIS_REPLY_INTEGER:
      return Reply::number(raw.integer);
    case REDIS_REPLY_STRING:
      return Reply::bulk(std::string(raw.str, raw.len));
    case REDIS_REPLY_ARRAY: {
      std::vector<Reply> elements;
      elements.reserve(raw.elements);
      for (std::size_t i = 0; i < raw.elements; ++i) elements.push_back(convert(*raw.element[i]));
      return Reply::array(std::move(elements));
    }
    default:  // REDIS_REPLY_NIL, and nothing else exists in RESP2
      return Reply::nil();
  }
}

void describeInto(const Reply& reply, std::string& out) {
  switch (reply.kind) {
    case Reply::Kind::kStatus:
      out += reply.text;
      return;
    case Reply::Kind::kError:
      out += "(error) " + reply.text;
      return;
    case Reply::Kind::kInteger:
      out += "(integer) " + std::to_string(reply.integer);
      return;
    case Reply::Kind::kString:
      out += '"';
      if (reply.text.size() > 64) {
        out.append(reply.text, 0, 64);
        out += "...(" + std::to_string(reply.text.size()) + " bytes)";
      } else {
        out += reply.text;
      }
      out += '"';
      return;
    case Reply::Kind::kNil:
      out += "(nil)";
      return;
    case Reply::Kind::kArray:
      out += '[';
      for (std::size_t i = 0; i < reply.elements.size(); ++i) {
        if (i > 0) out += ", ";
        describeInto(reply.elements[i], out);
      }
      out += ']';
      return;
  }
}

}  // namespace

std::string describe(const Reply& reply) {
  std::string out;
  describeInto(reply, out);
  return out;
}

ReplyReader::ReplyReader() : reader_(redisReaderCreate()) {
  if (!reader_) throw std::bad_alloc();
}

ReplyReader::~ReplyReader() {
  redisReaderFree(reader_);
}

void ReplyReader::feed(std::string_view bytes) {
  // A failure (out of memory, or an earlier protocol error) stays in the reader, and
  // next() reports it.
  redisReaderFeed(reader_, bytes.data(), bytes.size());
}

Result<std::optional<Reply>> ReplyReader::next() {
  void* raw = nullptr;
  if (redisReaderGetReply(reader_, &raw) != REDIS_OK) {
    return Error::unavailable("Redis sent a reply that could not be read",
                              std::string("Redis protocol error: ") + reader_->errstr);
  }
  if (!raw) return std::optional<Reply>();
  const std::unique_ptr<void, void (*)(void*)> owned(raw, freeReplyObject);
  return std::optional<Reply>(convert(*static_cast<const redisReply*>(raw)));
}

}  // namespace chat::redis
