// Shapes of the server's JSON (see api/openapi.json).

export interface LoginResponse {
  accessToken: { token: string; expiresIn: number };
  refreshToken: string;
}

export interface GroupSummary {
  groupId: number;
  name: string;
  isMember: boolean;
  /** Listed only to its members and to those invited. */
  isPrivate?: boolean;
  /** The user holds an invitation (accepted by joining). */
  invited?: boolean;
  /** Members only: the user's role. */
  role?: Role;
  // Members only: where the user's reading stands, over all their devices.
  lastSeq?: number;
  lastReadSeq?: number;
  unreadCount?: number;
  lastMessage?: MessageDto | null;
}

/** How far the user has read a group (PUT .../read, and the hub's ReadMarkerUpdated). */
export interface ReadMarkerDto {
  groupId: number;
  lastReadSeq: number;
  lastSeq: number;
  unreadCount: number;
}

export interface MessageDto {
  messageId: number;
  groupId: number;
  seq: number;
  playerId: number;
  playerName: string;
  message: string; // "" once deleted
  sentOn: string; // ISO 8601, UTC
  // Present only once the message was changed:
  editedOn?: string; // ISO 8601, UTC: the last edit
  deletedOn?: string; // ISO 8601, UTC: a tombstone, kept in its place
  /** The group seq its latest change took (edits and deletes take seqs of their own). */
  changeSeq?: number;
}

/** A hub event that changes a message already sent (MessageEdited, MessageDeleted). */
export interface MessageChange {
  kind: 'MessageEdited' | 'MessageDeleted';
  message: MessageDto;
}

export type Role = 'owner' | 'admin' | 'member';

/** One member of a group (GET /api/Groups/groups/{id}/members). */
export interface GroupMemberDto {
  playerId: number;
  playerName: string;
  role: Role;
  online: boolean;
}

/**
 * A change in a group's members (MemberOnline, MemberOffline, MemberJoined, MemberLeft, and
 * MemberRoleChanged, which carries the new role).
 */
export interface MemberEventDto {
  kind: 'MemberOnline' | 'MemberOffline' | 'MemberJoined' | 'MemberLeft' | 'MemberRoleChanged';
  groupId: number;
  playerId: number;
  playerName?: string;
  role?: Role;
}

/** Someone else typing in a group (the hub's UserTyping); shown for expiresInMs. */
export interface TypingDto {
  groupId: number;
  playerId: number;
  playerName: string;
  expiresInMs: number;
}
