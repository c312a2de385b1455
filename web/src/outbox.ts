// Messages typed but not yet stored by the server. Each gets its clientMessageId once, so
// sending it again after a dropped connection stores it only once. Sends go one at a time,
// in order; a lost connection leaves the rest queued until flush() runs again.
import { HubCallError, HubOfflineError, type ChatHub } from './hub';
import type { MessageDto } from './types';

export interface PendingMessage {
  clientMessageId: string;
  groupId: number;
  text: string;
  /** Set when the server refused it; it then stays until discarded. */
  error: string | null;
}

export interface OutboxEvents {
  changed(message: PendingMessage): void;
  delivered(message: PendingMessage, stored: MessageDto): void;
}

export class Outbox {
  private readonly queue: PendingMessage[] = [];
  private flushing = false;
  private again = false;

  constructor(private readonly hub: ChatHub, private readonly events: OutboxEvents) {}

  /** Queues a message and sends it now if connected. */
  add(groupId: number, text: string): PendingMessage {
    const message: PendingMessage = { clientMessageId: newId(), groupId, text, error: null };
    this.queue.push(message);
    this.events.changed(message);
    void this.flush();
    return message;
  }

  /** The messages still waiting for a group, oldest first. */
  pendingFor(groupId: number): PendingMessage[] {
    return this.queue.filter((message) => message.groupId === groupId);
  }

  discard(clientMessageId: string): void {
    const index = this.queue.findIndex((message) => message.clientMessageId === clientMessageId);
    if (index >= 0) this.queue.splice(index, 1);
  }

  /** Tries again a message the server refused. */
  retry(clientMessageId: string): void {
    const message = this.queue.find((m) => m.clientMessageId === clientMessageId);
    if (message === undefined) return;
    message.error = null;
    this.events.changed(message);
    void this.flush();
  }

  clear(): void {
    this.queue.length = 0;
  }

  /** Sends what is queued, in order, while the connection holds. */
  async flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return;
    }
    this.flushing = true;
    try {
      do {
        this.again = false;
        await this.sendQueued();
      } while (this.again);
    } finally {
      this.flushing = false;
    }
  }

  private async sendQueued(): Promise<void> {
    for (;;) {
      const next = this.queue.find((message) => message.error === null);
      if (next === undefined || !this.hub.isConnected) return;
      try {
        const stored = await this.hub.send(next.groupId, next.text, next.clientMessageId);
        this.discard(next.clientMessageId);
        this.events.delivered(next, stored);
      } catch (error) {
        if (error instanceof HubOfflineError) return; // flushed again once reconnected
        next.error = error instanceof HubCallError ? error.message : 'The message could not be sent.';
        this.events.changed(next);
      }
    }
  }
}

function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // crypto.randomUUID needs a secure context; plain http on a LAN address is not one.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
