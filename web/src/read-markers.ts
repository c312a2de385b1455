// Tells the server how far the user has read the open group: at most one PUT a second per
// group (the server limits each user to a few a second), only while the page is visible,
// and only forward. What the server answers updates the unread counts.
import { api } from './api';
import type { ReadMarkerDto } from './types';

const MARK_EVERY_MS = 1000;

export class ReadMarkers {
  private readonly wanted = new Map<number, number>(); // groupId → seq not yet sent
  private readonly sent = new Map<number, number>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastSentAt = 0;

  constructor(private readonly marked: (marker: ReadMarkerDto) => void) {}

  /** The user has seen the group up to `seq`, its newest message on screen. */
  seen(groupId: number, seq: number): void {
    if (document.visibilityState !== 'visible') return;
    if (seq <= Math.max(this.sent.get(groupId) ?? 0, this.wanted.get(groupId) ?? 0)) return;
    this.wanted.set(groupId, seq);
    this.schedule();
  }

  clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.wanted.clear();
  }

  private schedule(): void {
    if (this.timer !== null) return;
    const wait = Math.max(0, this.lastSentAt + MARK_EVERY_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, wait);
  }

  private async flush(): Promise<void> {
    this.lastSentAt = Date.now();
    const batch = [...this.wanted];
    this.wanted.clear();
    for (const [groupId, seq] of batch) {
      this.sent.set(groupId, seq);
      try {
        this.marked(await api.markRead(groupId, seq));
      } catch {
        this.sent.delete(groupId); // tried again with the next message seen
      }
    }
  }
}
