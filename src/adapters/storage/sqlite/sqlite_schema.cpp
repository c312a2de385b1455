// The schema of the SQLite engine as an ordered list of migrations. Append new migrations
// at the end; never change one that has been released.
#include "adapters/storage/sqlite/sqlite_schema.hpp"

namespace chat::sqlite {
namespace {

constexpr Migration kMigrations[] = {
    {1, "create users", R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  user_name TEXT NOT NULL,
  -- ASCII lower case of user_name: names are unique regardless of case.
  user_name_key TEXT NOT NULL UNIQUE CHECK (user_name_key = lower(user_name)),
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  email TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL  -- ms since the epoch, UTC
);
)sql"},
    {2, "create groups and members", R"sql(
CREATE TABLE groups (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  owner_id INTEGER NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  -- The seq of the group's newest message; the next message takes last_seq + 1.
  last_seq INTEGER NOT NULL DEFAULT 0 CHECK (last_seq >= 0)
);
CREATE TABLE group_members (
  group_id INTEGER NOT NULL REFERENCES groups (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  joined_at INTEGER NOT NULL,
  PRIMARY KEY (group_id, user_id)
) WITHOUT ROWID;
CREATE INDEX group_members_by_user ON group_members (user_id);
)sql"},
    {3, "create messages", R"sql(
CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES groups (id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  sender_id INTEGER NOT NULL REFERENCES users (id),
  text TEXT NOT NULL,
  sent_at INTEGER NOT NULL,
  client_message_id TEXT,
  UNIQUE (group_id, seq)
);
-- A retried send (same sender and client id) is stored only once.
CREATE UNIQUE INDEX messages_by_client_id ON messages (sender_id, client_message_id)
  WHERE client_message_id IS NOT NULL;
)sql"},
    {4, "create refresh tokens", R"sql(
CREATE TABLE refresh_tokens (
  digest TEXT PRIMARY KEY,
  family TEXT NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users (id),
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
) WITHOUT ROWID;
CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family);
)sql"},
    {5, "count member departures", R"sql(
-- Bumped whenever a member leaves: a node that may have missed a departure sees it change.
ALTER TABLE groups ADD COLUMN member_version INTEGER NOT NULL DEFAULT 0
  CHECK (member_version >= 0);
)sql"},
    {6, "lock accounts", R"sql(
-- Set by an administrator (chatserver admin user lock): no login, no refresh.
ALTER TABLE users ADD COLUMN locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1));
)sql"},
    {7, "link external identities", R"sql(
-- The account of an identity provider's user (--jwt-public-keys), by its issuer and
-- subject there: the user's name may change at the provider, the link does not.
CREATE TABLE external_identities (
  issuer TEXT NOT NULL,
  subject TEXT NOT NULL,
  user_id INTEGER NOT NULL UNIQUE REFERENCES users (id),
  PRIMARY KEY (issuer, subject)
) WITHOUT ROWID;
)sql"},
    {8, "keep read markers", R"sql(
-- The seq up to which the member has read the group, shared by their devices; unread is
-- groups.last_seq minus it.
ALTER TABLE group_members ADD COLUMN last_read_seq INTEGER NOT NULL DEFAULT 0
  CHECK (last_read_seq >= 0);
)sql"},
    {9, "keep message edits and deletions", R"sql(
-- A message's latest state: when it was last edited or deleted (its text is then empty),
-- and the seq of that change.
ALTER TABLE messages ADD COLUMN edited_at INTEGER;
ALTER TABLE messages ADD COLUMN deleted_at INTEGER;
ALTER TABLE messages ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
-- Each change takes the group's next seq, so that a replay after a seq carries it: kind 1
-- is an edit (with the text it set), 2 a deletion. A deletion empties the texts of the
-- message's earlier edits too. Unread counts read two keys here, never a range of messages
-- or of changes: `ordinal` numbers a group's changes (1, 2, ...), so the changes after a
-- read marker are the newest ordinal less the ordinal at the marker; and the few deleted
-- messages after a marker are counted by their own seq (message_seq) on a partial index.
CREATE TABLE message_changes (
  group_id INTEGER NOT NULL REFERENCES groups (id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  message_id INTEGER NOT NULL REFERENCES messages (id),
  message_seq INTEGER NOT NULL,
  ordinal INTEGER NOT NULL CHECK (ordinal >= 1),
  kind INTEGER NOT NULL CHECK (kind IN (1, 2)),
  text TEXT NOT NULL,
  changed_at INTEGER NOT NULL,
  PRIMARY KEY (group_id, seq)
) WITHOUT ROWID;
CREATE INDEX message_changes_by_message ON message_changes (message_id);
CREATE INDEX message_changes_deletions ON message_changes (group_id, message_seq)
  WHERE kind = 2;
)sql"},
    {10, "keep private groups, invitations and admins", R"sql(
-- A private group is seen and joined only by its members and those invited; an invitation
-- is taken by the join, or withdrawn. The owner is groups.owner_id; admins are flagged.
ALTER TABLE groups ADD COLUMN is_private INTEGER NOT NULL DEFAULT 0 CHECK (is_private IN (0, 1));
ALTER TABLE group_members ADD COLUMN is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1));
CREATE TABLE group_invites (
  group_id INTEGER NOT NULL REFERENCES groups (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  invited_at INTEGER NOT NULL,
  PRIMARY KEY (group_id, user_id)
) WITHOUT ROWID;
CREATE INDEX group_invites_by_user ON group_invites (user_id);
)sql"},
    {11, "index messages for search", R"sql(
-- Each message's words for full-text search (FTS5 over messages.text, by message id).
-- unicode61 folds case and diacritics; no stemming. No column sizes: results are ordered
-- by id, never ranked. The committer indexes messages when no append waits, up to
-- indexed_up_to (sqlite_search_index.hpp); the triggers keep what is indexed up to date:
-- an edit replaces the words, a deletion's empty text takes them out.
CREATE VIRTUAL TABLE message_search USING fts5 (
  text, content = 'messages', content_rowid = 'id', columnsize = 0
);
CREATE TABLE message_search_progress (indexed_up_to INTEGER NOT NULL CHECK (indexed_up_to >= 0));
INSERT INTO message_search_progress VALUES (0);
CREATE TRIGGER message_search_update AFTER UPDATE OF text ON messages
WHEN old.id <= (SELECT indexed_up_to FROM message_search_progress) BEGIN
  INSERT INTO message_search (message_search, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO message_search (rowid, text) VALUES (new.id, new.text);
END;
-- Once the newest messages are gone (a group removed), a new one may take their ids again:
-- the progress comes back to the newest id left, whichever rows go first.
CREATE TRIGGER message_search_delete AFTER DELETE ON messages BEGIN
  INSERT INTO message_search (message_search, rowid, text)
  SELECT 'delete', old.id, old.text
  WHERE old.id <= (SELECT indexed_up_to FROM message_search_progress);
  UPDATE message_search_progress
  SET indexed_up_to = (SELECT coalesce(max(id), 0) FROM messages)
  WHERE indexed_up_to > (SELECT coalesce(max(id), 0) FROM messages);
END;
)sql"},
};

}  // namespace

std::span<const Migration> schemaMigrations() {
  return kMigrations;
}

}  // namespace chat::sqlite
