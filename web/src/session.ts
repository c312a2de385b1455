// The login session: kept in localStorage so it survives reloads and is shared by tabs.
// Refresh tokens are single-use (reusing one revokes the whole family), so refreshes are
// serialized across tabs with a Web Lock (in-page fallback where Web Locks are missing),
// and a refresh that finds the token already replaced by someone else just uses the new one.
import { ApiError, OFFLINE_MESSAGE, SessionEndedError, describeFailure } from './errors';
import type { LoginResponse } from './types';

const STORAGE_KEY = 'chatserver.session';
const LOCK_NAME = 'chatserver.refresh';
/** Refresh this long before the access token expires. */
const EARLY_REFRESH_MS = 30_000;

export interface Session {
  accessToken: string;
  /** Epoch milliseconds when the access token expires. */
  expiresAt: number;
  refreshToken: string;
  userName: string;
  userId: number | null;
}

type Listener = (session: Session | null) => void;
const listeners = new Set<Listener>();

export function currentSession(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (raw === null) return null;
    const parsed = JSON.parse(raw) as Partial<Session>;
    if (typeof parsed.accessToken !== 'string' || typeof parsed.refreshToken !== 'string') return null;
    return {
      accessToken: parsed.accessToken,
      refreshToken: parsed.refreshToken,
      expiresAt: typeof parsed.expiresAt === 'number' ? parsed.expiresAt : 0,
      userName: typeof parsed.userName === 'string' ? parsed.userName : '',
      userId: typeof parsed.userId === 'number' ? parsed.userId : null,
    };
  } catch {
    return null;
  }
}

/** Calls `listener` whenever the session changes, in this tab or another. */
export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

window.addEventListener('storage', (event) => {
  if (event.key === STORAGE_KEY || event.key === null) notify();
});

function notify(): void {
  const session = currentSession();
  for (const listener of listeners) listener(session);
}

/** Stores the tokens of a login or refresh response; `fallbackName` is the name typed. */
export function storeLogin(response: LoginResponse, fallbackName = ''): Session {
  const claims = decodeClaims(response.accessToken.token);
  const expiresAt = typeof claims.exp === 'number'
    ? claims.exp * 1000
    : Date.now() + response.accessToken.expiresIn * 1000;
  const session: Session = {
    accessToken: response.accessToken.token,
    refreshToken: response.refreshToken,
    expiresAt,
    userName: typeof claims.sub === 'string' ? claims.sub : fallbackName,
    userId: typeof claims.uid === 'number' ? claims.uid : null,
  };
  localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  notify();
  return session;
}

export function clearSession(): void {
  if (localStorage.getItem(STORAGE_KEY) === null) return;
  localStorage.removeItem(STORAGE_KEY);
  notify();
}

/** A usable access token, refreshed first when it is about to expire. */
export async function accessToken(): Promise<string> {
  const session = currentSession();
  if (session === null) throw new SessionEndedError();
  if (session.expiresAt - Date.now() > EARLY_REFRESH_MS) return session.accessToken;
  return (await refreshSession(session.accessToken)).accessToken;
}

/**
 * Exchanges the refresh token for new tokens, unless the access token is no longer
 * `staleToken` (someone already refreshed). Throws SessionEndedError when the server
 * rejects the refresh token, ApiError when it cannot be reached.
 */
export function refreshSession(staleToken: string): Promise<Session> {
  return withRefreshLock(async () => {
    const session = currentSession();
    if (session === null) throw new SessionEndedError();
    if (session.accessToken !== staleToken) return session;
    let response: Response;
    try {
      response = await fetch('/api/Auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: session.refreshToken }),
      });
    } catch {
      throw new ApiError(OFFLINE_MESSAGE, 0);
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (response.status === 400 || response.status === 401) {
      // Only end the session if nobody replaced it while we were asking.
      if (currentSession()?.refreshToken === session.refreshToken) clearSession();
      throw new SessionEndedError('Your session has expired. Please log in again.');
    }
    if (!response.ok) {
      throw new ApiError(describeFailure(response.status, body, response.headers.get('retry-after')),
                         response.status);
    }
    return storeLogin(body as LoginResponse, session.userName);
  });
}

let localChain: Promise<unknown> = Promise.resolve();

function withRefreshLock<T>(work: () => Promise<T>): Promise<T> {
  if (typeof navigator !== 'undefined' && navigator.locks?.request) {
    return navigator.locks.request(LOCK_NAME, work) as Promise<T>;
  }
  const run = localChain.then(work, work);
  localChain = run.catch(() => undefined);
  return run;
}

interface Claims { sub?: unknown; uid?: unknown; exp?: unknown }

function decodeClaims(token: string): Claims {
  try {
    const payload = token.split('.')[1] ?? '';
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Claims;
  } catch {
    return {};
  }
}
