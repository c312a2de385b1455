#pragma once
// Edits or deletes a stored message (domain/message_changes.hpp says who may). The change
// takes the group's next seq, so subscribers get it in order with the messages and a
// replay after a seq carries it; it is told to the real-time side once durable. Limited
// per user (Limits::message_changes_per_second) over every group and device.
#include <string>

#include "app/use_case_context.hpp"
#include "domain/rate_limiter.hpp"

namespace chat {

class ChangeMessage {
 public:
  struct Command {
    Principal caller;
    MessageId message_id = 0;
    MessageChangeKind kind = MessageChangeKind::kEdit;
    std::string text;  // the new text of an edit
  };

  explicit ChangeMessage(UseCaseContext& context);
  // Writes to storage: on a worker. Answers the message as it is now (a tombstone once
  // deleted); a change that changes nothing answers it as it was, and tells nobody.
  Result<Message> handle(Command command);

 private:
  UseCaseContext& context_;
  RateLimiter per_user_;
};

}  // namespace chat
