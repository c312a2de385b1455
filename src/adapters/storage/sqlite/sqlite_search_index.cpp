#include "adapters/storage/sqlite/sqlite_search_index.hpp"

namespace chat::sqlite {

Result<std::optional<MessageId>> SearchIndex::unindexedUpTo() {
  return database_.read([](Connection& connection) -> Result<std::optional<MessageId>> {
    auto select = connection.prepare(
        "SELECT (SELECT indexed_up_to FROM message_search_progress), "
        "(SELECT coalesce(max(id), 0) FROM messages)");
    if (!select) return select.error();
    auto row = select->step();
    if (!row) return row.error();
    if (!*row || select->columnInt(0) >= select->columnInt(1)) return std::optional<MessageId>();
    return std::optional<MessageId>(select->columnInt(1));
  });
}

Result<bool> SearchIndex::indexSome() {
  struct Chunk {
    MessageId up_to = 0;
    bool more = false;
  };
  // Most turns find nothing new: look on a reader first, without taking the write lock.
  auto behind = unindexedUpTo();
  if (!behind) return behind.error();
  if (!*behind) return false;
  auto indexed = database_.write([](Connection& connection) -> Result<Chunk> {
    auto progress = connection.prepare("SELECT indexed_up_to FROM message_search_progress");
    if (!progress) return progress.error();
    auto row = progress->step();
    if (!row) return row.error();
    if (!*row) return Error::internal("the search index lost its progress");
    const MessageId from = progress->columnInt(0);
    // Up to kChunk messages and about kChunkCharacters of text, the first one whatever its
    // size: a turn must stay short, for the appends that arrive meanwhile wait for it.
    auto span = connection.prepare(
        "SELECT count(*), max(id) FROM (SELECT id, length(text) AS size, "
        "sum(length(text)) OVER (ORDER BY id ROWS UNBOUNDED PRECEDING) AS running "
        "FROM (SELECT id, text FROM messages WHERE id > ? ORDER BY id LIMIT ?)) "
        "WHERE running - size < ?");
    if (!span) return span.error();
    row = span->bindInt(1, from).bindInt(2, kChunk).bindInt(3, kChunkCharacters).step();
    if (!row) return row.error();
    const std::int64_t count = span->columnInt(0);
    if (count == 0) return Chunk{from, false};
    const MessageId to = span->columnInt(1);
    // A deleted message's text is empty already: it adds no words.
    auto insert = connection.prepare(
        "INSERT INTO message_search (rowid, text) SELECT id, text FROM messages "
        "WHERE id > ? AND id <= ?");
    if (!insert) return insert.error();
    if (auto done = insert->bindInt(1, from).bindInt(2, to).run(); !done) return done.error();
    auto save = connection.prepare("UPDATE message_search_progress SET indexed_up_to = ?");
    if (!save) return save.error();
    if (auto done = save->bindInt(1, to).run(); !done) return done.error();
    return Chunk{to, true};  // the next turn's look says whether more is left
  });
  if (!indexed) return indexed.error();
  {
    std::lock_guard lock(mutex_);
    indexed_up_to_ = indexed->up_to;
    ++passes_;
  }
  indexed_.notify_all();
  return indexed->more;
}

Status SearchIndex::catchUp() {
  for (;;) {
    auto more = indexSome();
    if (!more) return more.error();
    if (!*more) return {};
  }
}

void SearchIndex::awaitIndexed(MessageId id, std::uint64_t passes,
                               std::chrono::milliseconds patience) {
  std::unique_lock lock(mutex_);
  indexed_.wait_for(lock, patience, [&] { return passes_ > passes && indexed_up_to_ >= id; });
}

}  // namespace chat::sqlite
