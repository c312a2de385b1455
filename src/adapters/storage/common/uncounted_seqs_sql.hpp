#pragma once
// The SQL, shared by the SQLite and PostgreSQL engines, for ReadMarker::uncounted_seqs: of a
// group's seqs after a read marker, how many are not unread messages. Two keyed lookups and
// a count of the few deleted messages after the marker, never a range of messages or of
// changes (the schema's message_changes explains `ordinal` and the partial index):
//   (the newest change's ordinal) - (the ordinal of the last change at or before the marker)
//   + (the messages after the marker deleted since)
#include <string>
#include <string_view>

namespace chat::storage {

// A scalar subquery; `group` and `marker` are SQL expressions (a column, a parameter).
std::string uncountedSeqsSql(std::string_view group, std::string_view marker);

}  // namespace chat::storage
