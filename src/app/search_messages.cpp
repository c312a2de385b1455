#include "app/search_messages.hpp"

#include <string>

#include "app/membership_check.hpp"

namespace chat {
namespace {

RateLimiter::Options searchLimits(const Limits& limits) {
  return {.burst = limits.searches_burst, .per_minute = limits.searches_per_minute};
}

}  // namespace

SearchMessages::SearchMessages(UseCaseContext& context)
    : context_(context), per_user_(searchLimits(context.limits)) {}

Result<std::vector<Message>> SearchMessages::handle(const Query& query) {
  MessageSearch search;
  search.reader = query.caller.user_id;
  search.group = query.group;
  search.before = query.before;
  search.limit = query.limit.value_or(kDefaultSearchPageSize);
  if (search.limit < 1 || search.limit > kMaxSearchPageSize) {
    return Error::invalid("limit must be between 1 and " + std::to_string(kMaxSearchPageSize));
  }
  if (search.before && *search.before < 1) return Error::invalid("before must be at least 1");
  auto words = searchWords(query.text);
  if (!words) return words.error();
  search.words = std::move(words).value();
  if (const int wait = per_user_.acquire(std::to_string(search.reader), context_.clock.now());
      wait > 0) {
    return Error::rateLimited("Too many searches; slow down.", wait);
  }
  if (search.group) {
    if (auto member = requireMember(context_.storage.groups(), *search.group, search.reader,
                                    "Can not search a group which the player has not joined yet");
        !member) {
      return member.error();
    }
  }
  return context_.storage.messages().search(search);
}

}  // namespace chat
