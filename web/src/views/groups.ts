// The list of the groups the user may see, marking the ones they belong to (with their unread
// counts and newest message), the private ones and invitations (Accept / Decline), and the form
// that creates one.
import { busy, h, showError } from '../dom';
import { errorText } from '../errors';
import type { GroupSummary, ReadMarkerDto } from '../types';

const MAX_GROUP_NAME = 100;

export interface GroupActions {
  open(group: GroupSummary): void;
  join(group: GroupSummary): Promise<void>;
  decline(group: GroupSummary): Promise<void>;
  create(name: string, isPrivate: boolean): Promise<void>;
  reload(): Promise<void>;
}

export class GroupsView {
  readonly element: HTMLElement;
  private readonly list = h('ul', { class: 'group-list', 'aria-labelledby': 'groups-title' });
  private readonly error = h('p', { class: 'error', role: 'alert', hidden: true });
  private readonly status = h('p', { class: 'hint', role: 'status' });
  private groups: GroupSummary[] = [];
  private selected: number | null = null;

  constructor(private readonly actions: GroupActions) {
    const nameInput = h('input', {
      id: 'new-group-name', name: 'name', type: 'text', required: true,
      maxlength: MAX_GROUP_NAME, autocomplete: 'off', placeholder: 'e.g. Weekend plans',
    });
    const privateBox = h('input', { id: 'new-group-private', name: 'private', type: 'checkbox' });
    const createError = h('p', { class: 'error', role: 'alert', hidden: true });
    const form = h('form', { class: 'create-group', novalidate: true },
      h('label', { for: 'new-group-name' }, 'New group'),
      h('div', { class: 'row' }, nameInput, h('button', { type: 'submit' }, 'Create')),
      h('label', { class: 'check', for: 'new-group-private' }, privateBox,
        'Private (only those invited can join)'),
      createError);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const name = nameInput.value.trim();
      if (name === '') {
        showError(createError, 'Give the group a name.');
        nameInput.focus();
        return;
      }
      showError(createError, '');
      try {
        await busy(form, () => actions.create(name, privateBox.checked));
        nameInput.value = '';
        privateBox.checked = false;
      } catch (error) {
        showError(createError, `Could not create the group. ${errorText(error)}`);
        nameInput.focus();
      }
    });

    const reload = h('button', { type: 'button', class: 'link', title: 'Reload the list' }, 'Refresh');
    reload.addEventListener('click', () => void actions.reload());

    this.element = h('nav', { class: 'groups', 'aria-labelledby': 'groups-title', 'data-state': 'loading' },
      h('div', { class: 'groups-header' }, h('h2', { id: 'groups-title' }, 'Groups'), reload),
      this.error, this.status, this.list, form);
  }

  setGroups(groups: GroupSummary[]): void {
    this.groups = groups;
    this.element.dataset.state = 'loaded';
    this.status.textContent = groups.length === 0 ? 'No groups yet. Create the first one below.' : '';
    this.status.hidden = groups.length !== 0;
    this.render();
  }

  /** The user read a group (here or on another device): its unread count changes. */
  readMarker(marker: ReadMarkerDto): void {
    const group = this.groups.find((g) => g.groupId === marker.groupId);
    if (group === undefined || !group.isMember) return;
    if ((group.lastSeq ?? 0) > marker.lastSeq) { // newer messages than the marker knows of
      group.lastReadSeq = Math.max(group.lastReadSeq ?? 0, marker.lastReadSeq);
      // At most the seqs left (edits and deletes take seqs but are not unread), and never
      // more than before: the next refresh of the list brings the exact count.
      group.unreadCount = Math.max(0, Math.min(group.unreadCount ?? Infinity,
        (group.lastSeq ?? 0) - group.lastReadSeq));
    } else {
      group.lastSeq = marker.lastSeq;
      group.lastReadSeq = marker.lastReadSeq;
      group.unreadCount = marker.unreadCount;
    }
    this.render();
  }

  setError(message: string): void {
    showError(this.error, message);
    if (message !== '') this.element.dataset.state = 'failed';
  }

  select(groupId: number | null): void {
    this.selected = groupId;
    for (const item of this.list.querySelectorAll<HTMLElement>('[data-group-id]')) {
      const current = Number(item.dataset.groupId) === groupId;
      item.classList.toggle('selected', current);
      const open = item.querySelector('.group-open');
      if (current) open?.setAttribute('aria-current', 'true');
      else open?.removeAttribute('aria-current');
    }
  }

  private render(): void {
    const items = this.groups.map((group) => {
      const unread = group.unreadCount ?? 0;
      const last = group.lastMessage;
      const open = h('button', { type: 'button', class: 'group-open' },
        group.isPrivate
          ? h('span', {
            class: 'lock', role: 'img', title: 'Private group', 'aria-label': 'Private',
            'data-testid': 'private-mark',
          })
          : null,
        h('span', { class: 'group-text' },
          h('span', { class: 'group-name' }, group.name),
          last ? h('span', { class: 'group-last' },
            `${last.playerName}: ${last.deletedOn ? 'This message was deleted' : last.message}`) : null),
        unread > 0
          ? h('span', { class: 'unread', title: `${unread} unread`, 'aria-label': `${unread} unread` },
            unread > 999 ? '999+' : String(unread))
          : null,
        group.isMember ? h('span', { class: 'badge' }, 'Member') : null,
        !group.isMember && group.invited ? h('span', { class: 'badge' }, 'Invited') : null);
      open.addEventListener('click', () => this.actions.open(group));
      const invited = !group.isMember && group.invited === true;
      const item = h('li', {
        'data-group-id': group.groupId, 'data-role': group.role,
        class: group.isMember ? 'member' : invited ? 'invited' : '',
      }, open);
      if (invited) {
        item.append(h('span', { class: 'invite-actions' },
          this.button('Accept', `Accept the invitation to ${group.name}`, 'accept-invite',
            `Could not accept the invitation to “${group.name}”.`, () => this.actions.join(group)),
          this.button('Decline', `Decline the invitation to ${group.name}`, 'decline-invite',
            `Could not decline the invitation to “${group.name}”.`, () => this.actions.decline(group))));
      } else if (!group.isMember) {
        item.append(this.button('Join', `Join ${group.name}`, 'join-group',
          `Could not join “${group.name}”.`, () => this.actions.join(group)));
      }
      return item;
    });
    this.list.replaceChildren(...items);
    this.select(this.selected);
  }

  /** A small button beside a group that runs `action`, showing `failed` and why if it fails. */
  private button(text: string, label: string, testId: string, failed: string,
                 action: () => Promise<void>): HTMLButtonElement {
    const button = h('button', {
      type: 'button', class: 'secondary small', 'aria-label': label, 'data-testid': testId,
    }, text);
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await action();
        showError(this.error, '');
      } catch (error) {
        showError(this.error, `${failed} ${errorText(error)}`);
        button.disabled = false;
      }
    });
    return button;
  }
}
