#pragma once
// Port: the message history of every group. Implemented by each storage engine.
// Thread-safe: may be called from any thread.
#include <functional>
#include <vector>

#include "domain/group.hpp"
#include "domain/message.hpp"
#include "domain/message_changes.hpp"
#include "domain/message_search.hpp"
#include "domain/result.hpp"

namespace chat {

enum class AppendOutcome {
  kStored,     // stored now, with the group's next seq
  kDuplicate,  // (sender, client_message_id) was stored before: `message` is that copy
  kNotMember,  // the sender is not a member of the group; nothing stored
  kNoSuchGroup,
};

struct AppendedMessage {
  AppendOutcome outcome = AppendOutcome::kStored;
  Message message;  // set when kStored or kDuplicate
};

enum class ChangeOutcome {
  kChanged,    // stored, with the group's next seq (message.change_seq)
  kUnchanged,  // the judge found nothing to do: `message` is as stored
  kNoSuchMessage,
};

struct ChangedMessage {
  ChangeOutcome outcome = ChangeOutcome::kChanged;
  Message message;  // as the change left it; set unless kNoSuchMessage
};

class Messages {
 public:
  using Appended = std::function<void(Result<AppendedMessage>)>;
  // Decides on a change, given the message and the requester's role in its group (none for
  // a non-member). An error refuses the change and is the answer.
  using ChangeJudge =
      std::function<Result<ChangeVerdict>(const Message&, std::optional<GroupRole>)>;

  virtual ~Messages() = default;
  // Stores the message durably with the group's next seq, in one transaction that also
  // checks that the group exists and the sender is a member. Never blocks: `done` runs
  // once, when the outcome is durable (or the write failed), on a thread of the engine's;
  // it must hand work off, never block. An engine may store appends that arrive together
  // in one transaction (group commit), each with its own outcome as if stored one by one.
  virtual void append(NewMessage message, Appended done) = 0;
  // A page of history, oldest first (see HistoryQuery): each message as it is now.
  virtual Result<std::vector<Message>> page(const HistoryQuery& query) = 0;
  // Edits or deletes a message: reads it and the requester's role, asks `judge`, and on
  // kApply stores the change with the group's next seq, all in one transaction. Blocks:
  // call it on a worker.
  virtual Result<ChangedMessage> change(const MessageChangeRequest& request,
                                        const ChangeJudge& judge) = 0;
  // The changes of a group with seq > after, oldest first, at most `limit`.
  virtual Result<std::vector<TimelineEntry>> changesAfter(GroupId group, Seq after, int limit) = 0;
  // The messages matching a search in the groups its reader is a member of, as they are
  // now (never deleted ones), newest first. Blocks: call it on a worker.
  virtual Result<std::vector<Message>> search(const MessageSearch& search) = 0;
};

}  // namespace chat
