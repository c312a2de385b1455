#include "adapters/redis/redis_link.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <vector>

#include "adapters/redis/redis_command.hpp"

namespace chat::redis {

namespace asio = boost::asio;
using asio::ip::tcp;

// Per socket, so that a handler of an old socket, completing late, writes into buffers
// that are still alive and is recognised as old (its session is not session_).
struct RedisLink::Session {
  explicit Session(asio::io_context& loop) : socket(loop) {}

  tcp::socket socket;
  ReplyReader reader;
  std::array<char, 64 * 1024> read_buffer{};
  std::string output;   // commands queued for the next write
  std::string writing;  // the write in flight
  bool write_in_flight = false;
  bool write_scheduled = false;
  int handshake_replies = 0;  // AUTH and SELECT replies still to come
};

namespace {

// A buffer that held a burst keeps its memory; give it back past this.
constexpr std::size_t kKeptBufferBytes = 1024 * 1024;

}  // namespace

std::shared_ptr<RedisLink> RedisLink::create(asio::io_context& loop, RedisUrl url,
                                             RedisOptions options, std::string role,
                                             Events events) {
  return std::shared_ptr<RedisLink>(
      new RedisLink(loop, std::move(url), options, std::move(role), std::move(events)));
}

RedisLink::RedisLink(asio::io_context& loop, RedisUrl url, RedisOptions options, std::string role,
                     Events events)
    : loop_(loop),
      url_(std::move(url)),
      options_(options),
      role_(std::move(role)),
      events_(std::move(events)),
      resolver_(loop),
      timer_(loop),
      backoff_(options.first_backoff) {}

RedisLink::~RedisLink() = default;

void RedisLink::start() {
  if (state_ != State::kIdle) return;
  connect();
}

void RedisLink::stop() {
  if (state_ == State::kStopped) return;
  state_ = State::kStopped;
  ++attempt_;
  closeSession();
}

void RedisLink::closeSession() {
  resolver_.cancel();
  timer_.cancel();
  if (!session_) return;
  boost::system::error_code ignored;
  session_->socket.close(ignored);
  session_.reset();
}

void RedisLink::connect() {
  state_ = State::kConnecting;
  const std::uint64_t attempt = ++attempt_;
  auto session = std::make_shared<Session>(loop_);
  session_ = session;
  auto self = shared_from_this();

  timer_.expires_after(options_.connect_timeout);
  timer_.async_wait([self, attempt](const boost::system::error_code& error) {
    if (error || attempt != self->attempt_ || self->state_ != State::kConnecting) return;
    self->fail("timed out connecting");
  });
  resolver_.async_resolve(
      url_.host, std::to_string(url_.port),
      [self, attempt, session](const boost::system::error_code& error,
                               const tcp::resolver::results_type& endpoints) {
        if (attempt != self->attempt_ || session != self->session_) return;
        if (error) return self->fail("resolving " + self->url_.host + ": " + error.message());
        asio::async_connect(session->socket, endpoints,
                            [self, session](const boost::system::error_code& error,
                                            const tcp::endpoint& /*endpoint*/) {
                              if (session != self->session_) return;
                              if (error) return self->fail("connecting: " + error.message());
                              self->connected(session);
                            });
      });
}

void RedisLink::connected(const std::shared_ptr<Session>& session) {
  boost::system::error_code ignored;
  // Replies are small and latency counts; a dead peer is noticed even when idle.
  session->socket.set_option(tcp::no_delay(true), ignored);
  session->socket.set_option(asio::socket_base::keep_alive(true), ignored);
  readSome(session);

  // Before anything of the owner's: the owner can send only once the link is up.
  if (!url_.password.empty()) {
    std::vector<std::string_view> auth{"AUTH"};
    if (!url_.user.empty()) auth.push_back(url_.user);
    auth.push_back(url_.password);
    appendCommand(session->output, auth);
    ++session->handshake_replies;
  }
  if (url_.db != 0) {
    const std::string db = std::to_string(url_.db);
    appendCommand(session->output, std::vector<std::string_view>{"SELECT", db});
    ++session->handshake_replies;
  }
  if (session->handshake_replies == 0) return becomeUp();
  write(session);
}

void RedisLink::becomeUp() {
  state_ = State::kUp;
  timer_.cancel();
  backoff_ = options_.first_backoff;
  failures_in_a_row_ = 0;
  spdlog::info("Redis {}: connected to {}", role_, url_.describe());
  if (events_.up) events_.up();
}

void RedisLink::readSome(const std::shared_ptr<Session>& session) {
  session->socket.async_read_some(
      asio::buffer(session->read_buffer),
      [self = shared_from_this(), session](const boost::system::error_code& error,
                                           std::size_t bytes) {
        if (session != self->session_) return;
        if (error == asio::error::eof) return self->fail("the server closed the connection");
        if (error) return self->fail("reading: " + error.message());
        session->reader.feed(std::string_view(session->read_buffer.data(), bytes));
        self->dispatch(session);
        if (session == self->session_) self->readSome(session);
      });
}

void RedisLink::dispatch(const std::shared_ptr<Session>& session) {
  // Every event may stop the link or lose it: after each, the session must still be ours.
  while (session == session_) {
    auto next = session->reader.next();
    if (!next) return fail(next.error().detail);
    if (!*next) return;
    Reply& reply = **next;
    if (session->handshake_replies > 0) {
      // An error here is the server's answer to AUTH or SELECT; it never holds the password.
      if (reply.isError()) return fail("logging in or selecting the database: " + reply.text);
      if (--session->handshake_replies == 0) becomeUp();
      continue;
    }
    if (events_.reply) events_.reply(std::move(reply));
  }
}

Status RedisLink::send(std::span<const std::string_view> argv) {
  if (state_ != State::kUp) {
    return Error::unavailable("Redis is unavailable", "the Redis " + role_ + " link is down");
  }
  Session& session = *session_;
  if (session.output.size() + session.writing.size() + encodedSize(argv) >
      options_.max_output_bytes) {
    return Error::unavailable("Redis is not keeping up",
                              "more than " + std::to_string(options_.max_output_bytes) +
                                  " bytes of commands are waiting for Redis");
  }
  appendCommand(session.output, argv);
  scheduleWrite(session_);
  return {};
}

// The write waits for the end of the current turn of the loop, so that a burst of commands
// goes out in one write; while a write is in flight, commands gather for the next one.
void RedisLink::scheduleWrite(const std::shared_ptr<Session>& session) {
  if (session->write_in_flight || session->write_scheduled) return;
  session->write_scheduled = true;
  asio::post(loop_, [self = shared_from_this(), session] {
    session->write_scheduled = false;
    if (session == self->session_) self->write(session);
  });
}

void RedisLink::write(const std::shared_ptr<Session>& session) {
  if (session->write_in_flight || session->output.empty()) return;
  session->writing.swap(session->output);
  session->write_in_flight = true;
  asio::async_write(session->socket, asio::buffer(session->writing),
                    [self = shared_from_this(), session](const boost::system::error_code& error,
                                                         std::size_t /*bytes*/) {
                      if (session != self->session_) return;
                      session->write_in_flight = false;
                      if (error) return self->fail("writing: " + error.message());
                      session->writing.clear();
                      if (session->writing.capacity() > kKeptBufferBytes) {
                        std::string().swap(session->writing);
                      }
                      self->write(session);
                    });
}

void RedisLink::fail(const std::string& reason) {
  const bool was_up = state_ == State::kUp;
  closeSession();
  state_ = State::kWaiting;
  const std::uint64_t attempt = ++attempt_;
  const auto wait = backoff_;
  backoff_ = std::min(backoff_ * 2, options_.max_backoff);

  // The first failure in a row is worth a warning; the retries that follow are not.
  if (failures_in_a_row_++ == 0) {
    spdlog::warn("Redis {}: {} {}: {}; retrying", role_, was_up ? "lost" : "cannot reach",
                 url_.describe(), reason);
  } else {
    spdlog::debug("Redis {}: still cannot reach {}: {}", role_, url_.describe(), reason);
  }
  timer_.expires_after(wait);
  timer_.async_wait([self = shared_from_this(), attempt](const boost::system::error_code& error) {
    if (error || attempt != self->attempt_ || self->state_ != State::kWaiting) return;
    self->connect();
  });

  // Last: the owner may stop the link from inside.
  if (was_up && events_.down) {
    events_.down(Error::unavailable("Redis is unavailable", "Redis " + role_ + ": " + reason));
  }
}

}  // namespace chat::redis
