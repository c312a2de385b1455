// REST client for /api: JSON in and out, the bearer token attached, one refresh-and-retry
// on 401, and failures turned into ApiError with words a person can read.
import { ApiError, OFFLINE_MESSAGE, describeFailure } from './errors';
import { accessToken, refreshSession, storeLogin } from './session';
import type { GroupMemberDto, GroupSummary, LoginResponse, MessageDto, ReadMarkerDto, Role } from './types';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

async function send(method: Method, path: string, json: unknown, token: string | null): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const init: RequestInit = { method, headers, cache: 'no-store' };
  if (json !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(json);
  }
  try {
    return await fetch(path, init);
  } catch {
    throw new ApiError(OFFLINE_MESSAGE, 0);
  }
}

async function parse<T>(response: Response): Promise<T> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    throw new ApiError(describeFailure(response.status, body, response.headers.get('retry-after')),
                       response.status);
  }
  return body as T;
}

/** A request without a token (register, login, logout). */
async function anonymous<T>(method: Method, path: string, json?: unknown): Promise<T> {
  return parse<T>(await send(method, path, json, null));
}

/** A request with the access token; on 401 the session is refreshed once and it is retried. */
async function authorized<T>(method: Method, path: string, json?: unknown): Promise<T> {
  const token = await accessToken();
  let response = await send(method, path, json, token);
  if (response.status === 401) {
    const renewed = await refreshSession(token); // throws SessionEndedError if refused
    response = await send(method, path, json, renewed.accessToken);
  }
  return parse<T>(response);
}

export interface Registration {
  userName: string;
  password: string;
  firstName?: string;
  lastName?: string;
  email?: string;
}

export const api = {
  async register(fields: Registration): Promise<number> {
    return (await anonymous<{ id: number }>('POST', '/api/Accounts', fields)).id;
  },

  async login(userName: string, password: string): Promise<void> {
    storeLogin(await anonymous<LoginResponse>('POST', '/api/Auth/login', { userName, password }),
               userName);
  },

  /** Revokes the refresh token. */
  async logout(refreshToken: string): Promise<void> {
    await anonymous<void>('POST', '/api/Auth/logout', { refreshToken });
  },

  listGroups(): Promise<GroupSummary[]> {
    return authorized<GroupSummary[]>('GET', '/api/Groups');
  },

  async createGroup(name: string, isPrivate = false): Promise<number> {
    return (await authorized<{ groupId: number }>('POST', '/api/Groups', { name, isPrivate })).groupId;
  },

  async joinGroup(groupId: number): Promise<void> {
    await authorized<unknown>('POST', `/api/Groups/groups/${groupId}/player`, {});
  },

  async leaveGroup(groupId: number): Promise<void> {
    await authorized<unknown>('DELETE', `/api/Groups/groups/${groupId}/player`);
  },

  /** "I have read up to `seq`": the marker only moves forward; above the newest means all. */
  markRead(groupId: number, seq: number): Promise<ReadMarkerDto> {
    return authorized<ReadMarkerDto>('PUT', `/api/Groups/groups/${groupId}/read`, { seq });
  },

  /** The group's members (the first 1000), with roles and who is online now. */
  members(groupId: number): Promise<GroupMemberDto[]> {
    return authorized<GroupMemberDto[]>('GET', `/api/Groups/groups/${groupId}/members?limit=1000`);
  },

  /** Invites a player by name (owner and admins); they accept by joining. */
  async invite(groupId: number, playerName: string): Promise<void> {
    await authorized<unknown>('POST', `/api/Groups/groups/${groupId}/invites`, { playerName });
  },

  /** Removes a member or revokes an invitation; with one's own id, declines one's invitation. */
  async removeMember(groupId: number, playerId: number): Promise<void> {
    await authorized<unknown>('DELETE', `/api/Groups/groups/${groupId}/members/${playerId}`);
  },

  /** The owner makes a member an admin or a plain member, or hands the group over ("owner"). */
  async setRole(groupId: number, playerId: number, role: Role): Promise<void> {
    await authorized<unknown>('PUT', `/api/Groups/groups/${groupId}/members/${playerId}/role`, { role });
  },

  /** Changes the text of one's own message (the hub's EditMessage without a hub). */
  editMessage(messageId: number, text: string): Promise<MessageDto> {
    return authorized<MessageDto>('PUT', `/api/Messages/${messageId}`, { message: text });
  },

  /** Deletes a message, leaving a tombstone (the hub's DeleteMessage without a hub). */
  deleteMessage(messageId: number): Promise<MessageDto> {
    return authorized<MessageDto>('DELETE', `/api/Messages/${messageId}`);
  },

  /** The newest `limit` messages, or the `limit` before seq `before`; oldest first. */
  history(groupId: number, options: { before?: number; after?: number; limit: number }): Promise<MessageDto[]> {
    const query = new URLSearchParams({ limit: String(options.limit) });
    if (options.before !== undefined) query.set('before', String(options.before));
    if (options.after !== undefined) query.set('after', String(options.after));
    return authorized<MessageDto[]>('GET', `/api/Messages/groups/${groupId}?${query.toString()}`);
  },

  /**
   * Messages of the user's groups (or of `groupId` only) with every word of `words` as a whole
   * word, any case; newest first. The next page: `before` the last one's messageId.
   */
  search(words: string, options: { groupId?: number; before?: number; limit: number }): Promise<MessageDto[]> {
    const query = new URLSearchParams({ q: words, limit: String(options.limit) });
    if (options.groupId !== undefined) query.set('groupId', String(options.groupId));
    if (options.before !== undefined) query.set('before', String(options.before));
    return authorized<MessageDto[]>('GET', `/api/Messages/search?${query.toString()}`);
  },
};
