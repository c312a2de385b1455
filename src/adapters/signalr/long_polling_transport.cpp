#include "adapters/signalr/long_polling_transport.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "adapters/signalr/hub_connection.hpp"

namespace chat::signalr {

namespace asio = boost::asio;

LongPollingTransport::LongPollingTransport(asio::io_context& loop)
    : loop_(loop), away_since_(std::chrono::steady_clock::now()) {}

std::optional<std::chrono::steady_clock::time_point> LongPollingTransport::awaySince() const {
  if (waiting_ != nullptr) return std::nullopt;
  return away_since_;
}

void LongPollingTransport::collect(Answer& answer) {
  for (const auto& record : *uncollected_) {
    answer.body.append(static_cast<const char*>(record.data()), record.size());
  }
  uncollected_.reset();
  asio::post(loop_, [self = shared_from_this(), owner = owner_->shared_from_this()] {
    owner->written(self.get(), true);
  });
}

void LongPollingTransport::answerWaiting(int status) {
  if (waiting_ == nullptr) return;
  waiting_->answer.status = status;
  waiting_->timer.cancel();
  waiting_ = nullptr;
  away_since_ = std::chrono::steady_clock::now();
}

void LongPollingTransport::write(std::span<const asio::const_buffer> records) {
  uncollected_ = records;
  if (waiting_ == nullptr) return;  // the next poll takes it
  collect(waiting_->answer);
  answerWaiting(200);
}

void LongPollingTransport::close() {
  // The Close message was collected by a poll already: the next one hears the end.
  ended_ = true;
  answerWaiting(204);
  owner_->transportClosed(this);
}

void LongPollingTransport::abort() {
  ended_ = true;
  uncollected_.reset();
  answerWaiting(204);
}

asio::awaitable<LongPollingTransport::Answer> LongPollingTransport::poll(
    std::chrono::steady_clock::duration timeout) {
  auto self = shared_from_this();
  if (ended_) co_return Answer{204, {}};
  answerWaiting(204);  // a newer poll takes the place of the one that waited
  Answer ready;
  if (uncollected_) {
    collect(ready);
    away_since_ = std::chrono::steady_clock::now();
    co_return ready;
  }
  Waiting waiting{asio::steady_timer(loop_, timeout), {}};
  waiting_ = &waiting;
  boost::system::error_code ignored;
  co_await waiting.timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  if (waiting_ == &waiting) {
    // The timeout: an empty 200, and the client polls again.
    waiting_ = nullptr;
    away_since_ = std::chrono::steady_clock::now();
  }
  co_return std::move(waiting.answer);
}

}  // namespace chat::signalr
