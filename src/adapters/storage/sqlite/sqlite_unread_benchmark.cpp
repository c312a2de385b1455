// What the group list with unread counts costs on a big database: a user in 1,000 groups
// of 10,000 messages each (10 million messages), and 100 edits in each (1%, each with a seq
// of its own), read part way in each. The list reads each group's newest seq, the user's
// marker, the newest message and how many of the seqs after the marker are not messages,
// all by key, so its cost follows the groups, not the messages nor the changes; counting
// the unread messages instead (what the list does not do) is there to compare.
// Run: build/release/benchmarks/sqlite_benchmark --benchmark_filter=Unread
// The seeded database (about 1 GB) is kept at $TMPDIR/chat-unread-benchmark-v3.db and
// reused by later runs; delete it to seed again.
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "adapters/storage/sqlite/sqlite_storage.hpp"

namespace chat {
namespace {

constexpr int kGroups = 1000;
constexpr int kMessagesPerGroup = 10000;
constexpr int kEditsPerGroup = 100;
constexpr UserId kSender = 1;
constexpr UserId kViewer = 2;

// Users, groups, memberships with markers spread over each group's history, and the
// messages, in one transaction, straight in SQL: through the engine's API the seeding
// would take an hour.
constexpr const char* kSeed = R"sql(
BEGIN;
INSERT INTO users (id, user_name, user_name_key, first_name, last_name, email, password_hash,
                   created_at)
VALUES (1, 'sender', 'sender', '', '', '', 'hash', 0), (2, 'viewer', 'viewer', '', '', '', 'hash', 0);
WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 1000)
INSERT INTO groups (id, name, owner_id, created_at, last_seq)
SELECT n, 'group ' || n, 1, 0, 10100 FROM g;
INSERT INTO group_members (group_id, user_id, joined_at, last_read_seq)
SELECT id, 1, 0, 10100 FROM groups;
INSERT INTO group_members (group_id, user_id, joined_at, last_read_seq)
SELECT id, 2, 0, (id * 7919) % 10101 FROM groups;
WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < 9999999)
INSERT INTO messages (group_id, seq, sender_id, text, sent_at)
SELECT n / 10000 + 1, n % 10000 + 1, 1, 'message number ' || n || ' of the benchmark', n FROM s;
-- Each group's first 100 messages edited once, at seqs 10,001 to 10,100.
WITH RECURSIVE e(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM e WHERE n < 99999)
INSERT INTO message_changes (group_id, seq, message_id, message_seq, kind, text, changed_at,
                             ordinal)
SELECT n / 100 + 1, 10000 + n % 100 + 1,
       (SELECT id FROM messages WHERE group_id = n / 100 + 1 AND seq = n % 100 + 1), n % 100 + 1,
       1, 'edited', n, n % 100 + 1 FROM e;
CREATE TABLE benchmark_seeded (done INTEGER);
COMMIT;
)sql";

// What the list avoids: counting each group's messages after the viewer's marker.
constexpr const char* kCountUnread =
    "SELECT sum(unread) FROM (SELECT (SELECT count(*) FROM messages AS m "
    "WHERE m.group_id = gm.group_id AND m.seq > gm.last_read_seq) AS unread "
    "FROM group_members AS gm WHERE gm.user_id = 2)";

struct RawDatabase {
  explicit RawDatabase(const std::string& path) {
    if (sqlite3_open(path.c_str(), &handle) != SQLITE_OK) throw std::runtime_error("open failed");
  }
  ~RawDatabase() { sqlite3_close(handle); }
  void exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(handle, sql, nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error ? error : "exec failed";
      sqlite3_free(error);
      throw std::runtime_error(message);
    }
  }
  bool seeded() {
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(handle, "SELECT 1 FROM sqlite_master WHERE name = 'benchmark_seeded'", -1,
                       &statement, nullptr);
    const bool found = sqlite3_step(statement) == SQLITE_ROW;
    sqlite3_finalize(statement);
    return found;
  }
  std::int64_t single(const char* sql) {
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(handle, sql, -1, &statement, nullptr);
    std::int64_t value =
        sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1;
    sqlite3_finalize(statement);
    return value;
  }
  sqlite3* handle = nullptr;
};

std::string seededDatabase() {
  std::string path =
      (std::filesystem::temp_directory_path() / "chat-unread-benchmark-v3.db").string();
  // The engine creates the schema; the seed then fills it.
  { auto storage = std::move(SqliteStorage::open(path)).value(); }
  {
    RawDatabase raw(path);
    if (!raw.seeded()) raw.exec(kSeed);
  }
  // The seed wrote past the search index (and a database seeded before it had none): index
  // now, or the committer would do so in its idle time during the measurements.
  auto storage = std::move(SqliteStorage::open(path)).value();
  if (!storage->messages().catchUpSearchIndex()) throw std::runtime_error("indexing failed");
  return path;
}

const std::string& databasePath() {
  static const std::string path = seededDatabase();
  return path;
}

// NOLINTNEXTLINE(readability-identifier-naming): the benchmark's name in its reports
void UnreadGroupList(benchmark::State& state) {
  auto storage = std::move(SqliteStorage::open(databasePath())).value();
  std::int64_t unread = 0;
  for (auto _ : state) {
    auto groups = storage->groups().list(kViewer);
    if (!groups || groups->size() != kGroups) {
      state.SkipWithError("list failed");
      return;
    }
    unread = 0;
    for (const GroupSummary& group : *groups) {
      unread +=
          ReadMarker{group.id, group.last_read_seq, group.last_seq, group.uncounted_seqs}.unread();
    }
    benchmark::DoNotOptimize(unread);
  }
  state.counters["groups"] = kGroups;
  state.counters["unread"] = static_cast<double>(unread);
  state.SetItemsProcessed(state.iterations() * kGroups);
}
BENCHMARK(UnreadGroupList)->Unit(benchmark::kMillisecond);

// NOLINTNEXTLINE(readability-identifier-naming)
void UnreadCountedByScan(benchmark::State& state) {
  RawDatabase raw(databasePath());
  std::int64_t unread = 0;
  for (auto _ : state) {
    unread = raw.single(kCountUnread);
    if (unread < 0) {
      state.SkipWithError("count failed");
      return;
    }
    benchmark::DoNotOptimize(unread);
  }
  state.counters["unread"] = static_cast<double>(unread);
}
BENCHMARK(UnreadCountedByScan)->Unit(benchmark::kMillisecond);

// NOLINTNEXTLINE(readability-identifier-naming)
void UnreadMarkRead(benchmark::State& state) {
  auto storage = std::move(SqliteStorage::open(databasePath())).value();
  GroupId group = 1;
  for (auto _ : state) {
    // Never moves back: each call asks for the newest seq of a group in turn.
    auto marked = storage->groups().markRead(group, kSender, kMessagesPerGroup + kEditsPerGroup);
    if (!marked) state.SkipWithError("mark failed");
    group = group % kGroups + 1;
  }
}
BENCHMARK(UnreadMarkRead)->Unit(benchmark::kMicrosecond);

// An edit: one write transaction (with its disk sync) that reads the message and the
// editor's role, takes the group's next seq and stores the change. The seeded database
// grows by one change a run.
// NOLINTNEXTLINE(readability-identifier-naming)
void UnreadMessageEdit(benchmark::State& state) {
  auto storage = std::move(SqliteStorage::open(databasePath())).value();
  MessageId message = 1;
  std::int64_t take = 0;
  auto apply = [](const Message&, std::optional<GroupRole>) -> Result<ChangeVerdict> {
    return ChangeVerdict::kApply;
  };
  for (auto _ : state) {
    const MessageChangeRequest request{message, kSender, MessageChangeKind::kEdit,
                                       "edit " + std::to_string(++take), Timestamp{}};
    auto changed = storage->messages().change(request, apply);
    if (!changed || changed->outcome != ChangeOutcome::kChanged) {
      state.SkipWithError("edit failed");
      return;
    }
    message = (message + 7919) % (kGroups * kMessagesPerGroup) + 1;
  }
}
BENCHMARK(UnreadMessageEdit)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace chat
