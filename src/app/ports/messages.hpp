#pragma once
// Port: the message history of every group. Implemented by each storage engine.
// Thread-safe: may be called from any thread.
#include <functional>
#include <vector>

#include "domain/message.hpp"
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

class Messages {
 public:
  using Appended = std::function<void(Result<AppendedMessage>)>;

  virtual ~Messages() = default;
  // Stores the message durably with the group's next seq, in one transaction that also
  // checks that the group exists and the sender is a member. Never blocks: `done` runs
  // once, when the outcome is durable (or the write failed), on a thread of the engine's;
  // it must hand work off, never block. An engine may store appends that arrive together
  // in one transaction (group commit), each with its own outcome as if stored one by one.
  virtual void append(NewMessage message, Appended done) = 0;
  // A page of history, oldest first (see HistoryQuery).
  virtual Result<std::vector<Message>> page(const HistoryQuery& query) = 0;
};

}  // namespace chat
