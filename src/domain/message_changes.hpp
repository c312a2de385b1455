#pragma once
// Who may edit or delete a message, what the change leaves, and how a group's messages and
// changes interleave in a replay.
#include <optional>
#include <vector>

#include "domain/group.hpp"
#include "domain/message.hpp"
#include "domain/result.hpp"

namespace chat {

enum class ChangeVerdict {
  kApply,        // store the change, with a seq of its own
  kNothingToDo,  // the message already is so (the same text, already deleted)
};

// A sender edits and deletes their own messages; a group's owner and admins delete
// anyone's. Someone who is not a member (`role` empty) learns nothing, not even that the
// message exists.
Result<ChangeVerdict> judgeChange(const MessageChangeRequest& request, const Message& message,
                                  std::optional<GroupRole> role);

// The message as the change, stored with `seq`, leaves it.
Message applyChange(Message message, const MessageChangeRequest& request, Seq seq);

// A stored change as a replay delivers it: `message` (as it is now) with the text the change
// set and that change's time and seq only, since later changes come as entries of their own.
TimelineEntry changeEntry(Message message, Seq seq, MessageChangeKind kind, std::string text,
                          Timestamp at);

// A stretch of a group's timeline after a seq, oldest first. `full`: more may follow it.
struct TimelinePage {
  std::vector<TimelineEntry> entries;
  bool full = false;
};

// Interleaves a page of messages and a page of changes read after the same seq, each in
// seq order and each at most `limit` long. Where one of them was cut off by the limit, the
// page stops at its last seq: beyond it the other may be incomplete.
TimelinePage mergeTimeline(const std::vector<Message>& messages, std::vector<TimelineEntry> changes,
                           int limit);

}  // namespace chat
