#pragma once
#include <functional>
#include <optional>
#include <string>

#include "app/use_case_context.hpp"

namespace chat {

// Stores a message in a group the caller belongs to, and once it is durable tells the
// real-time side, then the caller: acknowledged means stored, and live delivery never
// overtakes storage. Retries with the same client message id store nothing new and
// return the first copy. Membership is checked in the same transaction as the write.
class SendMessage {
 public:
  struct Command {
    Principal caller;
    GroupId group_id = 0;
    std::string text;
    std::optional<std::string> client_message_id;
  };
  using Done = std::function<void(Result<Message>)>;

  explicit SendMessage(UseCaseContext& context) : context_(context) {}
  // Never blocks. `done` runs once: at once for invalid input, otherwise on the storage
  // engine's thread after the message is durable; it must not block.
  void submit(Command command, Done done);

 private:
  UseCaseContext& context_;
};

}  // namespace chat
