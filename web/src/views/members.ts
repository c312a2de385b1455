// The open group's members: a header button says how many are online and opens the list
// (online first, then by name; the owner marked). Loaded when the group opens and when the
// panel opens; kept current by the hub's member events, and read again every 60 s while
// shown (an event missed while reconnecting).
import { api } from '../api';
import { h } from '../dom';
import { errorText } from '../errors';
import type { GroupMemberDto, MemberEventDto } from '../types';

const REFRESH_MS = 60_000;

export class MembersPanel {
  readonly button = h('button', {
    type: 'button', class: 'secondary small members-toggle', 'aria-expanded': 'false',
    'aria-controls': 'members',
  }, 'Members');
  readonly element = h('section', { class: 'members', id: 'members', 'aria-label': 'Members', hidden: true });
  private groupId: number | null = null;
  private timer: number | null = null;
  private generation = 0;
  private members: GroupMemberDto[] = [];

  /** `changed` runs whenever the list is read again or changes. */
  constructor(private readonly changed: () => void = () => undefined) {
    this.button.addEventListener('click', () => this.toggle());
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
    this.element.replaceChildren();
    this.button.textContent = 'Members';
    this.button.removeAttribute('aria-label');
    this.button.hidden = groupId === null;
    this.changed();
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
      if (generation !== this.generation || this.element.hidden) return;
      this.element.replaceChildren(h('p', { class: 'error' }, `Could not load the members. ${errorText(error)}`));
    }
  }

  /** A hub event about the members of some group. */
  memberEvent(event: MemberEventDto): void {
    if (event.groupId !== this.groupId) return;
    const known = this.members.find((member) => member.playerId === event.playerId);
    if ((event.kind === 'MemberOnline' || event.kind === 'MemberOffline') && known !== undefined) {
      known.online = event.kind === 'MemberOnline';
      this.render(this.members);
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

  private render(members: GroupMemberDto[]): void {
    this.members = members;
    const online = members.filter((member) => member.online).length;
    // Short, so that the header fits a phone; the label says what the number is.
    this.button.textContent = `${online} online`;
    this.button.setAttribute('aria-label', `Members: ${members.length}, ${online} online`);
    const sorted = [...members].sort((a, b) => Number(b.online) - Number(a.online)
      || a.playerName.localeCompare(b.playerName));
    const items = sorted.map((member) => h('li', {
      class: member.online ? 'member online' : 'member', 'data-player-id': member.playerId,
    },
    h('span', { class: 'presence', title: member.online ? 'Online' : 'Offline' },
      member.online ? 'online' : 'offline'),
    h('span', { class: 'member-name' }, member.playerName),
    member.role === 'owner' ? h('span', { class: 'badge' }, 'Owner') : null));
    this.element.replaceChildren(h('ul', { class: 'member-list' }, ...items));
    this.changed();
  }
}
