#pragma once
// For tests: Messages::append, waiting for its outcome.
#include <future>

#include "app/ports/messages.hpp"

namespace chat {

inline Result<AppendedMessage> appendAndWait(Messages& messages, NewMessage message) {
  std::promise<Result<AppendedMessage>> outcome;
  auto future = outcome.get_future();
  messages.append(std::move(message), [&outcome](Result<AppendedMessage> appended) {
    outcome.set_value(std::move(appended));
  });
  return future.get();
}

}  // namespace chat
