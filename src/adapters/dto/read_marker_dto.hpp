#pragma once
// A read marker in the public API: the answer to MarkRead (REST and hub) and the argument
// of the hub's ReadMarkerUpdated event.
#include <boost/json/object.hpp>

#include "domain/group.hpp"

namespace chat {

// {groupId, lastReadSeq, lastSeq, unreadCount}
boost::json::object readMarkerDto(const ReadMarker& marker);

}  // namespace chat
