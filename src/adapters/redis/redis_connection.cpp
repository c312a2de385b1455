#include "adapters/redis/redis_connection.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <deque>
#include <utility>
#include <vector>

namespace chat::redis {

// Shared with the handlers it posts, so that one running after the RedisConnection is gone
// finds it alive (and stopped).
class RedisConnection::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(boost::asio::io_context& loop, RedisUrl url, RedisOptions options) : loop_(loop) {
    // The link never calls back after stop(), and ~RedisConnection stops it: `this` is
    // alive whenever these run.
    link_ = RedisLink::create(loop, std::move(url), options, "commands",
                              {.up = [this] { up(); },
                               .reply = [this](Reply reply) { replied(std::move(reply)); },
                               .down = [this](const Error& error) { down(error); }});
  }
  ~Impl() { link_->stop(); }

  void onState(StateCallback callback) { on_state_ = std::move(callback); }
  void start() { link_->start(); }
  bool isUp() const { return !stopped_ && link_->isUp(); }

  void stop() {
    if (stopped_) return;
    stopped_ = true;
    link_->stop();
    const Error stopped = Error::unavailable("Redis is unavailable", "the connection was stopped");
    failAll(stopped);
    auto refused = std::exchange(refused_, {});
    for (auto& [done, error] : refused) done(error);
  }

  void command(std::span<const std::string_view> args, Callback done) {
    if (stopped_) return;
    // Redis answers an empty command with nothing, which would shift every later reply.
    if (args.empty())
      return refuse(std::move(done), Error::invalid("A Redis command needs a name"));
    if (Status sent = link_->send(args); !sent) return refuse(std::move(done), sent.error());
    awaiting_.push_back(std::move(done));
  }

 private:
  void up() {
    if (on_state_) on_state_(true);
  }

  void replied(Reply reply) {
    if (awaiting_.empty()) {
      // Cannot happen while every command is answered once; a reply for nobody is dropped.
      spdlog::error("Redis commands: a reply no command waits for: {}", describe(reply));
      return;
    }
    Callback done = std::move(awaiting_.front());
    awaiting_.pop_front();
    done(std::move(reply));
  }

  void down(const Error& error) {
    failAll(error);
    if (!stopped_ && on_state_) on_state_(false);
  }

  // Callbacks may issue commands (refused now) or stop: take the queue first.
  void failAll(const Error& error) {
    auto awaiting = std::exchange(awaiting_, {});
    for (Callback& done : awaiting) done(error);
  }

  // The callback must not run inside command(): the caller may hold state that it changes.
  void refuse(Callback done, Error error) {
    refused_.emplace_back(std::move(done), std::move(error));
    if (refused_.size() > 1) return;  // a drain is already posted
    boost::asio::post(loop_, [self = shared_from_this()] {
      auto refused = std::exchange(self->refused_, {});
      for (auto& [done, error] : refused) done(error);
    });
  }

  boost::asio::io_context& loop_;
  std::shared_ptr<RedisLink> link_;
  StateCallback on_state_;
  std::deque<Callback> awaiting_;                    // sent, in the order of their replies
  std::vector<std::pair<Callback, Error>> refused_;  // failed at once, to run when posted
  bool stopped_ = false;
};

RedisConnection::RedisConnection(boost::asio::io_context& loop, RedisUrl url, RedisOptions options)
    : impl_(std::make_shared<Impl>(loop, std::move(url), options)) {}

RedisConnection::~RedisConnection() {
  impl_->stop();
}

void RedisConnection::onState(StateCallback callback) {
  impl_->onState(std::move(callback));
}
void RedisConnection::start() {
  impl_->start();
}
void RedisConnection::stop() {
  impl_->stop();
}
bool RedisConnection::isUp() const {
  return impl_->isUp();
}

void RedisConnection::command(std::span<const std::string_view> args, Callback done) {
  impl_->command(args, std::move(done));
}

void RedisConnection::command(std::initializer_list<std::string_view> args, Callback done) {
  impl_->command(std::span<const std::string_view>(args.begin(), args.size()), std::move(done));
}

}  // namespace chat::redis
