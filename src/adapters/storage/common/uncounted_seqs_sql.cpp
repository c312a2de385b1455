#include "adapters/storage/common/uncounted_seqs_sql.hpp"

namespace chat::storage {

std::string uncountedSeqsSql(std::string_view group, std::string_view marker) {
  const std::string g(group), m(marker);
  return "(coalesce((SELECT c.ordinal FROM message_changes AS c WHERE c.group_id = " + g +
         " ORDER BY c.seq DESC LIMIT 1), 0) - coalesce((SELECT c.ordinal FROM message_changes "
         "AS c WHERE c.group_id = " +
         g + " AND c.seq <= " + m +
         " ORDER BY c.seq DESC LIMIT 1), 0) + (SELECT count(*) FROM message_changes AS c "
         "WHERE c.group_id = " +
         g + " AND c.kind = 2 AND c.message_seq > " + m + "))";
}

}  // namespace chat::storage
