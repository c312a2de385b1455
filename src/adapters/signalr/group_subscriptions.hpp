#pragma once
// Which connections of one event loop follow which group, and for each subscription the
// next seq it expects. Every message reaches a subscriber exactly once and in seq order,
// whatever order messages arrive in: a repeat is dropped, an early arrival is held, and a
// gap that stays open for `gap_wait` is filled from storage. A replay after a seq
// (ConnectToGroup(groupId, afterSeq)) is the same mechanism: a gap from afterSeq to now,
// filled at once.
//
// Thread affinity: everything runs on the loop; the history source answers on it too.
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

#include "adapters/signalr/pushed_event.hpp"
#include "adapters/signalr/pushed_message.hpp"
#include "domain/ids.hpp"
#include "domain/result.hpp"
#include "domain/user.hpp"

namespace chat::signalr {

// Which of a group's readers an ephemeral event is for: all but the connections of the
// user it is about (typing, presence), or only theirs (their read marker, for their other
// devices).
enum class Audience { kOthers, kThemOnly };

// One stored message of a group, serialized, for whoever subscribed to the group.
struct GroupDelivery {
  GroupId group = 0;
  Seq seq = 0;
  SharedPush message;
};

// The receiving end of a subscription (a hub connection).
class GroupSubscriber {
 public:
  virtual ~GroupSubscriber() = default;
  // The group's next message, in seq order. May unsubscribe, from this group or others.
  virtual void receive(const SharedPush& message) = 0;
  // An ephemeral event of the group (someone typing): now, in no order with messages.
  virtual void receiveEvent(const SharedEvent& event) = 0;
  // More early arrivals are held than allowed: the subscriber can not be kept in order.
  virtual void fellBehind() = 0;
  // Whose rights a fill reads storage with.
  virtual const Principal& principal() const = 0;
};

// Where missing messages come from: a page of the group's history after a seq.
class HistorySource {
 public:
  struct Page {
    std::vector<GroupDelivery> deliveries;  // oldest first
    bool full = false;                      // more may follow: read on after the last one
  };
  using Done = std::function<void(Result<Page>)>;
  virtual ~HistorySource() = default;
  // `done` runs on the loop, later (never inside this call).
  virtual void readAfter(const Principal& reader, GroupId group, Seq after, Done done) = 0;
};

class GroupSubscriptions {
 public:
  struct Options {
    // Early arrivals held per subscription; past it the subscriber fell behind.
    std::size_t max_held = 10000;
    // How long a gap may stay open before storage is asked for it, and how many reads
    // that find nothing are made before the gap is skipped (a seq that was never
    // committed).
    std::chrono::milliseconds gap_wait{200};
    int gap_attempts = 5;
  };
  // A replay's answer: once the subscription has caught up with storage (or failed to).
  using Caught = std::function<void(const Status&)>;

  GroupSubscriptions(boost::asio::io_context& loop, HistorySource& history, Options options);
  GroupSubscriptions(const GroupSubscriptions&) = delete;
  GroupSubscriptions& operator=(const GroupSubscriptions&) = delete;

  // Told when this loop gains its first subscriber of a group (true) or loses its last
  // (false), so that the node follows only the groups someone here reads.
  using InterestChanged = std::function<void(GroupId, bool)>;
  void onInterestChanged(InterestChanged listener) { interest_changed_ = std::move(listener); }

  // Subscribes (or re-subscribes) `subscriber` to `group`. With `after`, every message
  // after it is sent, then `caught` runs; without, delivery starts after `head` (the
  // group's newest seq when the caller looked) or, unknown, at the next live message, and
  // `caught` runs at once.
  void subscribe(GroupId group, GroupSubscriber* subscriber, std::optional<Seq> after,
                 Caught caught, std::optional<Seq> head = std::nullopt);
  void unsubscribe(GroupId group, GroupSubscriber* subscriber);
  // A stored message, in whatever order it arrives.
  void deliver(const GroupDelivery& delivery);
  // An ephemeral event: to the subscribers of `group` now that `audience` picks by user
  // `from`; never held, ordered or replayed.
  void signal(GroupId group, UserId from, Audience audience, const SharedEvent& event);
  // Storage says `group` has messages up to `head`: a subscriber that has not had them
  // all reads them now (what was published but never arrived, say).
  void headIs(GroupId group, Seq head);
  // Who reads `group` here, each user once.
  std::vector<Principal> principalsOf(GroupId group) const;
  // Every subscriber of `group` whose principal is `user` (who left it).
  std::vector<GroupSubscriber*> subscribersOf(GroupId group, UserId user) const;
  std::size_t subscriptionCount() const;

 private:
  struct Subscription {
    GroupSubscriber* subscriber = nullptr;  // null once unsubscribed during a delivery
    std::uint64_t id = 0;                   // tells a fill whether it is still wanted
    std::optional<Seq> next;                // none until the first live message
    std::map<Seq, SharedPush> held;         // early arrivals
    bool filling = false;                   // a wait or a read is under way
    int empty_reads = 0;                    // reads in a row that did not close the gap
    std::vector<Caught> caught;             // replays waiting to catch up
  };
  using Subscribers = std::vector<Subscription>;

  Subscription* find(GroupId group, std::uint64_t id);
  void offer(Subscription& subscription, Seq seq, const SharedPush& message);
  void flushHeld(Subscription& subscription);
  void waitForGap(GroupId group, Subscription& subscription);
  void read(GroupId group, Subscription& subscription);
  void pageRead(GroupId group, std::uint64_t id, Result<HistorySource::Page> page);
  void caughtUp(Subscription& subscription, const Status& status);
  void compact();

  boost::asio::io_context& loop_;
  HistorySource& history_;
  Options options_;
  std::unordered_map<GroupId, Subscribers> groups_;
  std::uint64_t next_id_ = 1;
  int delivering_ = 0;  // deliveries under way: unsubscribing then only marks
  bool needs_compaction_ = false;
  InterestChanged interest_changed_;
};

}  // namespace chat::signalr
