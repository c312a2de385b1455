#include "load_run.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "chat_api.hpp"
#include "clock.hpp"
#include "connection.hpp"
#include "connector.hpp"
#include "hiccup_meter.hpp"
#include "hub_encoding.hpp"
#include "io_pool.hpp"
#include "load_plan.hpp"
#include "payload.hpp"
#include "preparation.hpp"
#include "server_url.hpp"
#include "system.hpp"
#include "thread_stats.hpp"

namespace chat::bench {

namespace {

namespace asio = boost::asio;

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::uint64_t kMinimumWaitNs = 50'000;  // senders sleep at least this long
constexpr std::chrono::seconds kCloseWait{3};

using TimePoint = std::chrono::steady_clock::time_point;
TimePoint timePointOf(std::uint64_t ns) {
  return TimePoint(std::chrono::nanoseconds(ns));
}

struct SenderState {
  std::size_t connection = 0;
  std::vector<std::size_t> groups;  // group slots
  std::size_t next_group = 0;
  std::uint64_t next_seq = 1;
  std::uint64_t in_flight_local = 0;
  std::atomic<std::uint64_t> in_flight{0};  // mirror of in_flight_local for the drain check
  std::atomic<std::uint64_t> written{0};    // raw: frames written
  bool waiting_for_room = false;
  std::optional<asio::steady_timer> timer;
  std::string scratch;
  std::string payload;
};

class LoadRun final : public ConnectionListener {
 public:
  LoadRun(const Options& options, ServerUrl url, ServerUrl sender_url)
      : options_(options), url_(std::move(url)), sender_url_(std::move(sender_url)) {}
  LoadResult run();

  void onRecord(Connection& connection, const Receipt& receipt) override;
  void onFrame(Connection& connection, std::string_view text) override;
  void onFrameWritten(Connection& connection) override;
  void onBytesReceived(Connection& connection, std::size_t bytes) override {
    statsOf(connection).bump(statsOf(connection).bytes_received, bytes);
  }
  void onClosed(Connection& connection, std::string_view reason, bool requested) override;

 private:
  bool raw() const { return protocol_ == Protocol::kRaw; }
  std::size_t connectionCount() const {
    return raw() ? plan_.members_per_group : plan_.connectionCount();
  }
  std::size_t senderConnection(std::size_t s) const {
    return raw() ? s : plan_.senderConnection(s);
  }
  bool isMember(std::size_t c) const { return raw() || plan_.isMember(c); }
  ThreadStats& statsOf(const Connection& c) { return *stats_[c.index() % stats_.size()]; }

  void prepare();
  asio::awaitable<std::string> setup(Connection& connection);
  asio::awaitable<void> senderLoop(std::size_t sender);
  asio::awaitable<void> typistLoop();
  // The members of `connection`'s group that belong to other users: who hears it type.
  std::uint64_t typingAudience(std::size_t connection) const;
  void sendOne(SenderState& sender, std::size_t index, ThreadStats& stats);
  void onDelivery(ThreadStats& stats, std::size_t member, const Receipt& receipt);
  void onAck(ThreadStats& stats, SenderState& sender, const Receipt& receipt);
  void checkSequence(ThreadStats& stats, std::atomic<std::int64_t>& last, std::int64_t seq);
  void recordLatency(ThreadStats& stats, Histogram& histogram, std::uint64_t send_ns,
                     std::uint64_t& window_count);
  bool caughtUp() const;
  void progress(const char* phase, std::uint64_t now);
  // Bytes received and deliveries so far, over all threads.
  std::pair<std::uint64_t, std::uint64_t> receivedSoFar() const;
  void closeAll();
  void collect(LoadResult& result);

  const Options& options_;
  ServerUrl url_;
  ServerUrl sender_url_;  // url_ unless --sender-url
  Protocol protocol_ = Protocol::kSignalR;
  Transport transport_ = Transport::kWebSockets;
  HubEncoding encoding_ = HubEncoding::kJson;
  LoadPlan plan_;
  std::vector<boost::asio::ip::address> sources_;
  std::vector<BenchUser> users_;
  std::vector<std::int64_t> group_ids_;
  std::unordered_map<std::int64_t, std::size_t> group_slot_;
  std::unique_ptr<IoPool> pool_;
  std::vector<std::unique_ptr<ThreadStats>> stats_;
  std::vector<std::shared_ptr<Connection>> connections_;
  std::vector<std::unique_ptr<SenderState>> senders_;
  std::vector<int> sender_of_;  // by connection: sender number or -1
  // SignalR: by member, the last seq of its group; raw: by member * S + sender.
  std::unique_ptr<std::atomic<std::int64_t>[]> last_seq_;
  std::unique_ptr<std::atomic<std::int64_t>[]> group_max_acked_;
  std::unique_ptr<std::atomic<bool>[]> alive_;
  std::atomic<std::size_t> open_count_{0};
  std::atomic<std::uint64_t> window_start_ns_{UINT64_MAX};
  std::atomic<std::uint64_t> window_end_ns_{0};
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> typing_sent_{0};
  std::atomic<std::uint64_t> typing_expected_{0};
  std::optional<asio::steady_timer> typing_timer_;
  double per_sender_rate_ = 0;
  std::uint64_t send_start_ns_ = 0;
  // Progress line state.
  std::uint64_t last_progress_ns_ = 0;
  std::uint64_t last_sent_ = 0;
  std::uint64_t last_delivered_ = 0;
  std::uint64_t last_acked_ = 0;
};

void LoadRun::prepare() {
  const auto started = nowNs();
  PrepContext prep{url_, options_.common.user_prefix, options_.common.password,
                   options_.common.prep_threads, sources_};
  spdlog::info("preparing {} users, {} groups over REST", plan_.userCount(), plan_.groups);
  users_ = prepareUsers(prep, plan_.userCount());
  const std::string run_tag = fmt::format("bench-{}-{}-g", ::getpid(), nowNs() % 1'000'000'000);
  group_ids_ = createGroups(prep, users_, plan_.creators(), run_tag);
  std::vector<std::pair<std::size_t, std::int64_t>> joins;
  for (const auto& [user, group] : plan_.joins()) joins.emplace_back(user, group_ids_[group]);
  joinGroups(prep, users_, joins);
  spdlog::info("prepared in {:.1f} s", (nowNs() - started) / 1e9);
}

asio::awaitable<std::string> LoadRun::setup(Connection& connection) {
  const std::size_t index = connection.index();
  if (!raw() && plan_.isMember(index)) {
    const std::int64_t group = group_ids_[plan_.groupOfMember(index)];
    const auto timeout = std::chrono::milliseconds(
        static_cast<std::int64_t>(options_.common.connect_timeout * 1000));
    auto error = co_await connection.call("ConnectToGroup", fmt::format("[{}]", group), timeout);
    if (!error.empty()) co_return error;
  }
  alive_[index].store(true);
  open_count_.fetch_add(1);
  co_return "";
}

LoadResult LoadRun::run() {
  const LoadOptions& load = options_.load;
  LoadResult result;
  protocol_ = url_.scheme == "ws" ? Protocol::kRaw : Protocol::kSignalR;
  transport_ = transportNamed(options_.common.transport).value_or(Transport::kWebSockets);
  encoding_ = hubEncodingNamed(options_.common.hub_protocol).value_or(HubEncoding::kJson);
  if (raw()) {
    plan_ = LoadPlan{1, load.members, load.senders, options_.common.conns_per_user};
    if (load.senders > load.members) {
      result.fatal = "raw mode: the senders are among the members, so --senders <= --members";
      return result;
    }
  } else {
    plan_ = LoadPlan{load.groups, load.members, load.senders, options_.common.conns_per_user};
  }
  result.groups = plan_.groups;
  result.members = raw() ? load.members : plan_.memberCount();
  result.senders = plan_.senders;
  result.users = raw() ? 0 : plan_.userCount();
  sources_ = loopbackSources(options_.common.source_addresses);

  const auto prepare_started = nowNs();
  if (!raw()) {
    try {
      prepare();
    } catch (const std::exception& error) {
      result.fatal = std::string("preparation failed: ") + error.what();
      return result;
    }
    for (std::size_t g = 0; g < group_ids_.size(); ++g) group_slot_[group_ids_[g]] = g;
  }
  result.prepare_seconds = (nowNs() - prepare_started) / 1e9;

  const std::size_t count = connectionCount();
  sender_of_.assign(count, -1);
  for (std::size_t s = 0; s < plan_.senders; ++s) {
    auto sender = std::make_unique<SenderState>();
    sender->connection = senderConnection(s);
    sender->groups = raw() ? std::vector<std::size_t>{0} : plan_.groupsOfSender(s);
    sender_of_[sender->connection] = static_cast<int>(s);
    senders_.push_back(std::move(sender));
  }
  const std::size_t streams = raw() ? plan_.members_per_group * plan_.senders : plan_.memberCount();
  last_seq_ = std::make_unique<std::atomic<std::int64_t>[]>(streams);
  group_max_acked_ =
      std::make_unique<std::atomic<std::int64_t>[]>(std::max<std::size_t>(1, plan_.groups));
  alive_ = std::make_unique<std::atomic<bool>[]>(count);
  pool_ = std::make_unique<IoPool>(options_.common.threads);
  for (std::size_t t = 0; t < pool_->size(); ++t) stats_.push_back(std::make_unique<ThreadStats>());

  // Connect and subscribe.
  auto job = std::make_shared<ConnectJob>();
  job->count = count;
  job->concurrency = options_.common.connect_concurrency;
  job->deadline = std::chrono::seconds(static_cast<std::int64_t>(options_.common.connect_deadline));
  job->what = raw() ? "connections" : "connections (subscribed)";
  const auto timeout =
      std::chrono::milliseconds(static_cast<std::int64_t>(options_.common.connect_timeout * 1000));
  job->spec = [this, timeout](std::size_t index) {
    ConnectSpec spec;
    spec.url = raw() || plan_.isMember(index) ? &url_ : &sender_url_;
    spec.protocol = protocol_;
    spec.transport = transport_;
    spec.encoding = encoding_;
    if (!raw()) spec.token = users_[plan_.userOf(index)].token;
    spec.source = sources_[index % sources_.size()];
    spec.timeout = timeout;
    return spec;
  };
  job->setup = [this](Connection& connection) { return setup(connection); };
  spdlog::info("opening {} connections ({} receiving, {} sending) on {} threads", count,
               result.members, plan_.senders, pool_->size());
  ConnectResult connected = connectAll(*pool_, *this, job);
  result.connections = connected.connected;
  result.connect_failed = connected.failed;
  result.connect_seconds = connected.seconds;
  for (const auto& [error, times] : connected.errors)
    result.error_kinds["connect: " + error] += times;
  if (!connected.complete || connected.connected == 0 || stopRequested()) {
    result.fatal =
        connected.complete ? "no connection could be opened" : "connecting did not finish";
    pool_->stop();
    collect(result);
    return result;
  }
  connections_ = std::move(connected.connections);
  spdlog::info("connected {} in {:.2f} s, {} failed", connected.connected, connected.seconds,
               connected.failed);

  // Send: warm-up, then the measured window.
  const double seconds_total = options_.load.warmup + options_.load.duration;
  per_sender_rate_ = options_.load.rate / static_cast<double>(plan_.senders);
  send_start_ns_ = nowNs() + 50'000'000;
  window_start_ns_.store(send_start_ns_ + secondsToNs(options_.load.warmup));
  window_end_ns_.store(send_start_ns_ + secondsToNs(seconds_total));
  for (std::size_t s = 0; s < plan_.senders; ++s) {
    if (!connections_[senders_[s]->connection]) continue;
    asio::co_spawn(pool_->context(senders_[s]->connection), senderLoop(s), asio::detached);
  }
  if (options_.load.typing_rate > 0 && !raw()) {
    asio::co_spawn(pool_->context(0), typistLoop(), asio::detached);
  }
  last_progress_ns_ = send_start_ns_;
  const std::uint64_t window_end = window_end_ns_.load();
  HiccupMeter hiccups(window_start_ns_.load(), window_end);
  std::optional<std::pair<std::uint64_t, std::uint64_t>> received_at_start;
  for (;;) {
    const std::uint64_t now = nowNs();
    if (!received_at_start && now >= window_start_ns_.load()) received_at_start = receivedSoFar();
    if (now >= window_end || stopRequested()) break;
    if (now >= last_progress_ns_ + 1'000'000'000) {
      progress(now < window_start_ns_.load() ? "warm-up" : "measure", now);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (stopRequested()) window_end_ns_.store(std::min(window_end, nowNs()));
  if (received_at_start) {
    const auto [bytes, receipts] = receivedSoFar();
    result.window_bytes_received = bytes - received_at_start->first;
    result.window_receipts = receipts - received_at_start->second;
  }
  result.hiccups = hiccups.stop();
  result.window_seconds = std::max<double>(0, (static_cast<double>(window_end_ns_.load()) -
                                               static_cast<double>(window_start_ns_.load())) /
                                                  1e9);

  // Drain: wait for the last acknowledgements and deliveries.
  const std::uint64_t drain_started = nowNs();
  const std::uint64_t drain_deadline = drain_started + secondsToNs(options_.load.drain);
  for (;;) {
    const std::uint64_t now = nowNs();
    if (caughtUp()) {
      result.drained = true;
      break;
    }
    if (now >= drain_deadline || abortRequested()) break;
    if (now >= last_progress_ns_ + 1'000'000'000) progress("drain", now);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  result.drain_seconds = (nowNs() - drain_started) / 1e9;
  progress(result.drained ? "done" : "drain timed out", nowNs());

  closeAll();
  collect(result);
  return result;
}

asio::awaitable<void> LoadRun::senderLoop(std::size_t s) {
  SenderState& sender = *senders_[s];
  std::shared_ptr<Connection> connection = connections_[sender.connection];
  ThreadStats& stats = statsOf(*connection);
  // Made here, on the connection's thread, the only one that touches it until the pool stops.
  sender.timer.emplace(co_await asio::this_coro::executor);
  const std::uint64_t cap = options_.load.in_flight;
  const double rate = per_sender_rate_;
  // Senders start evenly spread over one sending interval.
  const std::uint64_t start =
      send_start_ns_ + (rate > 0 ? static_cast<std::uint64_t>(1e9 / rate * static_cast<double>(s) /
                                                              static_cast<double>(plan_.senders))
                                 : 0);
  const std::uint64_t end = window_end_ns_.load();
  std::uint64_t sent_here = 0;
  while (!stopping_.load(std::memory_order_relaxed) && connection->isOpen()) {
    const std::uint64_t now = nowNs();
    if (now >= std::min(end, window_end_ns_.load(std::memory_order_relaxed))) break;
    const std::uint64_t room = cap > sender.in_flight_local ? cap - sender.in_flight_local : 0;
    std::uint64_t due = room;
    if (rate > 0) {
      const std::uint64_t total_due =
          now < start
              ? 0
              : static_cast<std::uint64_t>(static_cast<double>(now - start) * rate / 1e9) + 1;
      due = total_due > sent_here ? total_due - sent_here : 0;
    }
    const std::uint64_t batch = std::min(due, room);
    for (std::uint64_t i = 0; i < batch; ++i) sendOne(sender, s, stats);
    sent_here += batch;
    std::uint64_t wake = end;
    if (rate > 0 && sender.in_flight_local < cap) {
      const auto next_due =
          start + static_cast<std::uint64_t>(static_cast<double>(sent_here) * 1e9 / rate);
      wake = std::max(next_due, now + kMinimumWaitNs);
    } else {
      sender.waiting_for_room = true;  // an acknowledgement wakes us
    }
    sender.timer->expires_at(timePointOf(std::min(wake, end)));
    co_await sender.timer->async_wait(kTuple);
    sender.waiting_for_room = false;
  }
}

// Indications at --typing-rate through the window, each from a member in turn: group k % G,
// a member spread over the group. Sent without an invocation id (no completion to wait for)
// on the member's own thread.
asio::awaitable<void> LoadRun::typistLoop() {
  typing_timer_.emplace(co_await asio::this_coro::executor);
  const double rate = options_.load.typing_rate;
  const std::uint64_t start = window_start_ns_.load();
  const std::size_t groups = plan_.groups;
  const std::size_t members = plan_.members_per_group;
  for (std::uint64_t k = 0; !stopping_.load(std::memory_order_relaxed); ++k) {
    const std::uint64_t due =
        start + static_cast<std::uint64_t>(static_cast<double>(k) * 1e9 / rate);
    if (due >= window_end_ns_.load(std::memory_order_relaxed)) break;
    if (due > nowNs()) {
      typing_timer_->expires_at(timePointOf(due));
      co_await typing_timer_->async_wait(kTuple);
    }
    const std::size_t group = k % groups;
    const std::size_t member = (k / groups * 7919) % members;
    const std::size_t index = group * members + member;
    std::shared_ptr<Connection> connection = connections_[index];
    if (!connection || !alive_[index].load()) continue;
    asio::post(
        pool_->context(index),
        [connection, record = fmt::format(R"({{"type":1,"target":"SendTyping","arguments":[{}]}})"
                                          "\x1e",
                                          group_ids_[group])] { connection->sendRecord(record); });
    typing_sent_.fetch_add(1, std::memory_order_relaxed);
    typing_expected_.fetch_add(typingAudience(index), std::memory_order_relaxed);
  }
}

std::uint64_t LoadRun::typingAudience(std::size_t connection) const {
  const std::size_t members = plan_.members_per_group;
  const std::size_t group_begin = plan_.groupOfMember(connection) * members;
  const std::size_t user = plan_.userOf(connection);
  const std::size_t user_begin = user * plan_.conns_per_user;
  const std::size_t begin = std::max(group_begin, user_begin);
  const std::size_t end = std::min(group_begin + members, user_begin + plan_.conns_per_user);
  return members - (end > begin ? end - begin : 0);
}

void LoadRun::sendOne(SenderState& sender, std::size_t index, ThreadStats& stats) {
  Connection& connection = *connections_[sender.connection];
  const std::size_t slot = sender.groups[sender.next_group++ % sender.groups.size()];
  const std::uint64_t send_ns = nowNs();
  std::string& text = sender.scratch;
  text.clear();
  if (raw()) {
    appendPayload(text, {send_ns, static_cast<std::uint32_t>(index), sender.next_seq++},
                  options_.load.size);
    connection.sendFrame(text);
  } else {
    std::string& payload = sender.payload;
    payload.clear();
    appendPayload(payload, {send_ns, static_cast<std::uint32_t>(index), sender.next_seq++},
                  options_.load.size);
    appendSendMessage(text, encoding_, connection.nextInvocationId(), group_ids_[slot], payload);
    connection.sendRecord(text);
  }
  ++sender.in_flight_local;
  sender.in_flight.store(sender.in_flight_local, std::memory_order_relaxed);
  stats.bump(stats.sent);
  if (send_ns >= window_start_ns_.load(std::memory_order_relaxed) &&
      send_ns < window_end_ns_.load(std::memory_order_relaxed)) {
    ++stats.window_sent;
  }
}

void LoadRun::recordLatency(ThreadStats& stats, Histogram& histogram, std::uint64_t send_ns,
                            std::uint64_t& window_count) {
  (void)stats;
  if (send_ns < window_start_ns_.load(std::memory_order_relaxed) ||
      send_ns >= window_end_ns_.load(std::memory_order_relaxed)) {
    return;
  }
  const std::uint64_t now = nowNs();
  histogram.record(now > send_ns ? now - send_ns : 0);
  ++window_count;
}

void LoadRun::checkSequence(ThreadStats& stats, std::atomic<std::int64_t>& last, std::int64_t seq) {
  const std::int64_t previous = last.load(std::memory_order_relaxed);
  if (seq > previous + 1) {
    stats.gaps += static_cast<std::uint64_t>(seq - previous - 1);
  } else if (seq <= previous) {
    ++stats.out_of_order;
  }
  if (seq > previous) last.store(seq, std::memory_order_relaxed);
}

void LoadRun::onRecord(Connection& connection, const Receipt& receipt) {
  ThreadStats& stats = statsOf(connection);
  const std::size_t index = connection.index();
  switch (receipt.kind) {
    case RecordKind::kMessageReceived:
      if (!plan_.isMember(index)) return stats.error("MessageReceived on a sending connection");
      return onDelivery(stats, index, receipt);
    case RecordKind::kCompletion:
      if (sender_of_[index] < 0) return stats.error("a Completion nobody waited for");
      return onAck(stats, *senders_[static_cast<std::size_t>(sender_of_[index])], receipt);
    case RecordKind::kInvocation:
      if (plan_.isMember(index)) stats.bump(stats.typing_received);
      return;  // UserTyping: nothing else is pushed to members
    case RecordKind::kMalformed:
      return stats.error("a malformed record");
    default:
      return;  // Close is reported by onClosed; other invocations are not ours
  }
}

void LoadRun::onDelivery(ThreadStats& stats, std::size_t member, const Receipt& receipt) {
  stats.bump(stats.delivered);
  const std::size_t slot = plan_.groupOfMember(member);
  if (receipt.group_id != group_ids_[slot]) return stats.error("a message of another group");
  const auto payload = receipt.has_message ? parsePayload(receipt.message) : std::nullopt;
  if (!payload) return stats.error("a message that is not a benchmark payload");
  recordLatency(stats, stats.delivery, payload->send_ns, stats.window_delivered);
  if (receipt.seq < 1) return stats.error("a message without seq");
  checkSequence(stats, last_seq_[member], receipt.seq);
}

void LoadRun::onAck(ThreadStats& stats, SenderState& sender, const Receipt& receipt) {
  if (sender.in_flight_local > 0) --sender.in_flight_local;
  sender.in_flight.store(sender.in_flight_local, std::memory_order_relaxed);
  if (sender.waiting_for_room && sender.timer) sender.timer->cancel();
  if (receipt.has_error) return stats.error("SendMessage: " + std::string(receipt.error));
  stats.bump(stats.acked);
  const auto payload = receipt.has_message ? parsePayload(receipt.message) : std::nullopt;
  auto slot = group_slot_.find(receipt.group_id);
  if (!payload || slot == group_slot_.end() || receipt.seq < 1) {
    return stats.error("a SendMessage result that is not our MessageDto");
  }
  recordLatency(stats, stats.ack, payload->send_ns, stats.window_acked);
  auto& max = group_max_acked_[slot->second];
  std::int64_t seen = max.load(std::memory_order_relaxed);
  while (receipt.seq > seen && !max.compare_exchange_weak(seen, receipt.seq)) {
  }
}

void LoadRun::onFrame(Connection& connection, std::string_view text) {
  ThreadStats& stats = statsOf(connection);
  const auto payload = parsePayload(text);
  if (!payload) return stats.error("a frame that is not a benchmark payload");
  if (payload->sender >= plan_.senders) return stats.error("a frame from an unknown sender");
  const std::size_t member = connection.index();
  if (senderConnection(payload->sender) == member) return;  // our own, if echoed
  stats.bump(stats.delivered);
  recordLatency(stats, stats.delivery, payload->send_ns, stats.window_delivered);
  checkSequence(stats, last_seq_[member * plan_.senders + payload->sender],
                static_cast<std::int64_t>(payload->seq));
}

void LoadRun::onFrameWritten(Connection& connection) {
  const int s = sender_of_[connection.index()];
  if (s < 0) return;
  SenderState& sender = *senders_[static_cast<std::size_t>(s)];
  ThreadStats& stats = statsOf(connection);
  if (sender.in_flight_local > 0) --sender.in_flight_local;
  sender.in_flight.store(sender.in_flight_local, std::memory_order_relaxed);
  sender.written.store(sender.written.load(std::memory_order_relaxed) + 1,
                       std::memory_order_relaxed);
  stats.bump(stats.acked);
  if (sender.waiting_for_room && sender.timer) sender.timer->cancel();
}

void LoadRun::onClosed(Connection& connection, std::string_view reason, bool requested) {
  const std::size_t index = connection.index();
  const bool was_alive = alive_[index].exchange(false);
  if (was_alive) open_count_.fetch_sub(1);
  if (requested || !was_alive) return;
  ThreadStats& stats = statsOf(connection);
  ++stats.unexpected_closes;
  stats.error("connection closed: " + std::string(reason));
  const int s = sender_of_[index];
  if (s >= 0 && senders_[static_cast<std::size_t>(s)]->timer) {
    senders_[static_cast<std::size_t>(s)]->timer->cancel();
  }
}

bool LoadRun::caughtUp() const {
  for (const auto& sender : senders_) {
    if (alive_[sender->connection].load() &&
        sender->in_flight.load(std::memory_order_relaxed) > 0) {
      return false;
    }
  }
  if (raw()) {
    const std::size_t senders = plan_.senders;
    for (std::size_t m = 0; m < plan_.members_per_group; ++m) {
      if (!alive_[m].load()) continue;
      for (std::size_t s = 0; s < senders; ++s) {
        if (s == m) continue;
        const auto expected = static_cast<std::int64_t>(senders_[s]->written.load());
        if (last_seq_[m * senders + s].load(std::memory_order_relaxed) < expected) return false;
      }
    }
    return true;
  }
  for (std::size_t m = 0; m < plan_.memberCount(); ++m) {
    if (!alive_[m].load()) continue;
    const auto expected = group_max_acked_[plan_.groupOfMember(m)].load(std::memory_order_relaxed);
    if (last_seq_[m].load(std::memory_order_relaxed) < expected) return false;
  }
  return true;
}

void LoadRun::progress(const char* phase, std::uint64_t now) {
  std::uint64_t sent = 0, acked = 0, delivered = 0, errors = 0;
  for (const auto& stats : stats_) {
    sent += stats->sent.load(std::memory_order_relaxed);
    acked += stats->acked.load(std::memory_order_relaxed);
    delivered += stats->delivered.load(std::memory_order_relaxed);
    errors += stats->errors.load(std::memory_order_relaxed);
  }
  const double seconds =
      std::max(1e-3, (static_cast<double>(now) - static_cast<double>(last_progress_ns_)) / 1e9);
  const double elapsed = (static_cast<double>(now) - static_cast<double>(send_start_ns_)) / 1e9;
  spdlog::info(
      "[{:6.1f} s] {:<8} sent {:>10} ({:>8.0f}/s)  acked {:>10} ({:>8.0f}/s)  "
      "delivered {:>11} ({:>9.0f}/s)  errors {}",
      elapsed, phase, sent, (sent - last_sent_) / seconds, acked, (acked - last_acked_) / seconds,
      delivered, (delivered - last_delivered_) / seconds, errors);
  last_progress_ns_ = now;
  last_sent_ = sent;
  last_acked_ = acked;
  last_delivered_ = delivered;
}

std::pair<std::uint64_t, std::uint64_t> LoadRun::receivedSoFar() const {
  std::uint64_t bytes = 0, delivered = 0;
  for (const auto& stats : stats_) {
    bytes += stats->bytes_received.load(std::memory_order_relaxed);
    delivered += stats->delivered.load(std::memory_order_relaxed);
  }
  return {bytes, delivered};
}

void LoadRun::closeAll() {
  stopping_.store(true);
  for (std::size_t t = 0; t < pool_->size(); ++t) {
    asio::post(pool_->context(t), [this, t] {
      for (std::size_t c = t; c < connections_.size(); c += pool_->size()) {
        if (connections_[c]) connections_[c]->close();
      }
      for (auto& sender : senders_) {
        if (sender->connection % pool_->size() == t && sender->timer) sender->timer->cancel();
      }
    });
  }
  const std::uint64_t deadline = nowNs() + secondsToNs(static_cast<double>(kCloseWait.count()));
  while (open_count_.load() > 0 && nowNs() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

void LoadRun::collect(LoadResult& result) {
  // After this, no I/O thread runs: everything below is final.
  pool_->stop([this] {
    connections_.clear();
    for (auto& sender : senders_) sender->timer.reset();
    typing_timer_.reset();
  });
  for (const auto& stats : stats_) {
    result.sent += stats->window_sent;
    result.acked += stats->window_acked;
    result.delivered += stats->window_delivered;
    result.sent_total += stats->sent.load();
    result.delivered_total += stats->delivered.load();
    result.typing_received += stats->typing_received.load();
    result.errors += stats->errors.load();
    result.gaps += stats->gaps;
    result.out_of_order += stats->out_of_order;
    result.unexpected_closes += stats->unexpected_closes;
    result.delivery.merge(stats->delivery);
    result.ack.merge(stats->ack);
    for (const auto& [kind, times] : stats->error_kinds) result.error_kinds[kind] += times;
  }
  for (const auto& [kind, times] : result.error_kinds) {
    if (kind.starts_with("connect: ")) result.errors += times;
  }
  result.typing_sent = typing_sent_.load();
  result.typing_expected = typing_expected_.load();
  if (!result.fatal.empty()) return;
  for (const auto& sender : senders_) result.unacknowledged += sender->in_flight.load();
  if (raw()) {
    const std::size_t senders = plan_.senders;
    for (std::size_t m = 0; m < plan_.members_per_group; ++m) {
      for (std::size_t s = 0; s < senders; ++s) {
        if (s == m) continue;
        const auto expected = static_cast<std::int64_t>(senders_[s]->written.load());
        const auto last = last_seq_[m * senders + s].load();
        if (last < expected) result.missing_at_end += static_cast<std::uint64_t>(expected - last);
      }
    }
    // Every written frame should reach every member but its sender.
    result.expected_deliveries = result.sent * (plan_.members_per_group - 1);
  } else {
    for (std::size_t m = 0; m < plan_.memberCount(); ++m) {
      const auto expected = group_max_acked_[plan_.groupOfMember(m)].load();
      const auto last = last_seq_[m].load();
      if (last < expected) result.missing_at_end += static_cast<std::uint64_t>(expected - last);
    }
    result.expected_deliveries = result.acked * plan_.members_per_group;
  }
}

}  // namespace

LoadResult runLoad(const Options& options) {
  std::string error;
  auto url = parseServerUrl(options.common.url, error);
  LoadResult result;
  if (!url) {
    result.fatal = error;
    return result;
  }
  if (url->scheme == "ws" && options.command != "fanout") {
    result.fatal = "a ws:// URL (raw WebSocket) is for fanout only";
    return result;
  }
  if (options.load.protocol == "raw" && url->scheme != "ws") {
    result.fatal = "--protocol raw needs a ws:// URL";
    return result;
  }
  if (options.load.protocol == "raw" &&
      (options.common.transport != "websockets" || options.common.hub_protocol != "json")) {
    result.fatal = "--protocol raw is plain WebSockets: no --transport or --hub-protocol";
    return result;
  }
  if (options.load.typing_rate > 0 &&
      (options.common.hub_protocol != "json" || options.load.protocol != "signalr")) {
    result.fatal = "--typing-rate needs the SignalR JSON hub protocol";
    return result;
  }
  if (options.common.transport == "sse" && options.common.hub_protocol == "messagepack") {
    result.fatal = "MessagePack is binary; Server-Sent Events carry text only";
    return result;
  }
  if (options.load.protocol == "signalr" && url->scheme != "http") {
    result.fatal = "SignalR needs an http:// URL (or pass --protocol raw)";
    return result;
  }
  ServerUrl sender_url = *url;
  if (!options.load.sender_url.empty()) {
    auto parsed = parseServerUrl(options.load.sender_url, error);
    if (!parsed || parsed->scheme != "http") {
      result.fatal = parsed ? "--sender-url must be an http:// URL" : error;
      return result;
    }
    sender_url = *parsed;
  }
  LoadRun run(options, *url, sender_url);
  return run.run();
}

}  // namespace chat::bench
