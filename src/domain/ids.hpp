#pragma once
#include <cstdint>

namespace chat {

using UserId = std::int64_t;
using GroupId = std::int64_t;
using MessageId = std::int64_t;
// Per-group sequence number of messages and of their changes (edits, deletions): starts
// at 1 and has no gaps.
using Seq = std::int64_t;

}  // namespace chat
