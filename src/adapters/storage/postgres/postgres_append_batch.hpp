#pragma once
// Stores a batch of appended messages in one transaction of two round trips, however
// many messages and groups it holds:
//   1. BEGIN; lock the batch's groups' rows (FOR UPDATE, in id order: no deadlocks) and
//      read their last seqs; read the memberships of every (group, sender); read the
//      messages stored earlier under the batch's (sender, client id)s.
//   2. (the outcomes and seqs are worked out here, as the SQLite engine does one by one)
//      one INSERT of every new message from arrays; one UPDATE of every touched group's
//      last seq; COMMIT.
// The row locks make seqs gap-free and strictly increasing per group even when several
// processes write one group. A (sender, client id) that another process is storing at
// the same moment makes the INSERT wait for it and then fail on the unique index; the
// caller then runs the batch again, which finds that copy (see retryable()).
// Runs on the connection it is given (one thread).
#include <vector>

#include "adapters/storage/postgres/postgres_connection.hpp"
#include "app/ports/messages.hpp"

namespace chat::postgres {

using AppendOutcomes = std::vector<Result<AppendedMessage>>;

// One attempt: the outcomes in order (each as if appended one by one), or the error that
// ended the transaction. A failure may leave the transaction open: roll it back.
Result<AppendOutcomes> storeBatch(Connection& connection, const std::vector<NewMessage>& messages);

// Whether a failed attempt should simply be run again: it lost a race for a client id
// to another writer, or was chosen as a deadlock or serialization victim.
bool retryable(const Failure& failure);

}  // namespace chat::postgres
