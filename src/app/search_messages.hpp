#pragma once
// Full-text search over the messages of the groups the caller is in (domain/message_search.hpp
// says what matches), newest first, paged by message id; optionally within one group, which
// the caller must be in. Limited per user (Limits::searches_per_minute) over every device.
#include <optional>
#include <string>
#include <vector>

#include "app/use_case_context.hpp"
#include "domain/rate_limiter.hpp"

namespace chat {

class SearchMessages {
 public:
  struct Query {
    Principal caller;
    std::string text;  // the words to look for
    std::optional<GroupId> group;
    std::optional<MessageId> before;
    std::optional<int> limit;
  };

  explicit SearchMessages(UseCaseContext& context);
  // Reads storage: on a worker.
  Result<std::vector<Message>> handle(const Query& query);

 private:
  UseCaseContext& context_;
  RateLimiter per_user_;
};

}  // namespace chat
