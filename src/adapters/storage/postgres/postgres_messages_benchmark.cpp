// How many acknowledged (committed) appends a second the PostgreSQL engine stores through
// Messages::append with many in flight, as the hub's senders keep it busy, and the
// latency from append() to its callback. Needs a server; with a throwaway one:
//   export CHAT_TEST_POSTGRES_URL=$(scripts/start-postgres.sh /tmp/pg 55432)
//   build/release/benchmarks/postgres_benchmark
// CHAT_BENCH_SECONDS sets how long each load runs (5 s).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <string>
#include <vector>

#include "adapters/storage/postgres/postgres_test_support.hpp"

namespace chat::postgres::testing {
namespace {

using Clock = std::chrono::steady_clock;

struct Fixture {
  Fixture(int senders, int groups, int nodes = 1) {
    auto url = testServerUrl();
    if (!url) {
      error = "CHAT_TEST_POSTGRES_URL is not set";
      return;
    }
    auto opened = SchemaStorage::open(*url);
    if (!opened) {
      error = opened.error().message + ": " + opened.error().detail;
      return;
    }
    storage = std::move(opened).value();
    const Timestamp now{};
    for (int i = 0; i < senders; ++i) {
      user_ids.push_back(
          storage->users().add(NewUser{"sender" + std::to_string(i), "", "", "", "hash"}, now)->id);
    }
    for (int i = 0; i < groups; ++i) {
      group_ids.push_back(
          storage->groups()
              .create("group " + std::to_string(i), user_ids[0], GroupVisibility::kPublic, now)
              ->id);
    }
    // Everyone in every group, in one statement.
    if (auto joined = storage->schema().run(
            "INSERT INTO group_members (group_id, user_id, joined_at) "
            "SELECT g.id, u.id, 0 FROM groups AS g CROSS JOIN users AS u ON CONFLICT DO NOTHING");
        !joined) {
      error = joined.error().detail;
    }
    nodes_storage.push_back(storage.get());
    for (int i = 1; i < nodes; ++i) {
      auto node = PostgresStorage::open(*url, storage->schema().options());
      if (!node) {
        error = node.error().detail;
        return;
      }
      extra_nodes.push_back(std::move(node).value());
      nodes_storage.push_back(extra_nodes.back().get());
    }
  }
  // The node that stores messages of `group`: each group has one, as a deployment that
  // routes a group's senders to one server would.
  Storage& nodeFor(GroupId group) {
    return *nodes_storage[static_cast<std::size_t>(group) % nodes_storage.size()];
  }
  std::string error;
  std::unique_ptr<SchemaStorage> storage;
  std::vector<std::unique_ptr<PostgresStorage>> extra_nodes;  // more servers, same database
  std::vector<Storage*> nodes_storage;
  std::vector<UserId> user_ids;
  std::vector<GroupId> group_ids;
};

std::chrono::milliseconds loadDuration() {
  const char* seconds = std::getenv("CHAT_BENCH_SECONDS");
  return std::chrono::milliseconds(seconds ? static_cast<int>(std::atof(seconds) * 1000) : 5000);
}

// Keeps `in_flight` appends outstanding per sender for the load's duration: each callback
// records its latency and submits the sender's next message (submitting never blocks).
class Load {
 public:
  Load(Fixture& fixture, int in_flight, bool client_ids)
      : fixture_(fixture), in_flight_(in_flight), client_ids_(client_ids) {}

  void run(std::chrono::milliseconds duration) {
    started_ = Clock::now();
    deadline_ = started_ + duration;
    for (std::size_t sender = 0; sender < fixture_.user_ids.size(); ++sender) {
      for (int slot = 0; slot < in_flight_; ++slot) submit(sender);
    }
    std::unique_lock lock(mutex_);
    drained_.wait(lock, [&] { return outstanding_ == 0; });
    elapsed_ = last_ack_ - started_;
  }

  double seconds() const { return std::chrono::duration<double>(elapsed_).count(); }
  std::int64_t acked() const { return acked_; }
  std::int64_t failed() const { return failed_; }
  double latencyPercentile(double p) {
    if (latencies_us_.empty()) return 0;
    auto at = latencies_us_.begin() +
              static_cast<std::ptrdiff_t>(p * static_cast<double>(latencies_us_.size() - 1));
    std::nth_element(latencies_us_.begin(), at, latencies_us_.end());
    return *at / 1000.0;
  }

 private:
  void submit(std::size_t sender) {
    NewMessage message;
    {
      std::lock_guard lock(mutex_);
      ++outstanding_;
      const std::int64_t n = next_++;
      message.group_id =
          fixture_.group_ids[static_cast<std::size_t>(n) % fixture_.group_ids.size()];
      if (client_ids_) message.client_message_id = "c-" + std::to_string(n);
    }
    message.sender_id = fixture_.user_ids[sender];
    message.text = std::string(64, 'x');
    const auto submitted = Clock::now();
    Storage& node = fixture_.nodeFor(message.group_id);
    node.messages().append(
        std::move(message), [this, sender, submitted](const Result<AppendedMessage>& appended) {
          const auto now = Clock::now();
          bool again = false;
          {
            std::lock_guard lock(mutex_);
            --outstanding_;
            if (appended.ok() && appended->outcome == AppendOutcome::kStored) {
              ++acked_;
              latencies_us_.push_back(
                  std::chrono::duration<double, std::micro>(now - submitted).count());
            } else {
              ++failed_;
            }
            last_ack_ = now;
            again = now < deadline_ && failed_ == 0;
            if (outstanding_ == 0 && !again) drained_.notify_all();
          }
          if (again) submit(sender);
        });
  }

  Fixture& fixture_;
  int in_flight_;
  bool client_ids_;
  Clock::time_point started_;
  Clock::time_point deadline_;
  Clock::time_point last_ack_;
  Clock::duration elapsed_{};
  std::mutex mutex_;
  std::condition_variable drained_;
  std::int64_t outstanding_ = 0;
  std::int64_t next_ = 0;
  std::int64_t acked_ = 0;
  std::int64_t failed_ = 0;
  std::vector<double> latencies_us_;
};

// Args: senders, groups, appends in flight per sender, whether each carries a client id,
// and how many nodes (storages, each with its own committer) share the database.
// NOLINTNEXTLINE(readability-identifier-naming): the benchmark's name in its reports
void AckedAppends(benchmark::State& state) {
  Fixture fixture(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)),
                  static_cast<int>(state.range(4)));
  if (!fixture.error.empty()) {
    state.SkipWithError(fixture.error.c_str());
    return;
  }
  for (auto _ : state) {
    Load load(fixture, static_cast<int>(state.range(2)), state.range(3) != 0);
    load.run(loadDuration());
    if (load.failed() > 0) state.SkipWithError("an append failed");
    state.counters["appends/s"] = static_cast<double>(load.acked()) / load.seconds();
    state.counters["p50_ms"] = load.latencyPercentile(0.50);
    state.counters["p99_ms"] = load.latencyPercentile(0.99);
    state.SetItemsProcessed(load.acked());
  }
}
BENCHMARK(AckedAppends)
    ->ArgNames({"senders", "groups", "in_flight", "client_ids", "nodes"})
    ->Args({100, 100, 8, 0, 1})
    ->Args({100, 100, 8, 1, 1})
    ->Args({100, 100, 8, 1, 2})
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// One batch straight through appendBatch, by batch size: the cost of a transaction.
// NOLINTNEXTLINE(readability-identifier-naming): the benchmark's name in its reports
void AppendBatch(benchmark::State& state) {
  Fixture fixture(1, 100);
  if (!fixture.error.empty()) {
    state.SkipWithError(fixture.error.c_str());
    return;
  }
  const auto batch_size = static_cast<std::size_t>(state.range(0));
  std::vector<NewMessage> batch(batch_size);
  const std::string text(64, 'x');
  std::int64_t sent = 0;
  for (auto _ : state) {
    for (auto& message : batch) {
      message = NewMessage{fixture.group_ids[static_cast<std::size_t>(sent) % 100],
                           fixture.user_ids[0], text, Timestamp{}, "c-" + std::to_string(sent)};
      ++sent;
    }
    auto outcomes = fixture.storage->messages().appendBatch(batch);
    if (!outcomes.front()) state.SkipWithError("append failed");
  }
  state.SetItemsProcessed(sent);
}
BENCHMARK(AppendBatch)->Arg(1)->Arg(64)->Arg(1024)->UseRealTime()->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace chat::postgres::testing
