// Message search: a box above the group list, and the results in its place (newest first,
// the query's words marked), a page at a time with More. Optionally only the open group.
// Choosing a result opens its group; the results stay until closed (Close, Escape, or
// an empty box).
import { api } from '../api';
import { h, showError } from '../dom';
import { errorText } from '../errors';
import { fullTime, parseSentOn, shortTime } from '../format';
import { highlighted, queryPattern } from '../highlight';
import type { GroupSummary, MessageDto } from '../types';

const PAGE_SIZE = 20;
const MAX_QUERY_LENGTH = 256; // bytes on the server; it says so if a longer one gets there

export interface SearchContext {
  /** The group's name as the group list has it, if it is there. */
  groupName(groupId: number): string | undefined;
  /** Opens a result's group; rejects with words for people if it cannot. */
  open(groupId: number): Promise<void>;
  /** The results are shown (true) or closed (false): the group list makes room. */
  shown(open: boolean): void;
}

/** What the results on screen were asked for, and where the next page starts. */
interface Search {
  query: string;
  groupId: number | null;
  pattern: RegExp | null;
  count: number;
  before: number | null; // null: that was the last page
}

export class SearchView {
  readonly form: HTMLFormElement;
  readonly panel = h('section', {
    class: 'search-results', id: 'search-results', 'aria-labelledby': 'search-title', hidden: true,
  });
  private readonly input = h('input', {
    id: 'search-input', name: 'q', type: 'search', maxlength: MAX_QUERY_LENGTH,
    autocomplete: 'off', enterkeyhint: 'search', placeholder: 'Search messages',
  });
  private readonly scope = h('input', { id: 'search-in-group', name: 'in-group', type: 'checkbox' });
  private readonly scopeName = h('span', { class: 'search-scope-name' });
  private readonly scopeLabel = h('label', { class: 'check search-scope', for: 'search-in-group', hidden: true },
    this.scope, this.scopeName);
  private readonly status = h('p', { class: 'hint', role: 'status' });
  private readonly error = h('p', { class: 'error', role: 'alert', hidden: true });
  private readonly hits = h('ol', { class: 'search-hits', 'aria-labelledby': 'search-title' });
  private readonly more = h('button', { type: 'button', class: 'secondary small', 'data-testid': 'search-more', hidden: true },
    'More');
  private openGroup: GroupSummary | null = null;
  private current: Search | null = null;
  private generation = 0;

  constructor(private readonly context: SearchContext) {
    this.form = h('form', { class: 'search', role: 'search', novalidate: true },
      h('label', { for: 'search-input', class: 'visually-hidden' }, 'Search messages'),
      h('div', { class: 'row' }, this.input, h('button', { type: 'submit', class: 'small' }, 'Search')),
      this.scopeLabel);
    const close = h('button', { type: 'button', class: 'link', 'aria-label': 'Close the search' }, 'Close');
    this.panel.append(
      h('div', { class: 'search-header' }, h('h2', { id: 'search-title' }, 'Search results'), close),
      this.status, this.error, this.hits, this.more);

    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.search();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || this.panel.hidden) return;
      event.preventDefault();
      this.close();
    });
    // The box's clear button, or deleting every character.
    this.input.addEventListener('input', () => {
      if (this.input.value.trim() === '' && !this.panel.hidden) this.close();
    });
    this.scope.addEventListener('change', () => {
      if (!this.panel.hidden && this.input.value.trim() !== '') void this.search();
    });
    close.addEventListener('click', () => {
      this.close();
      this.input.focus();
    });
    this.more.addEventListener('click', () => void this.loadMore());
  }

  /** The group open now (null: none, or one the user is not in), for "Only in …". */
  setOpenGroup(group: GroupSummary | null): void {
    this.openGroup = group;
    this.scopeLabel.hidden = group === null;
    this.scopeName.textContent = group === null ? '' : `Only in “${group.name}”`;
    // The result chosen stays marked while its group is open.
    for (const hit of this.hits.querySelectorAll<HTMLElement>('.search-hit.selected')) {
      if (group === null || Number(hit.dataset.groupId) !== group.groupId) this.mark(hit, false);
    }
  }

  /** The group list was read again: results found before it arrived get their groups' names. */
  groupsChanged(): void {
    for (const name of this.hits.querySelectorAll<HTMLElement>('.search-group')) {
      name.textContent = this.nameOf(Number(name.dataset.groupId));
    }
  }

  private async search(): Promise<void> {
    const query = this.input.value.trim();
    if (query === '') {
      this.close();
      return;
    }
    const groupId = this.scope.checked && this.openGroup !== null ? this.openGroup.groupId : null;
    const generation = ++this.generation;
    this.current = null;
    this.hits.replaceChildren();
    this.more.hidden = true;
    showError(this.error, '');
    this.status.textContent = 'Searching…';
    this.status.hidden = false;
    this.panel.dataset.query = query;
    this.panel.dataset.scope = groupId === null ? 'all' : String(groupId);
    this.panel.dataset.state = 'loading';
    this.panel.setAttribute('aria-busy', 'true');
    if (this.panel.hidden) {
      this.panel.hidden = false;
      this.context.shown(true);
    }
    try {
      const page = await api.search(query, { limit: PAGE_SIZE, ...(groupId === null ? {} : { groupId }) });
      if (generation !== this.generation) return;
      this.current = { query, groupId, pattern: queryPattern(query), count: 0, before: null };
      this.showPage(this.current, page);
    } catch (error) {
      if (generation !== this.generation) return;
      this.failed(errorText(error));
    }
  }

  private async loadMore(): Promise<void> {
    const search = this.current;
    if (search === null || search.before === null) return;
    const generation = this.generation;
    this.more.disabled = true;
    this.more.textContent = 'Loading…';
    this.panel.dataset.state = 'loading';
    this.panel.setAttribute('aria-busy', 'true');
    showError(this.error, '');
    try {
      const page = await api.search(search.query, {
        limit: PAGE_SIZE, before: search.before, ...(search.groupId === null ? {} : { groupId: search.groupId }),
      });
      if (generation !== this.generation) return;
      this.showPage(search, page);
    } catch (error) {
      if (generation !== this.generation) return;
      this.failed(`Could not load more. ${errorText(error)}`);
    } finally {
      if (generation === this.generation) {
        this.more.disabled = false;
        this.more.textContent = 'More';
      }
    }
  }

  private showPage(search: Search, page: MessageDto[]): void {
    this.hits.append(...page.map((message) => this.hit(message, search.pattern)));
    search.count += page.length;
    const last = page[page.length - 1];
    search.before = page.length >= PAGE_SIZE && last !== undefined ? last.messageId : null;
    this.more.hidden = search.before === null;
    const where = search.groupId === null ? 'in your groups' : `in ${this.nameOf(search.groupId)}`;
    // "20+": a full page, so there may be more.
    const count = `${search.count}${search.before === null ? '' : '+'}`;
    this.status.textContent = search.count === 0 ? `No messages found ${where}.`
      : `${count} ${search.count === 1 ? 'message' : 'messages'} ${where}, newest first.`;
    this.panel.dataset.state = 'loaded';
    this.panel.removeAttribute('aria-busy');
  }

  private failed(message: string): void {
    showError(this.error, message);
    this.status.hidden = this.current === null || this.current.count === 0;
    this.panel.dataset.state = 'failed';
    this.panel.removeAttribute('aria-busy');
  }

  private close(): void {
    this.generation += 1;
    this.current = null;
    this.hits.replaceChildren();
    this.more.hidden = true;
    showError(this.error, '');
    this.panel.hidden = true;
    delete this.panel.dataset.state;
    delete this.panel.dataset.query;
    delete this.panel.dataset.scope;
    this.context.shown(false);
  }

  private nameOf(groupId: number): string {
    return this.context.groupName(groupId) ?? `Group ${groupId}`;
  }

  /** One result: a button that opens its group. */
  private hit(message: MessageDto, pattern: RegExp | null): HTMLLIElement {
    const sentOn = parseSentOn(message.sentOn);
    const edited = typeof message.editedOn === 'string' && message.editedOn !== '';
    const open = h('button', { type: 'button', class: 'search-open' },
      h('span', { class: 'search-meta' },
        h('span', { class: 'search-group', 'data-group-id': message.groupId }, this.nameOf(message.groupId)),
        h('span', { class: 'search-author' }, message.playerName),
        h('time', { datetime: message.sentOn, title: fullTime(sentOn) }, shortTime(sentOn)),
        edited ? h('span', { class: 'edited' }, '(edited)') : null),
      h('span', { class: 'search-text' }, ...highlighted(message.message, pattern)));
    const error = h('p', { class: 'error', role: 'alert', hidden: true });
    const item = h('li', {
      class: 'search-hit', 'data-message-id': message.messageId, 'data-group-id': message.groupId,
    }, open, error);
    open.addEventListener('click', async () => {
      showError(error, '');
      for (const other of this.hits.querySelectorAll<HTMLElement>('.search-hit.selected')) this.mark(other, false);
      try {
        await this.context.open(message.groupId);
        this.mark(item, true);
      } catch (failure) {
        showError(error, errorText(failure));
      }
    });
    return item;
  }

  private mark(hit: HTMLElement, selected: boolean): void {
    hit.classList.toggle('selected', selected);
    const open = hit.querySelector('.search-open');
    if (selected) open?.setAttribute('aria-current', 'true');
    else open?.removeAttribute('aria-current');
  }
}
