// Wires the views to the session, the REST client and the hub, and routes between the
// group list and a chat (#/groups/<id>, so reloads and the back button work).
import { api } from './api';
import { h } from './dom';
import { SessionEndedError, errorText } from './errors';
import { ChatHub, type HubState } from './hub';
import { Outbox } from './outbox';
import { ReadMarkers } from './read-markers';
import { clearSession, currentSession, onSessionChange, type Session } from './session';
import type { GroupSummary, MessageDto } from './types';
import { authView } from './views/auth';
import { ChatView } from './views/chat';
import { GroupsView } from './views/groups';
import { SearchView } from './views/search';

const GROUPS_REFRESH_MS = 30_000;

const STATUS_TEXT: Record<HubState, string> = {
  connected: 'Online',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  stopped: 'Offline',
};

export function startApp(root: HTMLElement): void {
  root.classList.remove('boot');
  let mounted: { userName: string; unmount(): void } | null = null;

  function render(notice = ''): void {
    mounted?.unmount();
    mounted = null;
    const session = currentSession();
    if (session === null) {
      document.title = 'ChatServer';
      root.replaceChildren(authView(notice, () => undefined));
      root.querySelector<HTMLInputElement>('#username')?.focus();
      return;
    }
    mounted = { userName: session.userName, unmount: mountChat(root, session, loggedOut) };
  }

  function loggedOut(notice: string): void {
    mounted?.unmount();
    mounted = null;
    clearSession();
    render(notice);
  }

  onSessionChange((session) => {
    if (session === null && mounted !== null) render('You are logged out.');
    else if (session !== null && (mounted === null || mounted.userName !== session.userName)) render();
  });
  render();
}

function routeGroupId(): number | null {
  const match = /^#\/groups\/(\d+)$/.exec(location.hash);
  return match ? Number(match[1]) : null;
}

function mountChat(root: HTMLElement, session: Session, loggedOut: (notice: string) => void): () => void {
  const isOwn = (author: Pick<MessageDto, 'playerId' | 'playerName'>): boolean =>
    session.userId !== null ? author.playerId === session.userId
      : author.playerName.toLowerCase() === session.userName.toLowerCase();

  const hub = new ChatHub();
  // The views are created below; the outbox only reports to them after that.
  const outbox = new Outbox(hub, {
    changed: (message) => chat.pendingChanged(message),
    delivered: (message, stored) => chat.delivered(message, stored),
  });
  let groups: GroupSummary[] = [];
  let groupsLoaded = false;

  const handleFailure = (error: unknown): string => {
    if (error instanceof SessionEndedError) clearSession();
    return errorText(error);
  };

  async function loadGroups(): Promise<void> {
    try {
      groups = await api.listGroups();
      groupsLoaded = true;
      groupsView.setGroups(groups);
      groupsView.setError('');
      search.groupsChanged();
      applyRoute();
    } catch (error) {
      groupsView.setError(`Could not load the groups. ${handleFailure(error)}`);
    }
  }

  function open(group: GroupSummary): void {
    const target = `#/groups/${group.groupId}`;
    if (location.hash === target) applyRoute();
    else location.hash = target;
  }

  function applyRoute(): void {
    const id = routeGroupId();
    const group = id === null ? null : groups.find((g) => g.groupId === id) ?? null;
    if (id !== null && group === null && groupsLoaded) {
      groupsView.setError('That group does not exist (any more).');
      history.replaceState(null, '', '#/');
    }
    if (id !== null && !groupsLoaded) return; // applied again once the list arrives
    const wasOpen = chat.groupId;
    chat.show(group);
    groupsView.select(group?.groupId ?? null);
    search.setOpenGroup(group?.isMember === true ? group : null);
    layout.dataset.view = group === null ? 'list' : 'chat';
    document.title = group === null ? 'ChatServer' : `${group.name} · ChatServer`;
    if (group !== null && wasOpen !== group.groupId) chat.focusComposer();
  }

  const groupsView = new GroupsView({
    open,
    async join(group) {
      await api.joinGroup(group.groupId);
      await loadGroups();
      open(group);
    },
    async decline(group) {
      if (session.userId === null) throw new Error('Log in again to decline invitations.');
      await api.removeMember(group.groupId, session.userId);
      if (routeGroupId() === group.groupId) history.replaceState(null, '', '#/');
      await loadGroups();
    },
    async create(name, isPrivate) {
      const groupId = await api.createGroup(name, isPrivate);
      await loadGroups();
      let created = groups.find((g) => g.groupId === groupId);
      if (created !== undefined && !created.isMember) { // this server makes the creator a member
        await api.joinGroup(groupId);
        await loadGroups();
        created = groups.find((g) => g.groupId === groupId);
      }
      if (created !== undefined) open(created);
    },
    reload: loadGroups,
  });

  const search = new SearchView({
    groupName: (groupId) => groups.find((g) => g.groupId === groupId)?.name,
    async open(groupId) {
      let group = groups.find((g) => g.groupId === groupId);
      if (group === undefined) { // joined since the list was read
        await loadGroups();
        group = groups.find((g) => g.groupId === groupId);
      }
      if (group === undefined) throw new Error('That group is not in your list any more.');
      open(group);
    },
    shown(showing) {
      groupsView.element.hidden = showing;
    },
  });

  const readMarkers = new ReadMarkers((marker) => groupsView.readMarker(marker));
  const chat = new ChatView(hub, outbox, isOwn, {
    async join(group) {
      await api.joinGroup(group.groupId);
      await loadGroups();
    },
    async leave(group) {
      await api.leaveGroup(group.groupId);
      await loadGroups();
    },
    back() {
      location.hash = '#/';
    },
    reload: loadGroups,
    seen(groupId, seq) {
      readMarkers.seen(groupId, seq);
    },
  });

  const status = h('span', { class: 'status-pill', 'data-state': 'connecting', role: 'status' },
    STATUS_TEXT.connecting);
  const logout = h('button', { type: 'button', class: 'secondary small' }, 'Log out');
  logout.addEventListener('click', async () => {
    logout.disabled = true;
    const refreshToken = currentSession()?.refreshToken;
    let notice = 'You are logged out.';
    try {
      if (refreshToken !== undefined) await api.logout(refreshToken);
    } catch {
      notice = 'You are logged out on this device, but the server could not be told.';
    }
    loggedOut(notice);
  });

  const header = h('header', { class: 'topbar' },
    h('p', { class: 'brand' }, 'ChatServer'),
    status,
    h('span', { class: 'user', title: 'Logged in as' }, session.userName),
    logout);
  const sidebar = h('div', { class: 'sidebar' }, search.form, search.panel, groupsView.element);
  const layout = h('div', { class: 'layout', 'data-view': 'list' }, sidebar, chat.element);
  root.replaceChildren(h('div', { class: 'app' }, header, h('main', { class: 'main' }, layout)));

  const offState = hub.onState((state, recovered) => {
    status.dataset.state = state;
    status.textContent = STATUS_TEXT[state];
    chat.hubStateChanged(state);
    if (state !== 'connected') return;
    if (recovered || !groupsLoaded) void loadGroups();
    // Re-subscribe (replaying what was missed) before sending what was typed meanwhile.
    void chat.sync().then(() => outbox.flush());
  });
  const offMessage = hub.onMessage((message) => chat.messageReceived(message));
  const offChanges = hub.onMessageChange((change) => chat.messageChanged(change));
  const offTyping = hub.onTyping((typing) => chat.userTyping(typing));
  const offMembers = hub.onMemberEvent((event) => chat.memberEvent(event));
  const offReadMarkers = hub.onReadMarker((marker) => groupsView.readMarker(marker));
  // Unread counts of the groups not open change with no event here: read them again now and
  // then, and when the page comes back into view.
  const refresher = window.setInterval(() => {
    if (document.visibilityState === 'visible') void loadGroups();
  }, GROUPS_REFRESH_MS);
  const onVisible = (): void => {
    if (document.visibilityState !== 'visible') return;
    void loadGroups();
    const open = chat.groupId;
    const newest = chat.newestSeq;
    if (open !== null && newest !== null) readMarkers.seen(open, newest);
  };
  document.addEventListener('visibilitychange', onVisible);
  const onHashChange = (): void => applyRoute();
  window.addEventListener('hashchange', onHashChange);

  void loadGroups();
  hub.start();

  let unmounted = false;
  function unmount(): void {
    if (unmounted) return;
    unmounted = true;
    window.removeEventListener('hashchange', onHashChange);
    offState();
    offMessage();
    offChanges();
    offTyping();
    offMembers();
    offReadMarkers();
    window.clearInterval(refresher);
    document.removeEventListener('visibilitychange', onVisible);
    readMarkers.clear();
    outbox.clear();
    void hub.stop();
  }
  return unmount;
}
