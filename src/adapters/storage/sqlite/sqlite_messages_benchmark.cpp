// How many durable messages a second the SQLite engine stores, by batch size: the cost
// under the hub's group commit (the search index is kept up when no append waits), and a
// page of search results. Run: build/release/benchmarks/sqlite_benchmark
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

// A chat line of ten words from a vocabulary of 5,000, so that the search index grows as
// it would (a text of one repeated word would index a single term).
std::string chatLine(std::int64_t n) {
  std::string line;
  std::uint64_t state = static_cast<std::uint64_t>(n) * 2654435761u + 1;
  for (int word = 0; word < 10; ++word) {
    state = state * 6364136223846793005u + 1442695040888963407u;
    if (!line.empty()) line += ' ';
    line += "word" + std::to_string((state >> 33) % 5000);
  }
  return line;
}

// NOLINTNEXTLINE(readability-identifier-naming): the benchmark's name in its reports
void AppendBatch(benchmark::State& state) {
  Fixture fixture;
  const auto batch_size = static_cast<std::size_t>(state.range(0));
  std::vector<NewMessage> batch(batch_size);
  std::vector<std::string> lines;
  for (int i = 0; i < 4096; ++i) lines.push_back(chatLine(i));
  std::int64_t sent = 0;
  for (auto _ : state) {
    for (auto& message : batch) {
      message = NewMessage{fixture.groups[static_cast<std::size_t>(sent % kGroups)], fixture.sender,
                           lines[static_cast<std::size_t>(sent % 4096)], Timestamp{}, std::nullopt};
      ++sent;
    }
    auto outcomes = fixture.storage->messages().appendBatch(batch);
    if (!outcomes.front()) state.SkipWithError("append failed");
  }
  state.SetItemsProcessed(sent);
}
BENCHMARK(AppendBatch)->Arg(1)->Arg(64)->Arg(1024)->Unit(benchmark::kMicrosecond);

// The committer's idle work: indexing for search what batches of 1,024 stored, per message.
// NOLINTNEXTLINE(readability-identifier-naming): the benchmark's name in its reports
void IndexForSearch(benchmark::State& state) {
  Fixture fixture;
  std::vector<NewMessage> batch(1024);
  std::int64_t sent = 0;
  for (auto _ : state) {
    state.PauseTiming();
    for (auto& message : batch) {
      message = NewMessage{fixture.groups[static_cast<std::size_t>(sent % kGroups)], fixture.sender,
                           chatLine(sent), Timestamp{}, std::nullopt};
      ++sent;
    }
    const bool stored = fixture.storage->messages().appendBatch(batch).front().ok();
    state.ResumeTiming();
    if (!stored || !fixture.storage->messages().catchUpSearchIndex()) {
      state.SkipWithError("append or indexing failed");
      return;
    }
  }
  state.SetItemsProcessed(sent);
}
BENCHMARK(IndexForSearch)->Unit(benchmark::kMicrosecond);

// A page of 20 search results over 200,000 stored messages in 100 groups, for a reader in
// all of them (range 100) or in one (range 1): the index yields matches newest first, and
// those outside the reader's groups are skipped, so the lone-group reader walks about a
// hundred times as many. A word appears in about 0.2% of the messages.
// NOLINTNEXTLINE(readability-identifier-naming): the benchmark's name in its reports
void SearchPage(benchmark::State& state) {
  constexpr int kMessages = 200'000;
  Fixture fixture;
  const auto reader_groups = static_cast<std::size_t>(state.range(0));
  const UserId reader =
      fixture.storage->users().add(NewUser{"reader", "", "", "", "hash"}, Timestamp{})->id;
  for (std::size_t i = 0; i < reader_groups; ++i) {
    if (!fixture.storage->groups().addMember(fixture.groups[i], reader, 0, Timestamp{})) {
      state.SkipWithError("join failed");
      return;
    }
  }
  std::vector<NewMessage> batch;
  for (int i = 0; i < kMessages; ++i) {
    batch.push_back(NewMessage{fixture.groups[static_cast<std::size_t>(i % kGroups)],
                               fixture.sender, chatLine(i), Timestamp{}, std::nullopt});
    if (batch.size() == 1024 || i + 1 == kMessages) {
      if (!fixture.storage->messages().appendBatch(batch).front()) {
        state.SkipWithError("append failed");
        return;
      }
      batch.clear();
    }
  }
  if (!fixture.storage->messages().catchUpSearchIndex()) {
    state.SkipWithError("indexing failed");
    return;
  }
  MessageSearch search;
  search.reader = reader;
  std::int64_t found = 0;
  std::int64_t word = 0;
  for (auto _ : state) {
    search.words = {"word" + std::to_string(word++ % 5000)};
    auto page = fixture.storage->messages().search(search);
    if (!page) {
      state.SkipWithError("search failed");
      return;
    }
    found += static_cast<std::int64_t>(page->size());
  }
  state.counters["results_per_page"] =
      benchmark::Counter(static_cast<double>(found), benchmark::Counter::kAvgIterations);
}
BENCHMARK(SearchPage)->Arg(100)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace chat
