#include "adapters/dto/read_marker_dto.hpp"

namespace chat {

boost::json::object readMarkerDto(const ReadMarker& marker) {
  return {{"groupId", marker.group_id},
          {"lastReadSeq", marker.last_read_seq},
          {"lastSeq", marker.last_seq},
          {"unreadCount", marker.unread()}};
}

}  // namespace chat
