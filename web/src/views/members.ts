// The open group's members: a header button says how many are online and opens the list
// (online first, then by name; the owner and admins marked). Loaded when the group opens and
// when the panel opens; kept current by the hub's member events, and read again every 60 s
// while shown (an event missed while reconnecting). The owner and admins also get a form to
// invite a player and buttons beside the members they may manage: Remove (the owner: anyone;
// an admin: plain members) and, for the owner, Make admin / Make member / Make owner.
import { api } from '../api';
import { busy, h, showError } from '../dom';
import { ApiError, errorText } from '../errors';
import type { GroupMemberDto, MemberEventDto, Role } from '../types';

const REFRESH_MS = 60_000;
const MAX_PLAYER_NAME = 100;

export interface MembersContext {
  /** Whether this member is the signed-in user. */
  isOwn(member: GroupMemberDto): boolean;
  /** Runs whenever the list is read again or changes. */
  changed(): void;
  /** Reads the group list again: after a change here, or when the group is gone for the user. */
  reloadGroups(): Promise<void>;
}

/** A button beside a member: what it says and does, and what to ask first (if anything). */
interface Control {
  text: string;
  label: string;
  testId: string;
  ask?: string;
  failed: string;
  run(): Promise<void>;
}

export class MembersPanel {
  readonly button = h('button', {
    type: 'button', class: 'secondary small members-toggle', 'aria-expanded': 'false',
    'aria-controls': 'members',
  }, 'Members');
  readonly element = h('section', { class: 'members', id: 'members', 'aria-label': 'Members', hidden: true });
  private readonly error = h('p', { class: 'error', role: 'alert', hidden: true });
  private readonly listSlot = h('div', {});
  private readonly inviteInput = h('input', {
    id: 'invite-name', name: 'playerName', type: 'text', required: true, maxlength: MAX_PLAYER_NAME,
    autocomplete: 'off', placeholder: 'Player name', 'data-testid': 'invite-name',
  });
  private readonly inviteNote = h('p', { class: 'notice', role: 'status', hidden: true });
  private readonly inviteForm = h('form', { class: 'invite', novalidate: true, hidden: true },
    h('label', { for: 'invite-name' }, 'Invite a player'),
    h('div', { class: 'row' }, this.inviteInput,
      h('button', { type: 'submit', class: 'small', 'data-testid': 'invite-submit' }, 'Invite')),
    this.inviteNote);
  private groupId: number | null = null;
  private timer: number | null = null;
  private generation = 0;
  private members: GroupMemberDto[] = [];

  constructor(private readonly context: MembersContext) {
    this.button.addEventListener('click', () => this.toggle());
    this.inviteForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.invite();
    });
    this.element.append(this.inviteForm, this.error, this.listSlot);
  }

  /** Whether the list as known now has an owner for whom `matches` holds. */
  hasOwner(matches: (member: GroupMemberDto) => boolean): boolean {
    return this.members.some((member) => member.role === 'owner' && matches(member));
  }

  /** Shows the members of this group (null: none open). */
  show(groupId: number | null): void {
    this.groupId = groupId;
    this.generation += 1;
    this.members = [];
    this.listSlot.replaceChildren();
    showError(this.error, '');
    this.inviteForm.hidden = true;
    this.inviteInput.value = '';
    this.inviteNote.hidden = true;
    this.button.textContent = 'Members';
    this.button.removeAttribute('aria-label');
    this.button.hidden = groupId === null;
    this.context.changed();
    if (groupId === null) this.close();
    else void this.refresh();
  }

  /** Loads the list again (after a reconnection, say). */
  async refresh(): Promise<void> {
    const groupId = this.groupId;
    const generation = this.generation;
    if (groupId === null) return;
    try {
      const members = await api.members(groupId);
      if (generation === this.generation) this.render(members);
    } catch (error) {
      if (generation !== this.generation) return;
      // Removed from the group (or it is gone): the group list says what is left.
      if (error instanceof ApiError && (error.status === 403 || error.status === 404)) {
        void this.context.reloadGroups();
      }
      if (this.element.hidden) return;
      this.listSlot.replaceChildren(h('p', { class: 'error' }, `Could not load the members. ${errorText(error)}`));
    }
  }

  /** A hub event about the members of some group. */
  memberEvent(event: MemberEventDto): void {
    if (event.groupId !== this.groupId) return;
    const known = this.members.find((member) => member.playerId === event.playerId);
    if ((event.kind === 'MemberOnline' || event.kind === 'MemberOffline') && known !== undefined) {
      known.online = event.kind === 'MemberOnline';
      this.render(this.members);
    } else if (event.kind === 'MemberRoleChanged' && known !== undefined && event.role !== undefined) {
      // A new owner: the previous one is an admin now.
      if (event.role === 'owner') {
        for (const member of this.members) if (member.role === 'owner') member.role = 'admin';
      }
      known.role = event.role;
      this.render(this.members);
      if (this.context.isOwn(known)) void this.context.reloadGroups();
    } else {
      void this.refresh();  // joined or left: roles and order come from the server
    }
  }

  private toggle(): void {
    if (this.element.hidden) this.open();
    else this.close();
  }

  private open(): void {
    this.element.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    void this.refresh();
    this.timer = window.setInterval(() => void this.refresh(), REFRESH_MS);
  }

  private close(): void {
    this.element.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
    if (this.timer !== null) window.clearInterval(this.timer);
    this.timer = null;
  }

  private async invite(): Promise<void> {
    const groupId = this.groupId;
    const name = this.inviteInput.value.trim();
    if (groupId === null) return;
    this.inviteNote.hidden = true;
    if (name === '') {
      showError(this.error, 'Type the name of the player to invite.');
      this.inviteInput.focus();
      return;
    }
    showError(this.error, '');
    try {
      await busy(this.inviteForm, () => api.invite(groupId, name));
      this.inviteInput.value = '';
      this.inviteNote.textContent = `Invited ${name}. The group shows up in their list to accept.`;
      this.inviteNote.hidden = false;
    } catch (error) {
      showError(this.error, `Could not invite ${name}. ${errorText(error)}`);
      this.inviteInput.focus();
    }
  }

  private render(members: GroupMemberDto[]): void {
    this.members = members;
    const mine = members.find((member) => this.context.isOwn(member))?.role;
    this.inviteForm.hidden = mine !== 'owner' && mine !== 'admin';
    const online = members.filter((member) => member.online).length;
    // Short, so that the header fits a phone; the label says what the number is.
    this.button.textContent = `${online} online`;
    this.button.setAttribute('aria-label', `Members: ${members.length}, ${online} online`);
    const sorted = [...members].sort((a, b) => Number(b.online) - Number(a.online)
      || a.playerName.localeCompare(b.playerName));
    const items = sorted.map((member) => h('li', {
      class: member.online ? 'member online' : 'member', 'data-player-id': member.playerId,
      'data-role': member.role,
    },
    h('span', { class: 'presence', title: member.online ? 'Online' : 'Offline' },
      member.online ? 'online' : 'offline'),
    h('span', { class: 'member-name' }, member.playerName),
    member.role === 'owner' ? h('span', { class: 'badge' }, 'Owner') : null,
    member.role === 'admin' ? h('span', { class: 'badge' }, 'Admin') : null,
    mine === undefined || this.context.isOwn(member) ? null : this.controls(member, mine)));
    this.listSlot.replaceChildren(h('ul', { class: 'member-list' }, ...items));
    this.context.changed();
  }

  /** The buttons beside a member that the user (with role `mine`) may use; null if none. */
  private controls(member: GroupMemberDto, mine: Role): HTMLElement | null {
    const groupId = this.groupId;
    if (groupId === null) return null;
    const { playerId, playerName: name } = member;
    const setRole = (role: Role) => () => api.setRole(groupId, playerId, role);
    const controls: Control[] = [];
    if (mine === 'owner' && member.role === 'member') {
      controls.push({ text: 'Make admin', label: `Make ${name} an admin`, testId: 'make-admin',
                      failed: `Could not make ${name} an admin.`, run: setRole('admin') });
    }
    if (mine === 'owner' && member.role === 'admin') {
      controls.push({ text: 'Make member', label: `Make ${name} a plain member`, testId: 'make-member',
                      failed: `Could not make ${name} a plain member.`, run: setRole('member') });
    }
    if (mine === 'owner') {
      controls.push({ text: 'Make owner', label: `Hand the group over to ${name}`, testId: 'make-owner',
                      ask: `Hand the group over to ${name}? You become an admin.`,
                      failed: `Could not hand the group over to ${name}.`, run: setRole('owner') });
    }
    if (mine === 'owner' || (mine === 'admin' && member.role === 'member')) {
      controls.push({ text: 'Remove', label: `Remove ${name}`, testId: 'remove-member',
                      ask: `Remove ${name} from the group?`, failed: `Could not remove ${name}.`,
                      run: () => api.removeMember(groupId, playerId) });
    }
    if (controls.length === 0) return null;

    const box = h('span', { class: 'member-actions' });
    const showButtons = (): void => box.replaceChildren(...controls.map((control) => {
      const button = h('button', {
        type: 'button', class: 'link', 'aria-label': control.label, 'data-testid': control.testId,
      }, control.text);
      button.addEventListener('click', () => {
        if (control.ask === undefined) void this.act(button, control);
        else askFirst(control);
      });
      return button;
    }));
    // Remove and Make owner ask in place, as deleting a message does.
    const askFirst = (control: Control): void => {
      const yes = h('button', {
        type: 'button', class: 'small danger', 'data-testid': 'confirm-member-action',
      }, control.text);
      const no = h('button', { type: 'button', class: 'small secondary' }, 'Cancel');
      yes.addEventListener('click', () => void this.act(yes, control));
      no.addEventListener('click', showButtons);
      box.replaceChildren(h('span', { class: 'ask' }, control.ask ?? ''), yes, no);
      no.focus();
    };
    showButtons();
    return box;
  }

  /** Runs a control's request; the list and the group list are read again after it. */
  private async act(button: HTMLButtonElement, control: Control): Promise<void> {
    button.disabled = true;
    try {
      await control.run();
      showError(this.error, '');
      await this.refresh();
      void this.context.reloadGroups();
    } catch (error) {
      showError(this.error, `${control.failed} ${errorText(error)}`);
      button.disabled = false;
    }
  }
}
