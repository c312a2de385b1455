#include "adapters/signalr/session_endings.hpp"

namespace chat::signalr {

void SessionEndings::sessionEnded(std::string_view session_id) {
  // Refused first: a connection upgrading meanwhile checks again once it is on its loop.
  const auto forget_at = revoked_.add(session_id);
  if (!forget_at) return;  // ended already (a second logout)
  closeLocally(session_id);
  if (backplane_) backplane_->publishSessionEnded(session_id, *forget_at);
}

void SessionEndings::endedElsewhere(std::string_view session_id, Timestamp forget_at) {
  if (revoked_.addUntil(session_id, forget_at)) closeLocally(session_id);
}

void SessionEndings::closeLocally(std::string_view session_id) {
  for (auto& shard : shards_) shard->inbox().push(SessionEnded{std::string(session_id)});
}

}  // namespace chat::signalr
