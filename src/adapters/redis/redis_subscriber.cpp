#include "adapters/redis/redis_subscriber.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <set>
#include <string>
#include <vector>

namespace chat::redis {

namespace {

using ChannelSet = std::set<std::string, std::less<>>;

// The kind of a pub/sub push ("message", "subscribe", ...) when `reply` is one.
std::string_view pushKind(const Reply& reply) {
  if (reply.kind != Reply::Kind::kArray || reply.elements.size() != 3) return {};
  if (reply.elements[0].kind != Reply::Kind::kString) return {};
  if (reply.elements[1].kind != Reply::Kind::kString) return {};
  return reply.elements[0].text;
}

}  // namespace

// Shared with the handlers it posts, so that one running after the RedisSubscriber is gone
// finds it alive (and stopped).
class RedisSubscriber::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(boost::asio::io_context& loop, RedisUrl url, RedisOptions options) : loop_(loop) {
    // The link never calls back after stop(), and ~RedisSubscriber stops it.
    link_ = RedisLink::create(loop, std::move(url), options, "pub/sub",
                              {.up = [this] { linkUp(); },
                               .reply = [this](const Reply& reply) { replied(reply); },
                               .down = [this](const Error& /*error*/) { linkDown(); }});
  }
  ~Impl() { link_->stop(); }

  void onMessage(MessageCallback callback) { on_message_ = std::move(callback); }
  void onState(StateCallback callback) { on_state_ = std::move(callback); }
  void start() { link_->start(); }
  void stop() {
    stopped_ = true;
    up_ = false;
    link_->stop();
  }
  bool isUp() const { return up_; }
  std::size_t subscribedCount() const { return confirmed_.size(); }

  void subscribe(std::string_view channel) {
    if (desired_.emplace(channel).second && !sent_.contains(channel)) scheduleSync();
  }

  void unsubscribe(std::string_view channel) {
    auto it = desired_.find(channel);
    if (it == desired_.end()) return;
    desired_.erase(it);
    if (sent_.contains(channel)) scheduleSync();
  }

 private:
  // A fresh connection is subscribed to nothing: ask for the whole set in one command.
  void linkUp() {
    sent_.clear();
    confirmed_.clear();
    awaiting_confirmations_ = desired_.size();
    if (desired_.empty()) return reportUp();
    std::vector<std::string_view> args{"SUBSCRIBE"};
    args.insert(args.end(), desired_.begin(), desired_.end());
    if (Status sent = link_->send(args); !sent) {
      spdlog::error("Redis pub/sub: cannot subscribe again: {}", sent.error().detail);
      return;  // up is not reported; the next reconnection tries again
    }
    sent_ = desired_;
  }

  void linkDown() {
    sent_.clear();
    confirmed_.clear();
    awaiting_confirmations_ = 0;
    if (!up_) return;
    up_ = false;
    if (on_state_) on_state_(false);
  }

  void reportUp() {
    up_ = true;
    if (on_state_) on_state_(true);
  }

  void replied(const Reply& reply) {
    const std::string_view kind = pushKind(reply);
    if (kind == "message") {
      const std::string& channel = reply.elements[1].text;
      // Unsubscribed but not yet confirmed: the caller no longer wants these.
      if (on_message_ && desired_.contains(channel)) on_message_(channel, reply.elements[2].text);
    } else if (kind == "subscribe") {
      confirmed_.insert(reply.elements[1].text);
      // Confirmations come in the order asked, so the first ones after a (re)connection
      // answer the SUBSCRIBE that restored the set.
      if (awaiting_confirmations_ > 0 && --awaiting_confirmations_ == 0 && !up_) reportUp();
    } else if (kind == "unsubscribe") {
      confirmed_.erase(reply.elements[1].text);
    } else if (reply.isError()) {
      spdlog::warn("Redis pub/sub: the server refused a request: {}", reply.text);
    } else {
      spdlog::debug("Redis pub/sub: ignored {}", describe(reply));
    }
  }

  // Once per turn of the loop, so that what changes in one goes out together.
  void scheduleSync() {
    if (sync_scheduled_ || !link_->isUp()) return;  // linkUp() sends the whole set
    sync_scheduled_ = true;
    boost::asio::post(loop_, [self = shared_from_this()] {
      self->sync_scheduled_ = false;
      if (!self->stopped_) self->sync();
    });
  }

  // Brings what was sent in line with what is desired.
  void sync() {
    if (!link_->isUp()) return;
    std::vector<std::string_view> subscribe{"SUBSCRIBE"};
    std::vector<std::string_view> unsubscribe{"UNSUBSCRIBE"};
    for (const std::string& channel : desired_) {
      if (!sent_.contains(channel)) subscribe.push_back(channel);
    }
    for (const std::string& channel : sent_) {
      if (!desired_.contains(channel)) unsubscribe.push_back(channel);
    }
    // Never a bare UNSUBSCRIBE: that would drop every channel.
    if (subscribe.size() > 1) {
      if (Status sent = link_->send(subscribe); !sent) {
        spdlog::warn("Redis pub/sub: cannot subscribe: {}", sent.error().detail);
      } else {
        sent_.insert(subscribe.begin() + 1, subscribe.end());
      }
    }
    if (unsubscribe.size() > 1) {
      if (Status sent = link_->send(unsubscribe); !sent) {
        spdlog::warn("Redis pub/sub: cannot unsubscribe: {}", sent.error().detail);
      } else {
        for (auto it = unsubscribe.begin() + 1; it != unsubscribe.end(); ++it) {
          sent_.erase(sent_.find(*it));
        }
      }
    }
  }

  boost::asio::io_context& loop_;
  std::shared_ptr<RedisLink> link_;
  MessageCallback on_message_;
  StateCallback on_state_;
  ChannelSet desired_;    // what the owner asked for
  ChannelSet sent_;       // what the server will be subscribed to once it read what was sent
  ChannelSet confirmed_;  // what the server said it is subscribed to
  std::size_t awaiting_confirmations_ = 0;  // of the SUBSCRIBE that restores the set
  bool up_ = false;
  bool sync_scheduled_ = false;
  bool stopped_ = false;
};

RedisSubscriber::RedisSubscriber(boost::asio::io_context& loop, RedisUrl url, RedisOptions options)
    : impl_(std::make_shared<Impl>(loop, std::move(url), options)) {}

RedisSubscriber::~RedisSubscriber() {
  impl_->stop();
}

void RedisSubscriber::onMessage(MessageCallback callback) {
  impl_->onMessage(std::move(callback));
}
void RedisSubscriber::onState(StateCallback callback) {
  impl_->onState(std::move(callback));
}
void RedisSubscriber::start() {
  impl_->start();
}
void RedisSubscriber::stop() {
  impl_->stop();
}
bool RedisSubscriber::isUp() const {
  return impl_->isUp();
}
void RedisSubscriber::subscribe(std::string_view channel) {
  impl_->subscribe(channel);
}
void RedisSubscriber::unsubscribe(std::string_view channel) {
  impl_->unsubscribe(channel);
}
std::size_t RedisSubscriber::subscribedCount() const {
  return impl_->subscribedCount();
}

}  // namespace chat::redis
