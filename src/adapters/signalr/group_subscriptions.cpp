#include "adapters/signalr/group_subscriptions.hpp"

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <memory>

#include "adapters/metrics/server_metrics.hpp"

namespace chat::signalr {

GroupSubscriptions::GroupSubscriptions(boost::asio::io_context& loop, HistorySource& history,
                                       Options options)
    : loop_(loop), history_(history), options_(options) {}

GroupSubscriptions::Subscription* GroupSubscriptions::find(GroupId group, std::uint64_t id) {
  auto it = groups_.find(group);
  if (it == groups_.end()) return nullptr;
  for (Subscription& subscription : it->second) {
    if (subscription.id == id && subscription.subscriber) return &subscription;
  }
  return nullptr;
}

void GroupSubscriptions::subscribe(GroupId group, GroupSubscriber* subscriber,
                                   std::optional<Seq> after, Caught caught,
                                   std::optional<Seq> head) {
  auto [entry, first] = groups_.try_emplace(group);
  if (first && interest_changed_) interest_changed_(group, true);
  Subscribers& subscribers = entry->second;
  auto it =
      std::find_if(subscribers.begin(), subscribers.end(),
                   [subscriber](const Subscription& s) { return s.subscriber == subscriber; });
  if (it == subscribers.end()) {
    subscribers.push_back(Subscription{subscriber, next_id_++, std::nullopt, {}, false, 0, {}});
    it = subscribers.end() - 1;
  }
  Subscription& subscription = *it;
  if (!after) {
    if (head && !subscription.next) subscription.next = *head + 1;
    return caught({});
  }
  // Asked for more than it has seen: go back (a client that lost what it received).
  if (!subscription.next || *after + 1 < *subscription.next) subscription.next = *after + 1;
  subscription.caught.push_back(std::move(caught));
  subscription.empty_reads = 0;
  if (!subscription.filling) read(group, subscription);
  // Else the fill under way reads on until caught up and answers this replay too; a wait
  // for a gap is cut short by the read its timer starts.
}

void GroupSubscriptions::unsubscribe(GroupId group, GroupSubscriber* subscriber) {
  auto it = groups_.find(group);
  if (it == groups_.end()) return;
  // A replay cut short by leaving is answered: there is nothing more to wait for.
  std::vector<Caught> answered;
  for (Subscription& s : it->second) {
    if (s.subscriber != subscriber) continue;
    for (auto& done : s.caught) answered.push_back(std::move(done));
    s.caught.clear();
    s.subscriber = nullptr;
  }
  if (delivering_ > 0) {
    needs_compaction_ = true;  // the delivery under way walks this vector
  } else {
    std::erase_if(it->second, [](const Subscription& s) { return !s.subscriber; });
    if (it->second.empty()) {
      groups_.erase(it);
      if (interest_changed_) interest_changed_(group, false);
    }
  }
  for (auto& done : answered) done({});
}

void GroupSubscriptions::compact() {
  if (!needs_compaction_ || delivering_ > 0) return;
  needs_compaction_ = false;
  for (auto it = groups_.begin(); it != groups_.end();) {
    std::erase_if(it->second, [](const Subscription& s) { return !s.subscriber; });
    if (!it->second.empty()) {
      ++it;
      continue;
    }
    const GroupId group = it->first;
    it = groups_.erase(it);
    if (interest_changed_) interest_changed_(group, false);
  }
}

void GroupSubscriptions::deliver(const GroupDelivery& delivery) {
  auto it = groups_.find(delivery.group);
  if (it == groups_.end()) return;
  ++delivering_;
  for (Subscription& subscription : it->second) {
    if (!subscription.subscriber) continue;
    if (!subscription.next) subscription.next = delivery.seq;  // live from here on
    offer(subscription, delivery.seq, delivery.message);
    if (!subscription.held.empty() && !subscription.filling) {
      waitForGap(delivery.group, subscription);
    }
  }
  --delivering_;
  compact();
}

void GroupSubscriptions::signal(GroupId group, UserId from, Audience audience,
                                const SharedEvent& event) {
  auto it = groups_.find(group);
  if (it == groups_.end()) return;
  ++delivering_;  // a recipient that closes (a slow reader) unsubscribes meanwhile
  for (Subscription& subscription : it->second) {
    if (!subscription.subscriber) continue;
    const bool theirs = subscription.subscriber->principal().user_id == from;
    if (theirs == (audience == Audience::kThemOnly)) {
      subscription.subscriber->receiveEvent(event);
    }
  }
  --delivering_;
  compact();
}

void GroupSubscriptions::headIs(GroupId group, Seq head) {
  auto it = groups_.find(group);
  if (it == groups_.end()) return;
  for (Subscription& subscription : it->second) {
    if (!subscription.subscriber || subscription.filling) continue;
    if (!subscription.next) subscription.next = head + 1;  // nothing to catch up on yet
    if (*subscription.next <= head) read(group, subscription);
  }
}

std::vector<Principal> GroupSubscriptions::principalsOf(GroupId group) const {
  std::vector<Principal> readers;
  auto it = groups_.find(group);
  if (it == groups_.end()) return readers;
  for (const Subscription& s : it->second) {
    if (!s.subscriber) continue;
    const Principal& principal = s.subscriber->principal();
    if (std::none_of(readers.begin(), readers.end(),
                     [&](const Principal& p) { return p.user_id == principal.user_id; })) {
      readers.push_back(principal);
    }
  }
  return readers;
}

// The one place a message reaches a subscriber: at its turn, once.
void GroupSubscriptions::offer(Subscription& subscription, Seq seq, const SharedPush& message) {
  if (seq < *subscription.next) return;  // a repeat
  if (seq > *subscription.next) {
    if (subscription.held.contains(seq)) return;
    if (subscription.held.size() >= options_.max_held) {
      subscription.held.clear();
      return subscription.subscriber->fellBehind();
    }
    subscription.held.emplace(seq, message);
    return;
  }
  subscription.subscriber->receive(message);
  subscription.next = seq + 1;
  flushHeld(subscription);
}

void GroupSubscriptions::flushHeld(Subscription& subscription) {
  auto& held = subscription.held;
  // A subscriber may unsubscribe while it receives: it then gets nothing more.
  while (subscription.subscriber && !held.empty() && held.begin()->first <= *subscription.next) {
    auto first = held.begin();
    if (first->first == *subscription.next) {
      subscription.subscriber->receive(first->second);
      subscription.next = first->first + 1;
    }
    held.erase(first);
  }
  if (held.empty()) subscription.empty_reads = 0;
}

void GroupSubscriptions::waitForGap(GroupId group, Subscription& subscription) {
  subscription.filling = true;
  auto timer = std::make_shared<boost::asio::steady_timer>(loop_, options_.gap_wait);
  timer->async_wait([this, timer, group, id = subscription.id](boost::system::error_code) {
    Subscription* subscription = find(group, id);
    if (!subscription) return;  // left meanwhile
    if (subscription->held.empty() && subscription->caught.empty()) {
      subscription->filling = false;  // the gap closed by itself
      return;
    }
    metrics::serverMetrics().gaps_read.add();
    read(group, *subscription);
  });
}

void GroupSubscriptions::read(GroupId group, Subscription& subscription) {
  subscription.filling = true;
  history_.readAfter(subscription.subscriber->principal(), group, *subscription.next - 1,
                     [this, group, id = subscription.id](Result<HistorySource::Page> page) {
                       pageRead(group, id, std::move(page));
                     });
}

void GroupSubscriptions::pageRead(GroupId group, std::uint64_t id,
                                  Result<HistorySource::Page> page) {
  Subscription* subscription = find(group, id);
  if (!subscription) return;  // left during the fill
  if (!page) {
    subscription->filling = false;
    caughtUp(*subscription, page.error());
    return;  // a later arrival tries again
  }
  const Seq before = *subscription->next;
  ++delivering_;
  for (const GroupDelivery& delivery : page->deliveries) {
    offer(*subscription, delivery.seq, delivery.message);
  }
  --delivering_;
  compact();
  subscription = find(group, id);
  if (!subscription) return;
  if (page->full && *subscription->next > before) return read(group, *subscription);

  // Caught up with what storage has now.
  subscription->filling = false;
  caughtUp(*subscription, {});
  subscription = find(group, id);
  if (!subscription || subscription->held.empty()) return;
  // Later messages are here but an earlier one is not in storage yet: wait and read
  // again, and after enough empty reads skip it (its seq was never committed).
  if (++subscription->empty_reads <= options_.gap_attempts) {
    return waitForGap(group, *subscription);
  }
  subscription->empty_reads = 0;
  subscription->next = subscription->held.begin()->first;
  flushHeld(*subscription);
  if (!subscription->held.empty()) waitForGap(group, *subscription);
}

void GroupSubscriptions::caughtUp(Subscription& subscription, const Status& status) {
  auto caught = std::move(subscription.caught);
  subscription.caught.clear();
  for (auto& done : caught) done(status);
}

std::vector<GroupSubscriber*> GroupSubscriptions::subscribersOf(GroupId group, UserId user) const {
  std::vector<GroupSubscriber*> found;
  auto it = groups_.find(group);
  if (it == groups_.end()) return found;
  for (const Subscription& s : it->second) {
    if (s.subscriber && s.subscriber->principal().user_id == user) found.push_back(s.subscriber);
  }
  return found;
}

std::size_t GroupSubscriptions::subscriptionCount() const {
  std::size_t count = 0;
  for (const auto& [group, subscribers] : groups_) {
    for (const Subscription& s : subscribers) count += s.subscriber ? 1 : 0;
  }
  return count;
}

}  // namespace chat::signalr
