// The messages of the open group, kept in seq order with no duplicates, followed by the
// messages still waiting to be sent. A message keeps its place when it is edited or
// deleted: edits show the new text marked "(edited)", deletes leave a tombstone. One's own
// messages can be edited and deleted in place; the group's owner can delete any.
import { busy, h, showError } from '../dom';
import { errorText } from '../errors';
import { fullTime, parseSentOn, shortTime } from '../format';
import type { PendingMessage } from '../outbox';
import type { MessageDto } from '../types';

export const MAX_MESSAGE_LENGTH = 4000;
// Changes seen for messages not shown yet (an older page still loading), at most this many.
const MAX_REMEMBERED = 1000;

/** Who wrote something: enough to tell whether it was the signed-in user. */
export type Author = Pick<MessageDto, 'playerId' | 'playerName'>;

export interface MessageActions {
  /** Saves new text for a message; resolves with its new state. */
  edit(message: MessageDto, text: string): Promise<MessageDto>;
  /** Deletes a message; resolves with its tombstone. */
  remove(message: MessageDto): Promise<MessageDto>;
}

type Mode = 'view' | 'edit' | 'confirm';

interface Entry {
  message: MessageDto;
  node: HTMLLIElement;
  mode: Mode;
}

export function isDeleted(message: MessageDto): boolean {
  return typeof message.deletedOn === 'string' && message.deletedOn !== '';
}

/** Whether `candidate` is a later state of the same message than `shown`. */
function isNewer(candidate: MessageDto, shown: MessageDto): boolean {
  if (isDeleted(shown)) return false; // a tombstone is final
  if (isDeleted(candidate)) return true;
  return (candidate.changeSeq ?? 0) > (shown.changeSeq ?? 0);
}

export class MessageList {
  readonly element: HTMLOListElement;
  private readonly pendingElement: HTMLOListElement;
  private readonly bySeq = new Map<number, Entry>();
  private readonly pendingById = new Map<string, HTMLLIElement>();
  private readonly remembered = new Map<number, MessageDto>(); // seq → latest change, not shown
  private sorted: number[] = []; // seqs shown, ascending
  private canModerate = false;

  constructor(private readonly isOwn: (author: Author) => boolean,
              private readonly pendingActions: { retry(id: string): void; discard(id: string): void },
              private readonly actions: MessageActions) {
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

  /** Whether the signed-in user owns the group, and so may delete anyone's messages. */
  set moderator(value: boolean) {
    if (value === this.canModerate) return;
    this.canModerate = value;
    for (const entry of this.bySeq.values()) {
      if (entry.mode === 'view' && !this.isOwn(entry.message)) this.fill(entry);
    }
  }

  /** Adds messages not shown yet, and newer states of those shown; returns how many were new. */
  add(messages: MessageDto[]): number {
    let added = 0;
    for (let message of messages) {
      if (!Number.isInteger(message.seq)) continue;
      if (this.bySeq.has(message.seq)) {
        this.update(message);
        continue;
      }
      const later = this.remembered.get(message.seq);
      if (later !== undefined) {
        this.remembered.delete(message.seq);
        if (isNewer(later, message)) message = later;
      }
      const node = h('li', {});
      const entry: Entry = { message, node, mode: 'view' };
      this.fill(entry);
      const index = insertionIndex(this.sorted, message.seq);
      const before = index < this.sorted.length ? this.bySeq.get(this.sorted[index]!)?.node ?? null : null;
      this.element.insertBefore(node, before);
      markContinued(node);
      if (before !== null) markContinued(before);
      this.sorted.splice(index, 0, message.seq);
      this.bySeq.set(message.seq, entry);
      added += 1;
    }
    return added;
  }

  /** A message was edited or deleted: shown in place if it is on screen (and this is newer). */
  update(message: MessageDto): void {
    if (!Number.isInteger(message.seq)) return;
    const entry = this.bySeq.get(message.seq);
    if (entry === undefined) {
      const known = this.remembered.get(message.seq);
      if (known !== undefined && !isNewer(message, known)) return;
      this.remembered.delete(message.seq);
      this.remembered.set(message.seq, message);
      if (this.remembered.size > MAX_REMEMBERED) {
        const oldest = this.remembered.keys().next().value;
        if (oldest !== undefined) this.remembered.delete(oldest);
      }
      return;
    }
    if (!isNewer(message, entry.message)) return;
    entry.message = message;
    if (isDeleted(message)) entry.mode = 'view';
    // An editor that is open keeps what is being typed; Cancel then shows the new text.
    if (entry.mode !== 'edit') this.fill(entry, entry.node.contains(document.activeElement) ? 'actions' : null);
  }

  clear(): void {
    this.element.replaceChildren();
    this.pendingElement.replaceChildren();
    this.bySeq.clear();
    this.pendingById.clear();
    this.remembered.clear();
    this.sorted = [];
    this.canModerate = false;
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

  /** (Re)draws a message's contents for its state and mode; the <li> itself stays. */
  private fill(entry: Entry, focus: 'actions' | null = null): void {
    const { message, node } = entry;
    const own = this.isOwn(message);
    const deleted = isDeleted(message);
    const edited = !deleted && typeof message.editedOn === 'string' && message.editedOn !== '';
    const sentOn = parseSentOn(message.sentOn);
    node.classList.add('message');
    node.classList.toggle('own', own);
    node.classList.toggle('is-deleted', deleted);
    node.classList.toggle('is-edited', edited);
    node.classList.toggle('changing', entry.mode !== 'view');
    node.classList.toggle('editing', entry.mode === 'edit');
    node.dataset.seq = String(message.seq);
    node.dataset.messageId = String(message.messageId);
    node.dataset.author = String(message.playerId);
    node.dataset.time = String(sentOn.getTime());

    const meta = h('div', { class: 'meta' },
      h('span', { class: 'author' }, message.playerName,
        own ? h('span', { class: 'visually-hidden' }, ' (you)') : null),
      ' ',
      h('time', { datetime: message.sentOn, title: fullTime(sentOn) }, shortTime(sentOn)));
    if (edited) {
      meta.append(' ', h('span', { class: 'edited', title: `Edited ${fullTime(parseSentOn(message.editedOn!))}` },
        '(edited)'));
    }

    if (deleted) {
      const title = fullTime(parseSentOn(message.deletedOn!));
      node.replaceChildren(meta,
        h('p', { class: 'deleted', title: title === '' ? null : `Deleted ${title}` }, 'This message was deleted'));
      return;
    }

    const canEdit = own;
    const canDelete = own || this.canModerate;
    let firstAction: HTMLButtonElement | null = null;
    if (entry.mode === 'view' && (canEdit || canDelete)) {
      const actions = h('span', { class: 'actions' });
      if (canEdit) {
        const edit = h('button', { type: 'button', class: 'link' }, 'Edit');
        edit.addEventListener('click', () => this.startEditing(entry));
        actions.append(edit);
      }
      if (canDelete) {
        const remove = h('button', { type: 'button', class: 'link' }, 'Delete');
        remove.addEventListener('click', () => this.confirmDelete(entry));
        actions.append(remove);
      }
      firstAction = actions.querySelector('button');
      meta.append(' ', actions);
    }

    if (entry.mode === 'edit') {
      node.replaceChildren(meta, this.editor(entry));
    } else if (entry.mode === 'confirm') {
      node.replaceChildren(meta, h('p', { class: 'text' }, message.message), this.deleteConfirmation(entry));
    } else {
      node.replaceChildren(meta, h('p', { class: 'text' }, message.message));
      if (focus === 'actions') firstAction?.focus();
    }
  }

  private startEditing(entry: Entry): void {
    if (isDeleted(entry.message)) return;
    entry.mode = 'edit';
    this.fill(entry);
    const input = entry.node.querySelector('textarea');
    if (input !== null) {
      input.focus();
      input.setSelectionRange(input.value.length, input.value.length);
      fitTextarea(input);
    }
  }

  private stopChanging(entry: Entry): void {
    entry.mode = 'view';
    this.fill(entry, 'actions');
  }

  private editor(entry: Entry): HTMLFormElement {
    const id = `edit-message-${entry.message.seq}`;
    const input = h('textarea', {
      id, name: 'message', rows: 1, maxlength: MAX_MESSAGE_LENGTH, autocomplete: 'off', enterkeyhint: 'done',
    });
    input.value = entry.message.message;
    const error = h('p', { class: 'error', role: 'alert', hidden: true });
    const cancel = h('button', { type: 'button', class: 'secondary small' }, 'Cancel');
    const form = h('form', { class: 'edit-form', novalidate: true },
      h('label', { for: id, class: 'visually-hidden' }, 'Edit message'),
      input,
      h('div', { class: 'edit-buttons' },
        h('button', { type: 'submit', class: 'small' }, 'Save'), cancel,
        h('span', { class: 'hint' }, 'Enter to save, Esc to cancel')),
      error);

    const save = async (): Promise<void> => {
      if (form.getAttribute('aria-busy') === 'true') return;
      const text = input.value;
      const current = entry.message;
      if (text === current.message) {
        this.stopChanging(entry);
        return;
      }
      if (text.trim() === '') {
        showError(error, 'A message cannot be empty. Delete it instead?');
        return;
      }
      if ([...text].length > MAX_MESSAGE_LENGTH) {
        showError(error, `A message can have at most ${MAX_MESSAGE_LENGTH} characters.`);
        return;
      }
      showError(error, '');
      try {
        const saved = await busy(form, () => this.actions.edit(current, text));
        if (entry.mode !== 'edit') return; // deleted meanwhile
        if (isNewer(saved, entry.message)) entry.message = saved;
        this.stopChanging(entry);
      } catch (failure) {
        if (entry.mode !== 'edit') return;
        showError(error, `Could not save the change. ${errorText(failure)}`);
        input.focus();
      }
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void save();
    });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        void save();
      } else if (event.key === 'Escape') {
        event.preventDefault();
        this.stopChanging(entry);
      }
    });
    input.addEventListener('input', () => fitTextarea(input));
    cancel.addEventListener('click', () => this.stopChanging(entry));
    return form;
  }

  private confirmDelete(entry: Entry): void {
    entry.mode = 'confirm';
    this.fill(entry);
    entry.node.querySelector<HTMLButtonElement>('.confirm .cancel')?.focus();
  }

  private deleteConfirmation(entry: Entry): HTMLElement {
    const question = `delete-question-${entry.message.seq}`;
    const confirm = h('button', { type: 'button', class: 'small danger' }, 'Delete');
    const cancel = h('button', { type: 'button', class: 'secondary small cancel' }, 'Cancel');
    const error = h('p', { class: 'error', role: 'alert', hidden: true });
    const box = h('div', { class: 'confirm', role: 'group', 'aria-labelledby': question },
      h('span', { id: question }, 'Delete this message?'), confirm, cancel, error);
    confirm.addEventListener('click', async () => {
      confirm.disabled = true;
      cancel.disabled = true;
      showError(error, '');
      try {
        const tombstone = await this.actions.remove(entry.message);
        this.update(tombstone); // the live event may already have done it
        if (entry.mode === 'confirm') this.stopChanging(entry);
      } catch (failure) {
        if (entry.mode !== 'confirm') return;
        showError(error, `Could not delete the message. ${errorText(failure)}`);
        confirm.disabled = false;
        cancel.disabled = false;
      }
    });
    cancel.addEventListener('click', () => this.stopChanging(entry));
    box.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !cancel.disabled) {
        event.preventDefault();
        this.stopChanging(entry);
      }
    });
    return box;
  }
}

function fitTextarea(input: HTMLTextAreaElement): void {
  input.style.height = 'auto';
  input.style.height = `${input.scrollHeight}px`;
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
