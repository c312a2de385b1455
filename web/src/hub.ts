// The SignalR connection to /MessageHub. It reconnects by itself (automatic reconnect,
// then full restarts with backoff once that gives up) and reports its state; whoever
// listens re-subscribes to groups on `connected` with `recovered` set, because a new
// connection starts with no group subscriptions.
import {
  HubConnectionBuilder, HubConnectionState, LogLevel, type HubConnection, type IRetryPolicy,
} from '@microsoft/signalr';
import { SessionEndedError } from './errors';
import { accessToken, currentSession, refreshSession } from './session';
import type { MemberEventDto, MessageChange, MessageDto, ReadMarkerDto, TypingDto } from './types';

export type HubState = 'connecting' | 'connected' | 'reconnecting' | 'stopped';

/** The server refused a hub call (not a lost connection). */
export class HubCallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HubCallError';
  }
}

/** The call could not complete because the connection is down; try again once reconnected. */
export class HubOfflineError extends Error {
  constructor() {
    super('Not connected.');
    this.name = 'HubOfflineError';
  }
}

// Automatic reconnect: quick attempts first, then give up after about a minute and let the
// restart loop take over with its own, slower backoff.
const RECONNECT_DELAYS_MS = [0, 1000, 2000, 4000, 8000, 15000, 30000];
const RESTART_MAX_DELAY_MS = 30_000;

function retryPolicy(onUnauthorized: () => void): IRetryPolicy {
  return {
    nextRetryDelayInMilliseconds: ({ previousRetryCount, retryReason }) => {
      if (previousRetryCount >= RECONNECT_DELAYS_MS.length) return null;
      if (isUnauthorized(retryReason)) onUnauthorized();
      return (RECONNECT_DELAYS_MS[previousRetryCount] ?? 0) + jitter(previousRetryCount === 0 ? 0 : 500);
    },
  };
}

interface StateListener { (state: HubState, recovered: boolean): void }

export class ChatHub {
  private readonly connection: HubConnection;
  private state: HubState = 'stopped';
  private running = false;
  private restartLoop: Promise<void> | null = null;
  private everConnected = false;
  private wake: (() => void) | null = null;
  private readonly stateListeners = new Set<StateListener>();
  private readonly messageListeners = new Set<(message: MessageDto) => void>();
  private readonly changeListeners = new Set<(change: MessageChange) => void>();
  private readonly typingListeners = new Set<(typing: TypingDto) => void>();
  private readonly readMarkerListeners = new Set<(marker: ReadMarkerDto) => void>();
  private readonly memberListeners = new Set<(event: MemberEventDto) => void>();

  constructor() {
    this.connection = new HubConnectionBuilder()
      .withUrl('/MessageHub', { accessTokenFactory: () => accessToken() })
      .withAutomaticReconnect(retryPolicy(() => void this.renewToken()))
      .configureLogging(LogLevel.Warning)
      .build();
    this.connection.on('MessageReceived', (message: MessageDto) => {
      for (const listener of this.messageListeners) listener(message);
    });
    for (const kind of ['MessageEdited', 'MessageDeleted'] as const) {
      this.connection.on(kind, (message: MessageDto) => {
        for (const listener of this.changeListeners) listener({ kind, message });
      });
    }
    this.connection.on('ReadMarkerUpdated', (marker: ReadMarkerDto) => {
      for (const listener of this.readMarkerListeners) listener(marker);
    });
    this.connection.on('UserTyping', (typing: TypingDto) => {
      for (const listener of this.typingListeners) listener(typing);
    });
    for (const kind of ['MemberOnline', 'MemberOffline', 'MemberJoined', 'MemberLeft', 'MemberRoleChanged'] as const) {
      this.connection.on(kind, (event: Omit<MemberEventDto, 'kind'>) => {
        for (const listener of this.memberListeners) listener({ ...event, kind });
      });
    }
    this.connection.onreconnecting(() => this.setState('reconnecting', false));
    this.connection.onreconnected(() => this.setState('connected', true));
    this.connection.onclose(() => {
      if (this.running) this.restart();
      else this.setState('stopped', false);
    });
  }

  private readonly onOnline = (): void => this.wake?.();

  // A dead network leaves a WebSocket silently stalled until the 30 s server timeout;
  // the browser knows sooner, so drop the connection and let the restart path wait.
  private readonly onOffline = (): void => {
    if (this.running && this.connection.state !== HubConnectionState.Disconnected) {
      void this.connection.stop();
    }
  };

  get current(): HubState {
    return this.state;
  }

  get isConnected(): boolean {
    return this.connection.state === HubConnectionState.Connected;
  }

  onState(listener: StateListener): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onMessage(listener: (message: MessageDto) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  /** A message edited or deleted (by its sender, or deleted by the group's owner). */
  onMessageChange(listener: (change: MessageChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onTyping(listener: (typing: TypingDto) => void): () => void {
    this.typingListeners.add(listener);
    return () => this.typingListeners.delete(listener);
  }

  /** This user's reading of a group, moved by any of their devices. */
  onReadMarker(listener: (marker: ReadMarkerDto) => void): () => void {
    this.readMarkerListeners.add(listener);
    return () => this.readMarkerListeners.delete(listener);
  }

  onMemberEvent(listener: (event: MemberEventDto) => void): () => void {
    this.memberListeners.add(listener);
    return () => this.memberListeners.delete(listener);
  }

  /** Connects, and keeps reconnecting until stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    this.restart();
  }

  async stop(): Promise<void> {
    this.running = false;
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    this.wake?.();
    await this.connection.stop();
    this.setState('stopped', false);
  }

  /**
   * Subscribes to a group's messages; the server first replays what came after `afterSeq`:
   * messages with a larger seq, and edits and deletes whose changeSeq is larger.
   */
  async subscribe(groupId: number, afterSeq: number | null): Promise<void> {
    if (afterSeq === null) await this.call('ConnectToGroup', groupId);
    else await this.call('ConnectToGroup', groupId, afterSeq);
  }

  async unsubscribe(groupId: number): Promise<void> {
    await this.call('RemoveFromGroup', groupId);
  }

  /** Sends a message; retrying with the same clientMessageId stores it only once. */
  send(groupId: number, text: string, clientMessageId: string): Promise<MessageDto> {
    return this.call<MessageDto>('SendMessage', groupId, text, clientMessageId);
  }

  /** Changes the text of one's own message; returns its new state. */
  edit(messageId: number, text: string): Promise<MessageDto> {
    return this.call<MessageDto>('EditMessage', messageId, text);
  }

  /** Deletes a message (one's own, or any in a group one owns); returns the tombstone. */
  delete(messageId: number): Promise<MessageDto> {
    return this.call<MessageDto>('DeleteMessage', messageId);
  }

  /** Tells the group's other readers that this user is typing; no answer is awaited. */
  typing(groupId: number): void {
    if (this.isConnected) this.connection.send('SendTyping', groupId).catch(() => undefined);
  }

  private async call<T = void>(method: string, ...args: unknown[]): Promise<T> {
    if (!this.isConnected) throw new HubOfflineError();
    try {
      return await this.connection.invoke<T>(method, ...args);
    } catch (error) {
      if (!this.isConnected || isConnectionFailure(error)) throw new HubOfflineError();
      throw new HubCallError(cleanHubError(error));
    }
  }

  private setState(state: HubState, recovered: boolean): void {
    this.state = state;
    for (const listener of this.stateListeners) listener(state, recovered);
  }

  /** The full restart path: start() with backoff until connected or stopped. */
  private restart(): void {
    if (this.restartLoop !== null) return;
    this.restartLoop = (async () => {
      let attempt = 0;
      while (this.running && this.connection.state === HubConnectionState.Disconnected) {
        this.setState(this.everConnected ? 'reconnecting' : 'connecting', false);
        try {
          await this.connection.start();
          const recovered = this.everConnected;
          this.everConnected = true;
          if (this.running) this.setState('connected', recovered);
          else await this.connection.stop();
          return;
        } catch (error) {
          if (!this.running) return;
          // No session any more (the token factory failed): the app shows the login form.
          if (error instanceof SessionEndedError || currentSession() === null) return;
          if (isUnauthorized(error)) await this.renewToken();
          attempt += 1;
          await this.sleep(Math.min(RESTART_MAX_DELAY_MS, 1000 * 2 ** (attempt - 1)) + jitter(500));
        }
      }
    })().finally(() => {
      this.restartLoop = null;
      if (this.connection.state !== HubConnectionState.Disconnected) return;
      // Closed again before this loop finished: go round once more.
      if (this.running && currentSession() !== null) this.restart();
      else if (!this.running) this.setState('stopped', false);
    });
  }

  /** The server refused the token although it looked valid: get a new one. */
  private async renewToken(): Promise<void> {
    const session = currentSession();
    if (session === null) return;
    try {
      await refreshSession(session.accessToken);
    } catch {
      // Offline or session ended: the next attempt or the app deals with it.
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}

function jitter(maxMs: number): number {
  return Math.floor(Math.random() * maxMs);
}

function isUnauthorized(error: unknown): boolean {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return status === 401 || /\b401\b|unauthori[sz]ed/i.test(String((error as Error)?.message ?? ''));
}

function isConnectionFailure(error: unknown): boolean {
  const message = String((error as Error)?.message ?? '');
  return /connection being closed|connection was stopped|not in the 'Connected' State|connection (was )?(closed|lost)/i
    .test(message);
}

/** "An unexpected error occurred invoking 'X' on the server. HubException: Reason" → "Reason". */
function cleanHubError(error: unknown): string {
  let message = String((error as Error)?.message ?? '').trim();
  const marker = message.lastIndexOf('HubException:');
  if (marker >= 0) message = message.slice(marker + 'HubException:'.length).trim();
  if (message === '') return 'The server refused this.';
  return /[.!?]$/.test(message) ? message : `${message}.`;
}
