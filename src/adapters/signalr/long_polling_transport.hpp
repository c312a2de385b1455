#pragma once
// The long-polling transport, with ASP.NET's semantics: each poll (GET) is answered with
// what is queued (200 and the bytes), or waits for it up to the poll timeout (200, empty);
// a poll that arrives while another waits makes the earlier one answer 204; once the
// connection has ended, polls answer 204. The client's messages come by POST
// (HubConnection::received). Liveness is the polls themselves: the hub neither pings
// nor times out silence, and ends a connection that nobody polls for the client timeout.
//
// Thread affinity: the owner's loop (the endpoint hops there for each poll).
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "adapters/signalr/hub_transport.hpp"

namespace chat::signalr {

class LongPollingTransport final : public HubTransport,
                                   public std::enable_shared_from_this<LongPollingTransport> {
 public:
  struct Answer {
    int status = 200;  // 200 with `body` (maybe empty), or 204: the connection ended
    std::string body;
  };

  explicit LongPollingTransport(boost::asio::io_context& loop);

  TransferFormat transferFormat() const override { return TransferFormat::kBinary; }
  bool inherentKeepAlive() const override { return true; }
  bool sendsByPost() const override { return true; }
  std::optional<std::chrono::steady_clock::time_point> awaySince() const override;
  void start(HubConnection& owner) override { owner_ = &owner; }
  void write(std::span<const boost::asio::const_buffer> records) override;
  void close() override;
  void abort() override;

  // One poll: what is queued now, or what comes within `timeout`.
  boost::asio::awaitable<Answer> poll(std::chrono::steady_clock::duration timeout);

 private:
  struct Waiting {
    boost::asio::steady_timer timer;
    Answer answer;
  };

  // Hands what the owner wrote to a poll, and tells the owner (later: never from inside
  // its own write call).
  void collect(Answer& answer);
  void answerWaiting(int status);

  boost::asio::io_context& loop_;
  HubConnection* owner_ = nullptr;
  std::optional<std::span<const boost::asio::const_buffer>> uncollected_;
  Waiting* waiting_ = nullptr;  // the poll that waits, on its coroutine's frame
  std::chrono::steady_clock::time_point away_since_;
  bool ended_ = false;
};

}  // namespace chat::signalr
