#pragma once
// How a message is read from a row: the columns
//   m.id, m.group_id, m.seq, m.sender_id, u.user_name, m.text, m.sent_at, m.edited_at,
//   m.deleted_at, m.change_seq
// of `messages AS m JOIN users AS u`, from `first` on.
#include "adapters/storage/postgres/postgres_result.hpp"
#include "domain/message.hpp"

namespace chat::postgres {

Message messageAt(const QueryResult& rows, int row, int first = 0);

}  // namespace chat::postgres
