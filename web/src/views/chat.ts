// The open group: its history (newest page first, older pages on scrolling up), live
// messages, edits and deletes, and the composer. After every (re)connection it
// re-subscribes with its recovery cursor (the highest seq or changeSeq it has seen from the
// server in order), so the server replays whatever was missed.
import { api } from '../api';
import { h, showError } from '../dom';
import { errorText } from '../errors';
import { HubCallError, HubOfflineError, type ChatHub, type HubState } from '../hub';
import type { Outbox, PendingMessage } from '../outbox';
import type { GroupSummary, MemberEventDto, MessageChange, MessageDto, TypingDto } from '../types';
import { MembersPanel } from './members';
import { MAX_MESSAGE_LENGTH, MessageList, type Author } from './message-list';

const PAGE_SIZE = 50;
const NEAR_TOP_PX = 120;
const NEAR_BOTTOM_PX = 80;
// While the user types, one indication this often; the server shows each for 5 s.
const TYPING_EVERY_MS = 3000;

export interface ChatActions {
  join(group: GroupSummary): Promise<void>;
  leave(group: GroupSummary): Promise<void>;
  back(): void;
  /** Reads the group list again (after a change to the members, say). */
  reload(): Promise<void>;
  /** The newest message of the open group on screen: the user has read up to `seq`. */
  seen(groupId: number, seq: number): void;
}

export class ChatView {
  readonly element: HTMLElement;
  private readonly title = h('h2', { class: 'chat-title', id: 'chat-title' });
  private readonly backButton = h('button', { type: 'button', class: 'back' }, '‹ Groups');
  private readonly leaveButton = h('button', { type: 'button', class: 'secondary small' }, 'Leave group');
  private readonly banner = h('p', { class: 'banner', role: 'status', hidden: true });
  private readonly error = h('p', { class: 'error', role: 'alert', hidden: true });
  private readonly scroller = h('div', { class: 'scroller', tabindex: 0 });
  private readonly older = h('div', { class: 'older' });
  private readonly list: MessageList;
  private readonly members = new MembersPanel({
    isOwn: (member) => this.isOwn(member),
    changed: () => this.membersChanged(),
    reloadGroups: () => this.actions.reload(),
  });
  private readonly form = h('form', { class: 'composer', novalidate: true });
  private readonly input = h('textarea', {
    id: 'message-input', name: 'message', rows: 1, maxlength: MAX_MESSAGE_LENGTH,
    placeholder: 'Write a message…', autocomplete: 'off', enterkeyhint: 'send',
  });
  private readonly composerError = h('p', { class: 'error', role: 'alert', hidden: true });
  private readonly typingLine = h('p', { class: 'typing', id: 'typing', 'aria-live': 'polite' });
  private readonly typers = new Map<number, { name: string; timer: number }>();
  private lastTypingSent = 0;
  private readonly joinPanel = h('div', { class: 'join-panel' });
  private readonly empty = h('div', { class: 'placeholder' },
    h('p', {}, 'Choose a group to start chatting.'));

  private group: GroupSummary | null = null;
  private generation = 0;
  private historyLoaded = false;
  // The recovery cursor: the highest seq (of a message) or changeSeq (of an edit or delete)
  // known to be reflected on screen from the newest history page and the live events.
  private cursor = 0;
  private subscribed: number | null = null;
  private loadingOlder = false;
  private syncing: Promise<void> = Promise.resolve();

  constructor(private readonly hub: ChatHub, private readonly outbox: Outbox,
              private readonly isOwn: (author: Author) => boolean, private readonly actions: ChatActions) {
    this.list = new MessageList(isOwn, {
      retry: (id) => outbox.retry(id),
      discard: (id) => outbox.discard(id),
    }, {
      edit: (message, text) => this.editMessage(message, text),
      remove: (message) => this.deleteMessage(message),
    });
    const sendButton = h('button', { type: 'submit' }, 'Send');
    const label = h('label', { for: 'message-input', class: 'visually-hidden' }, 'Message');
    this.form.append(label, this.input, sendButton);

    this.scroller.setAttribute('role', 'log');
    this.scroller.setAttribute('aria-labelledby', 'chat-title');
    this.scroller.append(this.older, this.list.element, this.list.pendingList);

    this.element = h('section', { class: 'chat', 'aria-labelledby': 'chat-title' },
      h('header', { class: 'chat-header' }, this.backButton, this.title, this.members.button,
        this.leaveButton),
      this.members.element, this.banner, this.error, this.empty, this.joinPanel, this.scroller, this.typingLine, this.composerError, this.form);

    this.backButton.addEventListener('click', () => actions.back());
    this.leaveButton.addEventListener('click', () => void this.leave());
    this.scroller.addEventListener('scroll', () => {
      if (this.scroller.scrollTop < NEAR_TOP_PX) void this.loadOlder();
    });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.send();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.send();
      }
    });
    this.input.addEventListener('input', () => {
      this.fitInput();
      this.sayTyping();
    });
    this.show(null);
  }

  get groupId(): number | null {
    return this.group?.groupId ?? null;
  }

  /** The seq of the newest message shown, if any. */
  get newestSeq(): number | null {
    return this.list.maxSeq;
  }

  /** Opens a group (or shows the placeholder for null). */
  show(group: GroupSummary | null): void {
    const same = group !== null && this.group?.groupId === group.groupId
      && this.group.isMember === group.isMember;
    if (same) {
      this.group = group;
      this.title.textContent = group.name;
      return;
    }
    const previous = this.subscribed;
    this.generation += 1;
    this.group = group;
    this.historyLoaded = false;
    this.cursor = 0;
    this.subscribed = null;
    this.list.clear();
    this.clearTypers();
    this.older.replaceChildren();
    showError(this.error, '');
    showError(this.composerError, '');
    if (previous !== null) this.hub.unsubscribe(previous).catch(() => undefined);

    const member = group?.isMember === true;
    this.element.classList.toggle('is-empty', group === null);
    this.title.textContent = group?.name ?? '';
    this.title.hidden = group === null;
    this.backButton.hidden = group === null;
    this.leaveButton.hidden = !member;
    this.members.show(member ? group.groupId : null);
    this.empty.hidden = group !== null;
    this.scroller.hidden = !member;
    this.form.hidden = !member;
    this.renderJoinPanel(group !== null && !member ? group : null);
    this.updateBanner();
    if (member) {
      for (const pending of this.outbox.pendingFor(group.groupId)) {
        this.list.showPending(pending, this.hub.isConnected);
      }
      void this.sync();
    }
  }

  focusComposer(): void {
    if (!this.form.hidden) this.input.focus();
  }

  /** Called on every hub state change. */
  hubStateChanged(state: HubState): void {
    this.updateBanner();
    if (state !== 'connected') this.subscribed = null;
    else void this.members.refresh();
    if (this.group !== null) {
      for (const pending of this.outbox.pendingFor(this.group.groupId)) {
        this.list.showPending(pending, state === 'connected');
      }
    }
  }

  /** Loads history if needed and subscribes; resolves once subscribed (or it failed). */
  sync(): Promise<void> {
    this.syncing = this.syncing.then(() => this.syncOnce()).catch(() => undefined);
    return this.syncing;
  }

  messageReceived(message: MessageDto): void {
    if (message.groupId !== this.group?.groupId) return;
    this.stoppedTyping(message.playerId);
    if (!this.historyLoaded) return;
    const gapAfter = this.cursor;
    this.advanceCursor(message);
    const stick = this.nearBottom();
    if (this.list.add([message]) === 0) return;
    this.noteSeen();
    if (this.list.size === 1) this.renderOlder();
    if (stick) this.scrollToBottom(true);
    if (gapAfter > 0 && message.seq > gapAfter + 1) void this.fillGap(gapAfter, message.seq);
  }

  /** A message edited or deleted (MessageEdited, MessageDeleted), in seq order with the rest. */
  messageChanged(change: MessageChange): void {
    const message = change.message;
    if (message.groupId !== this.group?.groupId || !this.historyLoaded) return;
    const gapAfter = this.cursor;
    this.advanceCursor(message);
    const stick = this.nearBottom();
    this.list.update(message);
    if (stick) this.scrollToBottom(true);
    const changeSeq = message.changeSeq;
    if (gapAfter > 0 && changeSeq !== undefined && changeSeq > gapAfter + 1) {
      void this.fillGap(gapAfter, changeSeq);
    }
  }

  memberEvent(event: MemberEventDto): void {
    this.members.memberEvent(event);
  }

  /** Someone else is typing: shown until expiresInMs passes without another indication. */
  userTyping(typing: TypingDto): void {
    if (typing.groupId !== this.group?.groupId) return;
    const known = this.typers.get(typing.playerId);
    if (known !== undefined) window.clearTimeout(known.timer);
    const timer = window.setTimeout(() => this.stoppedTyping(typing.playerId),
      Math.min(Math.max(typing.expiresInMs, 1000), 30000));
    this.typers.set(typing.playerId, { name: typing.playerName, timer });
    this.renderTypers();
  }

  pendingChanged(message: PendingMessage): void {
    if (message.groupId !== this.group?.groupId) return;
    this.list.showPending(message, this.hub.isConnected);
    this.scrollToBottom(true);
  }

  delivered(message: PendingMessage, stored: MessageDto): void {
    if (message.groupId !== this.group?.groupId) return;
    this.list.removePending(message.clientMessageId);
    if (this.historyLoaded && this.list.add([stored]) > 0 && this.list.size === 1) this.renderOlder();
    this.noteSeen();
    this.scrollToBottom(true);
  }

  private advanceCursor(message: MessageDto): void {
    this.cursor = Math.max(this.cursor, message.seq, message.changeSeq ?? 0);
  }

  /** The signed-in user owns the open group when the members list says so. */
  private membersChanged(): void {
    this.list.moderator = this.members.hasOwner((member) => this.isOwn(member));
  }

  /** Over the hub when it is up (falling back to REST if it drops), else over REST. */
  private async editMessage(message: MessageDto, text: string): Promise<MessageDto> {
    if (this.hub.isConnected) {
      try {
        return await this.hub.edit(message.messageId, text);
      } catch (error) {
        if (!(error instanceof HubOfflineError)) throw error;
      }
    }
    return api.editMessage(message.messageId, text);
  }

  private async deleteMessage(message: MessageDto): Promise<MessageDto> {
    if (this.hub.isConnected) {
      try {
        return await this.hub.delete(message.messageId);
      } catch (error) {
        if (!(error instanceof HubOfflineError)) throw error;
      }
    }
    return api.deleteMessage(message.messageId);
  }

  private noteSeen(): void {
    const newest = this.list.maxSeq;
    if (this.group !== null && newest !== null) this.actions.seen(this.group.groupId, newest);
  }

  private async syncOnce(): Promise<void> {
    const group = this.group;
    const generation = this.generation;
    if (group === null || !group.isMember) return;
    if (!this.historyLoaded) {
      await this.loadLatest(group, generation);
      if (generation !== this.generation || !this.historyLoaded) return;
    }
    if (!this.hub.isConnected || this.subscribed === group.groupId) return;
    try {
      await this.hub.subscribe(group.groupId, this.cursor);
      if (generation === this.generation) {
        this.subscribed = group.groupId;
        showError(this.error, '');
      }
    } catch (error) {
      if (generation !== this.generation || error instanceof HubOfflineError) return;
      showError(this.error, error instanceof HubCallError
        ? `Live updates are off: ${error.message}` : errorText(error));
    }
  }

  private async loadLatest(group: GroupSummary, generation: number): Promise<void> {
    this.older.replaceChildren(h('p', { class: 'hint' }, 'Loading messages…'));
    try {
      const page = await api.history(group.groupId, { limit: PAGE_SIZE });
      if (generation !== this.generation) return;
      this.list.add(page);
      // Taken before subscribing, so everything up to its newest seq or change is in it.
      for (const message of page) this.advanceCursor(message);
      this.historyLoaded = true;
      this.noteSeen();
      showError(this.error, '');
      this.renderOlder();
      this.scrollToBottom(true);
      // A short first page may not fill the view, so no scroll event would ever ask for more.
      requestAnimationFrame(() => {
        if (this.scroller.scrollHeight <= this.scroller.clientHeight) void this.loadOlder();
      });
    } catch (error) {
      if (generation !== this.generation) return;
      this.older.replaceChildren();
      showError(this.error, `Could not load the messages. ${errorText(error)}`);
    }
  }

  private async loadOlder(): Promise<void> {
    const group = this.group;
    const before = this.list.minSeq;
    if (group === null || !this.historyLoaded || this.loadingOlder || before === null || before <= 1) return;
    const generation = this.generation;
    this.loadingOlder = true;
    this.older.replaceChildren(h('p', { class: 'hint' }, 'Loading earlier messages…'));
    try {
      const page = await api.history(group.groupId, { before, limit: PAGE_SIZE });
      if (generation !== this.generation) return;
      const fromBottom = this.scroller.scrollHeight - this.scroller.scrollTop;
      this.list.add(page);
      this.scroller.scrollTop = this.scroller.scrollHeight - fromBottom; // keep the view still
    } catch (error) {
      if (generation === this.generation) showError(this.error, `Could not load earlier messages. ${errorText(error)}`);
    } finally {
      if (generation === this.generation) {
        this.loadingOlder = false;
        this.renderOlder();
      }
    }
  }

  private async fillGap(after: number, upTo: number): Promise<void> {
    const group = this.group;
    if (group === null) return;
    try {
      const missing = await api.history(group.groupId, { after, limit: Math.min(1000, upTo - after - 1) });
      // Only the gap: later ones arrive live, in order (and move the cursor then).
      if (group.groupId === this.group?.groupId) this.list.add(missing.filter((message) => message.seq < upTo));
    } catch {
      // The next reconnect replays from the last seq anyway.
    }
  }

  private renderOlder(): void {
    const minSeq = this.list.minSeq;
    if (minSeq === null) {
      this.older.replaceChildren(h('p', { class: 'hint' }, 'No messages yet. Say hello!'));
    } else if (minSeq <= 1) {
      this.older.replaceChildren(h('p', { class: 'hint' }, 'This is the start of the conversation.'));
    } else {
      const button = h('button', { type: 'button', class: 'link' }, 'Load earlier messages');
      button.addEventListener('click', () => void this.loadOlder());
      this.older.replaceChildren(button);
    }
  }

  private send(): void {
    const group = this.group;
    const text = this.input.value;
    if (group === null || !group.isMember) return;
    if (text.trim() === '') {
      showError(this.composerError, '');
      return;
    }
    if ([...text].length > MAX_MESSAGE_LENGTH) {
      showError(this.composerError, `A message can have at most ${MAX_MESSAGE_LENGTH} characters.`);
      return;
    }
    showError(this.composerError, '');
    this.outbox.add(group.groupId, text);
    // The message ends the others' indication: typing on says so again at once.
    this.lastTypingSent = 0;
    this.input.value = '';
    this.fitInput();
    this.input.focus();
  }

  private sayTyping(): void {
    const group = this.group;
    const now = Date.now();
    if (group === null || !group.isMember || this.input.value.trim() === '') return;
    if (now - this.lastTypingSent < TYPING_EVERY_MS) return;
    this.lastTypingSent = now;
    this.hub.typing(group.groupId);
  }

  private stoppedTyping(playerId: number): void {
    const known = this.typers.get(playerId);
    if (known === undefined) return;
    window.clearTimeout(known.timer);
    this.typers.delete(playerId);
    this.renderTypers();
  }

  private clearTypers(): void {
    for (const { timer } of this.typers.values()) window.clearTimeout(timer);
    this.typers.clear();
    this.lastTypingSent = 0;
    this.renderTypers();
  }

  private renderTypers(): void {
    const names = [...this.typers.values()].map((typer) => typer.name);
    let text = '';
    if (names.length === 1) text = `${names[0]} is typing…`;
    else if (names.length === 2) text = `${names[0]} and ${names[1]} are typing…`;
    else if (names.length > 2) text = `${names.length} people are typing…`;
    this.typingLine.textContent = text;
  }

  private async leave(): Promise<void> {
    const group = this.group;
    if (group === null) return;
    this.leaveButton.disabled = true;
    try {
      await this.actions.leave(group);
    } catch (error) {
      showError(this.error, `Could not leave the group. ${errorText(error)}`);
    } finally {
      this.leaveButton.disabled = false;
    }
  }

  private renderJoinPanel(group: GroupSummary | null): void {
    this.joinPanel.hidden = group === null;
    if (group === null) {
      this.joinPanel.replaceChildren();
      return;
    }
    const invited = group.invited === true;
    const button = h('button', { type: 'button' }, invited ? 'Accept invitation' : 'Join group');
    const error = h('p', { class: 'error', role: 'alert', hidden: true });
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await this.actions.join(group);
      } catch (e) {
        showError(error, `Could not join. ${errorText(e)}`);
      } finally {
        button.disabled = false;
      }
    });
    this.joinPanel.replaceChildren(
      h('p', {}, invited ? 'You are invited to this group. Accept to read and send messages.'
        : 'You are not a member of this group. Join it to read and send messages.'),
      button, error);
  }

  private updateBanner(): void {
    const state = this.hub.current;
    const open = this.group?.isMember === true;
    let text = '';
    if (open && state === 'reconnecting') {
      text = 'Connection lost. Reconnecting… Messages you send now will go out once it is back.';
    } else if (open && state === 'connecting') {
      text = 'Connecting…';
    }
    this.banner.textContent = text;
    this.banner.hidden = text === '';
  }

  private nearBottom(): boolean {
    const { scrollTop, scrollHeight, clientHeight } = this.scroller;
    return scrollHeight - scrollTop - clientHeight < NEAR_BOTTOM_PX;
  }

  private scrollToBottom(force: boolean): void {
    if (!force && !this.nearBottom()) return;
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  private fitInput(): void {
    // Grow with the text up to the CSS max-height.
    this.input.style.height = 'auto';
    this.input.style.height = `${this.input.scrollHeight}px`;
  }
}
