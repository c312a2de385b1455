#include "domain/message_changes.hpp"

#include <gtest/gtest.h>

namespace chat {
namespace {

constexpr UserId kSender = 7;
constexpr UserId kOther = 8;

Message sentBy(UserId sender, Seq seq = 1) {
  Message message;
  message.id = 100 + seq;
  message.group_id = 3;
  message.seq = seq;
  message.sender_id = sender;
  message.text = "hello";
  return message;
}

MessageChangeRequest edit(UserId by, std::string text) {
  return {101, by, MessageChangeKind::kEdit, std::move(text), Timestamp(std::chrono::seconds(9))};
}

MessageChangeRequest deletion(UserId by) {
  return {101, by, MessageChangeKind::kDelete, "", Timestamp(std::chrono::seconds(9))};
}

TEST(JudgeChange, TheSenderEditsTheirOwnMessage) {
  EXPECT_EQ(*judgeChange(edit(kSender, "hi"), sentBy(kSender), GroupRole::kMember),
            ChangeVerdict::kApply);
  EXPECT_EQ(*judgeChange(edit(kSender, "hello"), sentBy(kSender), GroupRole::kMember),
            ChangeVerdict::kNothingToDo);
}

TEST(JudgeChange, NobodyElseEditsIt) {
  // Not even the owner: an edit puts words in the sender's mouth.
  auto refused = judgeChange(edit(kOther, "hi"), sentBy(kSender), GroupRole::kOwner);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
}

TEST(JudgeChange, ADeletedMessageIsNotEdited) {
  Message deleted = sentBy(kSender);
  deleted.deleted_on = Timestamp(std::chrono::seconds(5));
  auto refused = judgeChange(edit(kSender, "hi"), deleted, GroupRole::kMember);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(*judgeChange(deletion(kSender), deleted, GroupRole::kMember),
            ChangeVerdict::kNothingToDo);
}

TEST(JudgeChange, TheSenderTheOwnerOrAnAdminDeletes) {
  EXPECT_EQ(*judgeChange(deletion(kSender), sentBy(kSender), GroupRole::kMember),
            ChangeVerdict::kApply);
  EXPECT_EQ(*judgeChange(deletion(kOther), sentBy(kSender), GroupRole::kOwner),
            ChangeVerdict::kApply);
  EXPECT_EQ(*judgeChange(deletion(kOther), sentBy(kSender), GroupRole::kAdmin),
            ChangeVerdict::kApply);
  auto refused = judgeChange(deletion(kOther), sentBy(kSender), GroupRole::kMember);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
}

TEST(JudgeChange, ANonMemberLearnsNothing) {
  for (const auto& request : {edit(kSender, "hi"), deletion(kSender)}) {
    auto refused = judgeChange(request, sentBy(kSender), std::nullopt);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::kNotFound);
  }
}

TEST(ApplyChange, AnEditReplacesTheTextAndADeletionLeavesATombstone) {
  Message edited = applyChange(sentBy(kSender), edit(kSender, "hi"), 12);
  EXPECT_EQ(edited.text, "hi");
  EXPECT_EQ(edited.change_seq, 12);
  EXPECT_EQ(edited.edited_on, Timestamp(std::chrono::seconds(9)));
  EXPECT_FALSE(edited.deleted_on);

  Message deleted = applyChange(edited, deletion(kSender), 13);
  EXPECT_EQ(deleted.text, "");
  EXPECT_EQ(deleted.change_seq, 13);
  EXPECT_TRUE(deleted.deleted_on);
  EXPECT_EQ(deleted.seq, 1) << "the message keeps its place";
}

TEST(ChangeEntry, AnEarlierEditOfAMessageDeletedSinceShowsThatEditOnly) {
  Message now = sentBy(kSender);
  now.text.clear();
  now.deleted_on = Timestamp(std::chrono::seconds(20));
  now.change_seq = 9;
  TimelineEntry entry =
      changeEntry(now, 4, MessageChangeKind::kEdit, "", Timestamp(std::chrono::seconds(10)));
  EXPECT_EQ(entry.seq, 4);
  EXPECT_EQ(entry.kind, TimelineEntry::Kind::kEdit);
  EXPECT_EQ(entry.message.change_seq, 4);
  EXPECT_EQ(entry.message.edited_on, Timestamp(std::chrono::seconds(10)));
  EXPECT_FALSE(entry.message.deleted_on) << "the deletion comes as an entry of its own";
}

TimelineEntry changeAt(Seq seq) {
  return {seq, TimelineEntry::Kind::kEdit, sentBy(kSender, 1)};
}

std::vector<Seq> seqsOf(const TimelinePage& page) {
  std::vector<Seq> seqs;
  for (const TimelineEntry& entry : page.entries) seqs.push_back(entry.seq);
  return seqs;
}

TEST(MergeTimeline, InterleavesBySeq) {
  auto page =
      mergeTimeline({sentBy(kSender, 1), sentBy(kSender, 3)}, {changeAt(2), changeAt(4)}, 10);
  EXPECT_EQ(seqsOf(page), (std::vector<Seq>{1, 2, 3, 4}));
  EXPECT_FALSE(page.full);
  EXPECT_EQ(page.entries[1].kind, TimelineEntry::Kind::kEdit);
}

TEST(MergeTimeline, StopsWhereAFullSourceStops) {
  // Messages were cut off at 3: the change at 5 may have messages before it unread.
  auto page =
      mergeTimeline({sentBy(kSender, 1), sentBy(kSender, 3)}, {changeAt(2), changeAt(5)}, 2);
  EXPECT_EQ(seqsOf(page), (std::vector<Seq>{1, 2, 3}));
  EXPECT_TRUE(page.full);

  auto cut_by_changes = mergeTimeline({sentBy(kSender, 4)}, {changeAt(1), changeAt(2)}, 2);
  EXPECT_EQ(seqsOf(cut_by_changes), (std::vector<Seq>{1, 2}));
  EXPECT_TRUE(cut_by_changes.full);
}

TEST(MergeTimeline, NothingAfterTheSeq) {
  auto page = mergeTimeline({}, {}, 10);
  EXPECT_TRUE(page.entries.empty());
  EXPECT_FALSE(page.full);
}

}  // namespace
}  // namespace chat
