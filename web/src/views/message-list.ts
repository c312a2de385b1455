// The messages of the open group, kept in seq order with no duplicates, followed by the
// messages still waiting to be sent.
import { h } from '../dom';
import { fullTime, parseSentOn, shortTime } from '../format';
import type { PendingMessage } from '../outbox';
import type { MessageDto } from '../types';

export class MessageList {
  readonly element: HTMLOListElement;
  private readonly pendingElement: HTMLOListElement;
  private readonly bySeq = new Map<number, HTMLLIElement>();
  private readonly pendingById = new Map<string, HTMLLIElement>();
  private sorted: number[] = []; // seqs shown, ascending

  constructor(private readonly isOwn: (message: MessageDto) => boolean,
              private readonly pendingActions: { retry(id: string): void; discard(id: string): void }) {
    this.element = h('ol', { class: 'messages' });
    this.pendingElement = h('ol', { class: 'messages pending', 'aria-label': 'Waiting to be sent' });
  }

  get pendingList(): HTMLOListElement {
    return this.pendingElement;
  }

  get minSeq(): number | null {
    return this.sorted[0] ?? null;
  }

  get maxSeq(): number | null {
    return this.sorted[this.sorted.length - 1] ?? null;
  }

  get size(): number {
    return this.sorted.length;
  }

  has(seq: number): boolean {
    return this.bySeq.has(seq);
  }

  /** Adds messages not shown yet; returns how many were new. */
  add(messages: MessageDto[]): number {
    let added = 0;
    for (const message of messages) {
      if (!Number.isInteger(message.seq) || this.bySeq.has(message.seq)) continue;
      const node = this.render(message);
      const index = insertionIndex(this.sorted, message.seq);
      const before = index < this.sorted.length ? this.bySeq.get(this.sorted[index]!) ?? null : null;
      this.element.insertBefore(node, before);
      markContinued(node);
      if (before !== null) markContinued(before);
      this.sorted.splice(index, 0, message.seq);
      this.bySeq.set(message.seq, node);
      added += 1;
    }
    return added;
  }

  clear(): void {
    this.element.replaceChildren();
    this.pendingElement.replaceChildren();
    this.bySeq.clear();
    this.pendingById.clear();
    this.sorted = [];
  }

  /** Shows or updates a message waiting to be sent. */
  showPending(message: PendingMessage, online: boolean): void {
    const node = h('li', {
      class: message.error === null ? 'message own pending' : 'message own pending failed',
      'data-client-id': message.clientMessageId,
    });
    const status = message.error ?? (online ? 'Sending…' : 'Waiting for the connection…');
    const meta = h('div', { class: 'meta' }, h('span', { class: 'status' }, status));
    if (message.error !== null) {
      const retry = h('button', { type: 'button', class: 'link' }, 'Retry');
      retry.addEventListener('click', () => this.pendingActions.retry(message.clientMessageId));
      const discard = h('button', { type: 'button', class: 'link' }, 'Discard');
      discard.addEventListener('click', () => {
        this.pendingActions.discard(message.clientMessageId);
        this.removePending(message.clientMessageId);
      });
      meta.append(' ', retry, ' ', discard);
    }
    node.append(meta, h('p', { class: 'text' }, message.text));
    const old = this.pendingById.get(message.clientMessageId);
    if (old) old.replaceWith(node);
    else this.pendingElement.append(node);
    this.pendingById.set(message.clientMessageId, node);
  }

  removePending(clientMessageId: string): void {
    this.pendingById.get(clientMessageId)?.remove();
    this.pendingById.delete(clientMessageId);
  }

  private render(message: MessageDto): HTMLLIElement {
    const own = this.isOwn(message);
    const sentOn = parseSentOn(message.sentOn);
    return h('li', {
      class: own ? 'message own' : 'message', 'data-seq': message.seq,
      'data-author': message.playerId, 'data-time': sentOn.getTime(),
    },
      h('div', { class: 'meta' },
        h('span', { class: 'author' }, message.playerName,
          own ? h('span', { class: 'visually-hidden' }, ' (you)') : null),
        ' ',
        h('time', { datetime: message.sentOn, title: fullTime(sentOn) }, shortTime(sentOn))),
      h('p', { class: 'text' }, message.message));
  }
}

function insertionIndex(sorted: number[], seq: number): number {
  // Live messages nearly always go last.
  if (sorted.length === 0 || seq > sorted[sorted.length - 1]!) return sorted.length;
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]! < seq) low = mid + 1;
    else high = mid;
  }
  return low;
}

const RUN_MS = 5 * 60_000;

/** A message right after one by the same author within minutes is shown without its header. */
function markContinued(node: HTMLElement): void {
  const previous = node.previousElementSibling as HTMLElement | null;
  const continued = previous !== null
    && previous.dataset.author === node.dataset.author
    && Math.abs(Number(node.dataset.time) - Number(previous.dataset.time)) < RUN_MS;
  node.classList.toggle('continued', continued);
}
