// How many durable messages a second the SQLite engine stores, by batch size: the cost
// under the hub's group commit. Run: build/release/benchmarks/sqlite_benchmark
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "adapters/storage/sqlite/sqlite_storage.hpp"

namespace chat {
namespace {

constexpr int kGroups = 100;

struct Fixture {
  Fixture() {
    path = (std::filesystem::temp_directory_path() /
            ("chat-sqlite-benchmark-" + std::to_string(::getpid()) + ".db"))
               .string();
    storage = std::move(SqliteStorage::open(path)).value();
    const Timestamp now{};
    sender = storage->users().add(NewUser{"sender", "", "", "", "hash"}, now)->id;
    for (int i = 0; i < kGroups; ++i) {
      groups.push_back(
          storage->groups()
              .create("group " + std::to_string(i), sender, GroupVisibility::kPublic, now)
              ->id);
    }
  }
  ~Fixture() {
    storage.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  }
  std::string path;
  std::unique_ptr<SqliteStorage> storage;
  UserId sender = 0;
  std::vector<GroupId> groups;
};

// NOLINTNEXTLINE(readability-identifier-naming): the benchmark's name in its reports
void AppendBatch(benchmark::State& state) {
  Fixture fixture;
  const auto batch_size = static_cast<std::size_t>(state.range(0));
  std::vector<NewMessage> batch(batch_size);
  const std::string text(64, 'x');
  std::int64_t sent = 0;
  for (auto _ : state) {
    for (auto& message : batch) {
      message = NewMessage{fixture.groups[static_cast<std::size_t>(sent % kGroups)], fixture.sender,
                           text, Timestamp{}, std::nullopt};
      ++sent;
    }
    auto outcomes = fixture.storage->messages().appendBatch(batch);
    if (!outcomes.front()) state.SkipWithError("append failed");
  }
  state.SetItemsProcessed(sent);
}
BENCHMARK(AppendBatch)->Arg(1)->Arg(64)->Arg(1024)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace chat
