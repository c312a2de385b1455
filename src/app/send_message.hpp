#pragma once
#include <optional>
#include <string>

#include "app/use_case_context.hpp"

namespace chat {

// Stores a message in a group the caller belongs to, then tells the real-time side.
// Retries with the same client message id store nothing new and return the first copy.
class SendMessage {
 public:
  struct Command {
    Principal caller;
    GroupId group_id = 0;
    std::string text;
    std::optional<std::string> client_message_id;
  };

  explicit SendMessage(UseCaseContext& context) : context_(context) {}
  Result<Message> handle(const Command& command);

 private:
  UseCaseContext& context_;
};

}  // namespace chat
