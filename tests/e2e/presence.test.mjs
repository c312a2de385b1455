// Presence on the hub: MemberOnline when a member's first connection opens, MemberOffline
// once the last one has been gone for the grace (--hub-presence-grace 1), nothing for a
// reconnect within it; MemberJoined and MemberLeft as members come and go. Each goes to the
// group's readers, never to the member's own connections.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { joinGroup, leaveGroup } from '../integration/server.mjs';
import { createSharedGroup, sleep, useHubServer, waitFor } from './hub.mjs';

const GRACE_MS = 1000;

describe('presence events', { timeout: 60_000 }, () => {
  const { server, hubs, users: { alice, bob, carol } } = useHubServer({
    users: ['alice', 'bob', 'carol'], serverArgs: ['--hub-presence-grace', '1'],
  });
  const about = (client, user) => client.memberEvents
    .filter((event) => event.playerId === user.id)
    .map((event) => event.kind);

  test('online at the first connection, offline after the grace, no flap on a reconnect', async () => {
    const groupId = await createSharedGroup(server.url, alice, bob);
    const watcher = await hubs.subscribe(alice.token, groupId, { label: 'alice' });

    const first = await hubs.connect(bob.token, { label: 'bob #1' });
    await waitFor(() => about(watcher, bob).length === 1, () => JSON.stringify(watcher.memberEvents));
    assert.deepEqual(watcher.memberEvents.at(-1),
      { kind: 'MemberOnline', groupId, playerId: bob.id, playerName: bob.userName });
    const second = await hubs.connect(bob.token, { label: 'bob #2', protocol: 'messagepack' });
    await first.stop();
    await sleep(GRACE_MS + 700);
    assert.deepEqual(about(watcher, bob), ['MemberOnline'], 'a second connection: no change');

    await second.stop();
    const again = await hubs.connect(bob.token, { label: 'bob back within the grace' });
    await sleep(GRACE_MS + 700);
    assert.deepEqual(about(watcher, bob), ['MemberOnline'], 'back within the grace: no flap');

    await again.stop();
    await waitFor(() => about(watcher, bob).length === 2, () => JSON.stringify(watcher.memberEvents),
      GRACE_MS + 5000);
    assert.deepEqual(watcher.memberEvents.at(-1),
      { kind: 'MemberOffline', groupId, playerId: bob.id, playerName: bob.userName });
    assert.deepEqual(about(watcher, alice), [], 'alice hears nothing of herself');
  });

  test('joining and leaving are told to the readers', async () => {
    const groupId = await createSharedGroup(server.url, alice);
    const watcher = await hubs.subscribe(alice.token, groupId, { label: 'alice' });
    assert.equal((await joinGroup(server.url, carol.token, groupId)).status, 200);
    await waitFor(() => about(watcher, carol).includes('MemberJoined'), 'MemberJoined');
    assert.deepEqual(watcher.memberEvents.find((e) => e.kind === 'MemberJoined'),
      { kind: 'MemberJoined', groupId, playerId: carol.id, playerName: carol.userName });
    assert.equal((await leaveGroup(server.url, carol.token, groupId)).status, 200);
    await waitFor(() => about(watcher, carol).includes('MemberLeft'), 'MemberLeft');
    assert.deepEqual(watcher.memberEvents.find((e) => e.kind === 'MemberLeft'),
      { kind: 'MemberLeft', groupId, playerId: carol.id });
  });
});
