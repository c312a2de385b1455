#include "adapters/backplane/redis_user_connections.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <memory>

namespace chat::backplane {
namespace {

// KEYS[1]: the user's hash. ARGV: this instance, its count with the new connection, the
// maximum, the prefix of the instances' heartbeat keys. Returns 1 (admitted and recorded)
// or 0.
constexpr std::string_view kAdmitScript = R"lua(
local others = 0
local counts = redis.call('HGETALL', KEYS[1])
for i = 1, #counts, 2 do
  local instance = counts[i]
  if instance ~= ARGV[1] then
    if redis.call('EXISTS', ARGV[4] .. instance) == 1 then
      others = others + tonumber(counts[i + 1])
    else
      redis.call('HDEL', KEYS[1], instance)
    end
  end
end
if others + tonumber(ARGV[2]) > tonumber(ARGV[3]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
)lua";

// KEYS: the users' hashes. ARGV[1]: the prefix of the instances' heartbeat keys. Returns 1
// for each user with a connection on an instance alive, else 0. Reads only.
constexpr std::string_view kOnlineScript = R"lua(
local answers = {}
for k = 1, #KEYS do
  local online = 0
  local counts = redis.call('HGETALL', KEYS[k])
  for i = 1, #counts, 2 do
    if tonumber(counts[i + 1]) > 0 and redis.call('EXISTS', ARGV[1] .. counts[i]) == 1 then
      online = 1
      break
    end
  end
  answers[k] = online
end
return answers
)lua";

// Answers once: whichever of the reply and the timeout comes first.
template <typename Answer>
struct PendingAnswer {
  std::function<void(Answer)> done;
  boost::asio::steady_timer timer;
  void finish(Answer answer) {
    if (!done) return;
    auto once = std::move(done);
    done = nullptr;
    timer.cancel();
    once(std::move(answer));
  }
};

}  // namespace

RedisUserConnections::RedisUserConnections(boost::asio::io_context& loop,
                                           const redis::RedisUrl& url, std::string instance,
                                           Snapshot snapshot, Options options)
    : loop_(loop),
      instance_(std::move(instance)),
      snapshot_(std::move(snapshot)),
      options_(std::move(options)),
      instance_key_(options_.prefix + "instance:" + instance_),
      connection_(loop, url),
      heartbeat_(loop),
      changes_(loop, [this](Change& change) { apply(change); }) {
  connection_.onState([this](bool up) {
    if (up) linkUp();
  });
}

void RedisUserConnections::start() {
  boost::asio::post(loop_, [this] {
    connection_.start();
    beat();
  });
}

void RedisUserConnections::stop() {
  boost::asio::post(loop_, [this] {
    stopped_ = true;
    heartbeat_.cancel();
    connection_.stop();
  });
}

void RedisUserConnections::admit(UserId user, std::size_t count, std::size_t max, Done done) {
  changes_.push(Change{user, count, max, std::move(done)});
}

void RedisUserConnections::update(UserId user, std::size_t count) {
  changes_.push(Change{user, count, 0, nullptr});
}

std::string RedisUserConnections::userKey(UserId user) const {
  return options_.prefix + "conns:" + std::to_string(user);
}

void RedisUserConnections::apply(Change& change) {
  if (change.done) {
    sendAdmission(change);
    return;
  }
  // While down, a change is not sent: linkUp() writes every count again.
  if (stopped_ || !connection_.isUp()) return;
  const std::string key = userKey(change.user);
  const std::string count = std::to_string(change.count);
  auto ignore = [](const Result<redis::Reply>&) {};
  if (change.count == 0) {
    connection_.command({"HDEL", key, instance_}, ignore);
  } else {
    connection_.command({"HSET", key, instance_, count}, ignore);
  }
}

// Whichever comes first decides: the script's answer, or the timeout, which admits (Redis
// is not answering; this node's own limit holds).
void RedisUserConnections::sendAdmission(Change& change) {
  if (stopped_ || !connection_.isUp()) {
    change.done(true);
    return;
  }
  auto pending = std::make_shared<PendingAnswer<bool>>(
      PendingAnswer<bool>{std::move(change.done), boost::asio::steady_timer(loop_)});
  pending->timer.expires_after(options_.admit_timeout);
  pending->timer.async_wait([pending](boost::system::error_code ec) {
    if (!ec) pending->finish(true);
  });
  connection_.command(
      {"EVAL", kAdmitScript, "1", userKey(change.user), instance_, std::to_string(change.count),
       std::to_string(change.max), options_.prefix + "instance:"},
      [pending](Result<redis::Reply> reply) {
        const bool refused =
            reply.ok() && reply->kind == redis::Reply::Kind::kInteger && reply->integer == 0;
        pending->finish(!refused);
      });
}

// Redis not answering in time: no answer, and the caller goes by this node's own counts.
void RedisUserConnections::online(std::vector<UserId> users, Online done) {
  boost::asio::post(loop_, [this, alive = std::weak_ptr<char>(alive_), users = std::move(users),
                            done = std::move(done)]() mutable {
    if (alive.expired() || stopped_ || !connection_.isUp() || users.empty()) {
      return done(users.empty() ? std::optional<std::vector<bool>>(std::vector<bool>())
                                : std::nullopt);
    }
    using Answer = std::optional<std::vector<bool>>;
    auto pending = std::make_shared<PendingAnswer<Answer>>(
        PendingAnswer<Answer>{std::move(done), boost::asio::steady_timer(loop_)});
    pending->timer.expires_after(options_.admit_timeout);
    pending->timer.async_wait([pending](boost::system::error_code ec) {
      if (!ec) pending->finish(std::nullopt);
    });
    std::vector<std::string> words{std::to_string(users.size())};
    for (UserId user : users) words.push_back(userKey(user));
    words.push_back(options_.prefix + "instance:");
    std::vector<std::string_view> command{"EVAL", kOnlineScript};
    command.insert(command.end(), words.begin(), words.end());
    connection_.command(command, [pending, count = users.size()](Result<redis::Reply> reply) {
      if (!reply || reply->kind != redis::Reply::Kind::kArray || reply->elements.size() != count) {
        return pending->finish(std::nullopt);
      }
      std::vector<bool> online;
      online.reserve(count);
      for (const auto& element : reply->elements) online.push_back(element.integer == 1);
      pending->finish(std::move(online));
    });
  });
}

void RedisUserConnections::linkUp() {
  if (stopped_) return;
  sendHeartbeat();
  auto ignore = [](const Result<redis::Reply>&) {};
  const auto counts = snapshot_();
  for (const auto& [user, count] : counts) {
    connection_.command({"HSET", userKey(user), instance_, std::to_string(count)}, ignore);
  }
  spdlog::info("Connection counts of {} users written to Redis", counts.size());
}

void RedisUserConnections::sendHeartbeat() {
  if (!connection_.isUp()) return;
  connection_.command({"SET", instance_key_, "1", "PX", std::to_string(options_.lifetime.count())},
                      [](const Result<redis::Reply>&) {});
}

void RedisUserConnections::beat() {
  if (stopped_) return;
  sendHeartbeat();
  heartbeat_.expires_after(options_.heartbeat_interval);
  // A wait that completed just before the destructor ran still has its handler queued.
  heartbeat_.async_wait([this, alive = std::weak_ptr<char>(alive_)](boost::system::error_code ec) {
    if (!ec && !alive.expired()) beat();
  });
}

}  // namespace chat::backplane
