#pragma once
#include <functional>
#include <optional>
#include <string>

#include "app/message_commit_queue.hpp"
#include "app/use_case_context.hpp"

namespace chat {

// Stores a message in a group the caller belongs to; the commit queue then tells the
// real-time side. Retries with the same client message id store nothing new and return
// the first copy. Membership is checked in the same transaction as the write.
class SendMessage {
 public:
  struct Command {
    Principal caller;
    GroupId group_id = 0;
    std::string text;
    std::optional<std::string> client_message_id;
  };
  using Done = std::function<void(Result<Message>)>;

  SendMessage(UseCaseContext& context, MessageCommitQueue& commits)
      : context_(context), commits_(commits) {}
  // Never blocks. `done` runs once: at once for invalid input, otherwise on the commit
  // queue's thread after the message is durable; it must not block.
  void submit(Command command, Done done);

 private:
  UseCaseContext& context_;
  MessageCommitQueue& commits_;
};

}  // namespace chat
