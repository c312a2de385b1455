#include "adapters/storage/postgres/postgres_message_row.hpp"

namespace chat::postgres {

Message messageAt(const QueryResult& rows, int row, int first) {
  Message message;
  message.id = rows.integer(row, first);
  message.group_id = rows.integer(row, first + 1);
  message.seq = rows.integer(row, first + 2);
  message.sender_id = rows.integer(row, first + 3);
  message.sender_name = rows.string(row, first + 4);
  message.text = rows.string(row, first + 5);
  message.sent_on = rows.time(row, first + 6);
  if (!rows.isNull(row, first + 7)) message.edited_on = rows.time(row, first + 7);
  if (!rows.isNull(row, first + 8)) message.deleted_on = rows.time(row, first + 8);
  message.change_seq = rows.integer(row, first + 9);
  return message;
}

}  // namespace chat::postgres
