// Errors the views show in plain words.

/** A failed HTTP request; `message` is meant for people. */
export class ApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The session is gone (logged out elsewhere, or the refresh token was rejected). */
export class SessionEndedError extends Error {
  constructor(message = 'Your session has ended. Please log in again.') {
    super(message);
    this.name = 'SessionEndedError';
  }
}

export const OFFLINE_MESSAGE = 'Cannot reach the server. Check your connection and try again.';

/** Words for an error response: the body's `message` when it has one. */
export function describeFailure(status: number, body: unknown, retryAfter: string | null): string {
  const message = typeof body === 'object' && body !== null && 'message' in body
    ? String((body as { message: unknown }).message) : '';
  if (message === 'Invalid_Login') return 'Wrong user name or password.';
  if (status === 429) {
    const seconds = Number(retryAfter);
    const wait = Number.isFinite(seconds) && seconds > 0 ? ` Try again in ${Math.ceil(seconds)} s.` : '';
    return (message || 'Too many attempts.') + wait;
  }
  if (message !== '') return sentence(message);
  if (status >= 500) return `The server had a problem (${status}). Please try again.`;
  if (status === 413) return 'That is too long.';
  return `The request failed (${status}).`;
}

/** Text of any thrown value, for an inline error slot. */
export function errorText(error: unknown): string {
  if (error instanceof Error && error.message !== '') return error.message;
  return 'Something went wrong. Please try again.';
}

function sentence(text: string): string {
  const first = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}
