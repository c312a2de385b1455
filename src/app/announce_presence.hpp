#pragma once
#include <string>

#include "app/use_case_context.hpp"

namespace chat {

// A user came online or went offline on this node: MemberOnline or MemberOffline in each of
// their groups. Offline only when no node has a connection of theirs (Presence): the last
// connection closing here may not be their last one. The grace against reconnects is the
// caller's (PresenceTracker). Reads storage: on a worker.
class AnnouncePresence {
 public:
  struct Command {
    UserId user = 0;
    std::string user_name;
    bool online = false;
  };

  explicit AnnouncePresence(UseCaseContext& context) : context_(context) {}
  Status handle(const Command& command);

 private:
  UseCaseContext& context_;
};

}  // namespace chat
