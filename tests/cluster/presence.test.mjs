// Who is online, across nodes: a member list read on any node shows the members with a hub
// connection on any other node, and stops showing them once those connections close or
// their node dies. Role changes and removals made on one node reach the readers on the others.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { HubClients, createSharedGroup, sleep } from '../e2e/hub.mjs';
import { newUser, request } from '../integration/server.mjs';
import { eventually, startCluster } from './cluster.mjs';

describe('presence across nodes', { timeout: 120_000 }, () => {
  let cluster;
  const hubs = {};
  const users = {};

  before(async () => {
    cluster = await startCluster({ nodes: 3, args: ['--hub-presence-grace', '1'] });
    for (const node of cluster.nodes) hubs[node.name] = new HubClients(node);
    for (const name of ['alice', 'bob', 'carol', 'dave', 'erin']) users[name] = await newUser(cluster.nodes[0].url, name);
  });
  after(async () => {
    await Promise.allSettled(Object.values(hubs).map((h) => h.stopAll()));
    await cluster?.stop();
  });

  const onlineOn = async (node, token, groupId) => {
    const response = await request(node.url, 'GET', `/api/Groups/groups/${groupId}/members`, { token });
    assert.equal(response.status, 200, response.text);
    return Object.fromEntries(response.body.map((m) => [m.playerName, m.online]));
  };

  test('MemberOnline and MemberOffline come from any node, offline only once no node has one', async () => {
    const [a, b, c] = cluster.nodes;
    const { dave, erin } = users;
    const groupId = await createSharedGroup(a.url, dave, erin);
    const watcher = await hubs.a.subscribe(dave.token, groupId, { label: 'dave on a' });
    const kinds = () => watcher.memberEvents.filter((e) => e.playerId === erin.id).map((e) => e.kind);
    await sleep(500);  // a follows the group's channel a moment after its first subscriber

    const onB = await hubs.b.connect(erin.token, { label: 'erin on b' });
    await eventually(() => kinds().length === 1, () => `online: ${JSON.stringify(watcher.memberEvents)}`);
    assert.deepEqual(watcher.memberEvents.at(-1),
      { kind: 'MemberOnline', groupId, playerId: erin.id, playerName: erin.userName });
    const onC = await hubs.c.connect(erin.token, { label: 'erin on c' });
    await onB.stop();
    await sleep(2500);  // b's grace is over: b asks the cluster, which still has c's
    const now = kinds();
    assert.ok(!now.includes('MemberOffline'), `erin is still on c: ${JSON.stringify(now)}`);

    await onC.stop();
    await eventually(() => kinds().at(-1) === 'MemberOffline', () => `offline: ${JSON.stringify(kinds())}`);
  });

  test('a connection on one node shows as online on the others, until it closes', async () => {
    const [a, b, c] = cluster.nodes;
    const { alice, bob, carol } = users;
    const groupId = await createSharedGroup(a.url, alice, bob, carol);
    const bobOnB = await hubs.b.connect(bob.token, { label: 'bob on b' });
    await hubs.c.connect(carol.token, { label: 'carol on c' });

    const expected = { [alice.userName]: false, [bob.userName]: true, [carol.userName]: true };
    for (const node of [a, b, c]) {
      await eventually(async () => JSON.stringify(await onlineOn(node, alice.token, groupId)) ===
        JSON.stringify(expected), `online as seen from ${node.name}`);
    }

    await bobOnB.stop();
    await eventually(async () => (await onlineOn(a, alice.token, groupId))[bob.userName] === false,
      'bob offline on a once his only connection closed on b');

    // A node that dies takes its connections' presence with it (its heartbeat expires).
    await c.kill();
    await eventually(async () => (await onlineOn(a, alice.token, groupId))[carol.userName] === false,
      'carol offline once her node died', 60_000);
  });

  test('a role change and a removal made on one node reach the readers on the others', async () => {
    const [a, b] = cluster.nodes;
    const { alice, bob, carol } = users;
    const groupId = await createSharedGroup(a.url, alice, bob, carol);
    const bobOnB = await hubs.b.subscribe(bob.token, groupId, { label: 'bob on b' });
    const carolOnB = await hubs.b.subscribe(carol.token, groupId, { label: 'carol on b' });
    await sleep(500);  // b follows the group's channel a moment after its first subscriber
    const named = await request(a.url, 'PUT', `/api/Groups/groups/${groupId}/members/${bob.id}/role`,
      { token: alice.token, json: { role: 'admin' } });
    assert.equal(named.status, 200, named.text);
    for (const client of [bobOnB, carolOnB]) {
      await eventually(() => client.memberEvents.some((e) => e.kind === 'MemberRoleChanged'),
        () => `${client.label}: ${JSON.stringify(client.memberEvents)}`);
    }
    const removed = await request(a.url, 'DELETE', `/api/Groups/groups/${groupId}/members/${carol.id}`,
      { token: alice.token });
    assert.equal(removed.status, 200, removed.text);
    await eventually(() => bobOnB.memberEvents.some((e) => e.kind === 'MemberLeft'),
      () => `bob on b: ${JSON.stringify(bobOnB.memberEvents)}`);
    const sent = await bobOnB.invoke('SendMessage', groupId, 'after carol was removed');
    await bobOnB.waitForMessage(sent.messageId);
    await sleep(300);
    assert.equal(carolOnB.messages(groupId).length, 0, carolOnB.describe(groupId));
  });
});
