#include "scenario_connections.hpp"

#include <atomic>
#include <map>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "chat_api.hpp"
#include "clock.hpp"
#include "connector.hpp"
#include "io_pool.hpp"
#include "preparation.hpp"
#include "system.hpp"

namespace chat::bench {

namespace {

constexpr std::chrono::seconds kCloseWait{5};

// Counts what happens to idle connections; callbacks run on the I/O threads.
class IdleListener final : public ConnectionListener {
 public:
  void onRecord(Connection&, const Receipt& receipt) override {
    if (receipt.kind == RecordKind::kMalformed) ++malformed;
  }
  void onClosed(Connection&, std::string_view reason, bool requested) override {
    ++ended;
    if (requested) return;
    ++dropped;
    std::lock_guard lock(mutex);
    if (reasons.size() < 20) ++reasons[std::string(reason)];
  }

  std::atomic<std::uint64_t> malformed{0};
  std::atomic<std::uint64_t> ended{0};
  std::atomic<std::uint64_t> dropped{0};
  std::mutex mutex;
  std::map<std::string, std::uint64_t> reasons;
};

std::optional<std::uint64_t> rss(const ConnectionsOptions& o) {
  return o.server_pid > 0 ? residentKib(o.server_pid) : std::nullopt;
}

}  // namespace

Report runConnections(const Options& options) {
  const CommonOptions& common = options.common;
  const ConnectionsOptions& o = options.connections;
  Report report;
  report.scenario = "connections";
  const std::size_t count = o.connections;
  const std::size_t users = (count + common.conns_per_user - 1) / common.conns_per_user;
  report.setting("url", common.url);
  report.setting("connections", std::to_string(count));
  report.setting("users", std::to_string(users));
  report.setting("source addresses",
                 fmt::format("127.0.0.1 .. 127.0.0.{}", common.source_addresses));
  report.setting("hold", fmt::format("{} s", o.hold));
  report.setting("ping interval", fmt::format("{} s", o.ping_interval));
  report.setting("generator threads", std::to_string(common.threads));
  if (o.server_pid > 0) report.setting("server pid", std::to_string(o.server_pid));

  std::string error;
  auto url = parseServerUrl(common.url, error);
  if (url && url->scheme != "http") error = "connections needs the server's http:// URL";
  if (!url || !error.empty()) {
    report.fail(error);
    return report;
  }
  const auto sources = loopbackSources(common.source_addresses);
  std::vector<BenchUser> bench_users;
  const auto prepare_started = nowNs();
  try {
    spdlog::info("preparing {} users over REST", users);
    bench_users = prepareUsers(
        PrepContext{*url, common.user_prefix, common.password, common.prep_threads, sources},
        users);
  } catch (const std::exception& failure) {
    report.fail(std::string("preparation failed: ") + failure.what());
    return report;
  }
  report.figure("prepare_seconds", "preparation (REST)", (nowNs() - prepare_started) / 1e9, "s", 2);

  IdleListener listener;
  IoPool pool(common.threads);
  const auto rss_before = rss(o);
  auto job = std::make_shared<ConnectJob>();
  job->count = count;
  job->concurrency = common.connect_concurrency;
  job->deadline = std::chrono::seconds(static_cast<std::int64_t>(common.connect_deadline));
  const auto timeout =
      std::chrono::milliseconds(static_cast<std::int64_t>(common.connect_timeout * 1000));
  const ServerUrl* server = &*url;
  const auto ping_interval =
      std::chrono::milliseconds(static_cast<std::int64_t>(o.ping_interval * 1000));
  const Transport transport = transportNamed(common.transport).value_or(Transport::kWebSockets);
  const HubEncoding encoding = hubEncodingNamed(common.hub_protocol).value_or(HubEncoding::kJson);
  job->spec = [&bench_users, &sources, server, timeout, ping_interval, transport, encoding,
               per_user = common.conns_per_user](std::size_t i) {
    ConnectSpec spec;
    spec.url = server;
    spec.transport = transport;
    spec.encoding = encoding;
    spec.token = bench_users[i / per_user].token;
    spec.source = sources[i % sources.size()];
    spec.timeout = timeout;
    spec.ping_interval = ping_interval;
    return spec;
  };
  spdlog::info("opening {} idle hub connections on {} threads", count, pool.size());
  ConnectResult connected = connectAll(pool, listener, job);
  report.figure("connections", "connections open", static_cast<double>(connected.connected));
  report.figure("connect_failed", "connections failed", static_cast<double>(connected.failed));
  report.figure("connect_seconds", "connect time", connected.seconds, "s", 2);
  report.figure("connect_rate", "connect rate",
                connected.seconds > 0 ? connected.connected / connected.seconds : 0, "conn/s");
  for (const auto& [text, times] : connected.errors)
    report.errors.emplace_back("connect: " + text, times);
  if (!connected.complete) {
    report.fail("connecting did not finish");
    pool.stop();  // `job` captures locals: the I/O threads must end before they do
    return report;
  }
  const auto rss_connected = rss(o);

  // Hold: the connections ping every 15 s; count any the server drops.
  const std::uint64_t hold_started = nowNs();
  const std::uint64_t hold_end = hold_started + secondsToNs(o.hold);
  std::uint64_t last_log = hold_started;
  while (nowNs() < hold_end && !stopRequested()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (nowNs() - last_log >= 1'000'000'000) {
      last_log = nowNs();
      const auto now_rss = rss(o);
      spdlog::info("[{:6.1f} s] hold     open {:>8}  dropped {}{}", (last_log - hold_started) / 1e9,
                   connected.connected - listener.dropped.load(), listener.dropped.load(),
                   now_rss ? fmt::format("  server RSS {:.1f} MiB", *now_rss / 1024.0) : "");
    }
  }
  const auto rss_after = rss(o);
  report.figure("hold_seconds", "held", (nowNs() - hold_started) / 1e9, "s", 1);
  report.figure("dropped", "dropped while held", static_cast<double>(listener.dropped.load()));
  const std::uint64_t dropped = listener.dropped.load();

  // Close them all, gracefully, for a bounded time.
  for (std::size_t t = 0; t < pool.size(); ++t) {
    boost::asio::post(pool.context(t), [&connected, t, threads = pool.size()] {
      for (std::size_t c = t; c < connected.connections.size(); c += threads) {
        if (connected.connections[c]) connected.connections[c]->close();
      }
    });
  }
  const std::uint64_t close_deadline =
      nowNs() + secondsToNs(static_cast<double>(kCloseWait.count()));
  while (listener.ended.load() < connected.connected && nowNs() < close_deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  pool.stop([&connected] { connected.connections.clear(); });

  if (rss_before && rss_after && connected.connected > 0) {
    report.figure("server_rss_before_kib", "server RSS before", static_cast<double>(*rss_before),
                  "KiB");
    if (rss_connected) {
      report.figure("server_rss_connected_kib", "server RSS when connected",
                    static_cast<double>(*rss_connected), "KiB");
    }
    report.figure("server_rss_after_kib", "server RSS after holding",
                  static_cast<double>(*rss_after), "KiB");
    const double per_connection =
        (static_cast<double>(*rss_after) - static_cast<double>(*rss_before)) * 1024.0 /
        static_cast<double>(connected.connected);
    report.figure("server_bytes_per_connection", "server memory per connection", per_connection,
                  "bytes", 0);
  } else if (o.server_pid > 0) {
    report.fail(fmt::format("could not read VmRSS of process {}", o.server_pid));
  }
  {
    std::lock_guard lock(listener.mutex);
    for (const auto& [reason, times] : listener.reasons)
      report.errors.emplace_back("dropped: " + reason, times);
  }
  const std::uint64_t errors = connected.failed + dropped + listener.malformed.load();
  report.figure("errors", "errors", static_cast<double>(errors));
  if (connected.failed) report.fail(fmt::format("{} connections failed", connected.failed));
  if (dropped) report.fail(fmt::format("{} connections dropped", dropped));
  if (listener.malformed.load()) report.fail("malformed records received");
  return report;
}

}  // namespace chat::bench
