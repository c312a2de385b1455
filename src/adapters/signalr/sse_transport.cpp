#include "adapters/signalr/sse_transport.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <cstdio>

#include "adapters/signalr/hub_connection.hpp"

namespace chat::signalr {

namespace asio = boost::asio;
namespace beast = boost::beast;

namespace {

constexpr std::string_view kDataPrefix = "data: ";
constexpr std::string_view kEventEnd = "\r\n\r\n";
constexpr std::string_view kChunkEnd = "\r\n";
// The last chunk of a chunked body.
constexpr std::string_view kLastChunk = "0\r\n\r\n";
// After the head: a comment line as the first chunk, so that the stream opens at once.
constexpr std::string_view kFirstChunk = "3\r\n:\r\n\r\n";

std::string chunkSizeLine(std::size_t size) {
  char line[24];
  const int length = std::snprintf(line, sizeof line, "%zx\r\n", size);
  return std::string(line, static_cast<std::size_t>(length));
}

bool hasLineBreak(std::span<const asio::const_buffer> records) {
  for (const auto& record : records) {
    const std::string_view bytes(static_cast<const char*>(record.data()), record.size());
    if (bytes.find('\n') != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

SseTransport::SseTransport(beast::tcp_stream stream, const std::string& extra_headers,
                           http::ConnectionSlots::Slot slot)
    : stream_(std::move(stream)), slot_(std::move(slot)) {
  head_ =
      "HTTP/1.1 200 OK\r\n"
      "Content-Type: text/event-stream\r\n"
      "Cache-Control: no-cache, no-store\r\n"
      "Pragma: no-cache\r\n"
      "Content-Encoding: identity\r\n"
      "X-Accel-Buffering: no\r\n"
      "Transfer-Encoding: chunked\r\n"
      "Server: ChatServer\r\n"
      "X-Content-Type-Options: nosniff\r\n";
  head_ += extra_headers;
  head_ += "\r\n";
  head_ += kFirstChunk;
}

std::string SseTransport::event(std::string_view payload) {
  std::string out;
  out.reserve(payload.size() + kDataPrefix.size() + kEventEnd.size() + 16);
  std::size_t begin = 0;
  while (true) {
    std::size_t end = payload.find('\n', begin);
    std::string_view line =
        payload.substr(begin, end == std::string_view::npos ? end : end - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out += kDataPrefix;
    out += line;
    out += "\r\n";
    if (end == std::string_view::npos) break;
    begin = end + 1;
  }
  out += "\r\n";
  return out;
}

void SseTransport::start(HubConnection& owner) {
  owner_ = &owner;
  stream_.expires_never();
  asio::async_write(stream_, asio::buffer(head_),
                    [self = shared_from_this(), owner = owner.shared_from_this()](
                        beast::error_code ec, std::size_t) {
                      if (ec) return owner->transportLost(self.get());
                      self->head_sent_ = true;
                      if (self->deferred_) {
                        auto records = *self->deferred_;
                        self->deferred_.reset();
                        self->writeEvent(records);
                      }
                    });
  asio::co_spawn(stream_.get_executor(), watch(owner.shared_from_this()), asio::detached);
}

// The client sends nothing on this connection: a read ends only when it goes away.
asio::awaitable<void> SseTransport::watch(std::shared_ptr<HubConnection> owner) {
  auto self = shared_from_this();
  char ignored[256];
  while (!aborted_) {
    auto [ec, bytes] = co_await stream_.async_read_some(asio::buffer(ignored),
                                                        asio::as_tuple(asio::use_awaitable));
    if (ec) break;
  }
  owner->transportLost(this);
}

void SseTransport::write(std::span<const asio::const_buffer> records) {
  if (!head_sent_) {
    deferred_ = records;
    return;
  }
  writeEvent(records);
}

void SseTransport::writeEvent(std::span<const asio::const_buffer> records) {
  buffers_.clear();
  std::size_t payload = 0;
  for (const auto& record : records) payload += record.size();
  if (hasLineBreak(records)) {
    // Only a record with a line break in it (none that the JSON protocol writes).
    std::string joined;
    joined.reserve(payload);
    for (const auto& record : records) {
      joined.append(static_cast<const char*>(record.data()), record.size());
    }
    event_ = event(joined);
    head_ = chunkSizeLine(event_.size());
    buffers_.emplace_back(asio::buffer(head_));
    buffers_.emplace_back(asio::buffer(event_));
  } else {
    // `data: ` + the records as one line + the event's end, all in one chunk.
    head_ = chunkSizeLine(kDataPrefix.size() + payload + kEventEnd.size());
    head_ += kDataPrefix;
    buffers_.emplace_back(asio::buffer(head_));
    buffers_.insert(buffers_.end(), records.begin(), records.end());
    buffers_.emplace_back(asio::buffer(kEventEnd));
  }
  buffers_.emplace_back(asio::buffer(kChunkEnd));
  asio::async_write(stream_, buffers_,
                    [self = shared_from_this(), owner = owner_->shared_from_this()](
                        beast::error_code ec, std::size_t) {
                      if (!ec) self->event_.clear();
                      owner->written(self.get(), !ec);
                    });
}

void SseTransport::close() {
  if (!head_sent_) {
    // Nothing was written yet, nor will be: ending the stream is all there is to do.
    abort();
    return owner_->transportClosed(this);
  }
  asio::async_write(stream_, asio::buffer(kLastChunk),
                    [self = shared_from_this(), owner = owner_->shared_from_this()](
                        beast::error_code, std::size_t) {
                      beast::error_code ignored;
                      self->stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send,
                                                      ignored);
                      owner->transportClosed(self.get());
                    });
}

void SseTransport::abort() {
  aborted_ = true;
  beast::error_code ignored;
  stream_.socket().close(ignored);
}

}  // namespace chat::signalr
