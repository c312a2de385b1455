// Several nodes on one PostgreSQL database and one Redis: what is sent on any node
// reaches the subscribers on every node, once each and in seq order.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import WebSocket from 'ws';

import {
  HUB_PATH, HubClients, RS, createSharedGroup, history, negotiate, range, restSend, sleep,
  withTimeout,
} from '../e2e/hub.mjs';
import { leaveGroup, newUser } from '../integration/server.mjs';
import { eventually, startCluster } from './cluster.mjs';

describe('delivery across nodes', { timeout: 120_000 }, () => {
  let cluster;
  let a;
  let b;
  let c;
  const hubs = {};
  const users = {};

  before(async () => {
    cluster = await startCluster({ nodes: 3 });
    [a, b, c] = cluster.nodes;
    for (const node of cluster.nodes) hubs[node.name] = new HubClients(node);
    for (const name of ['alice', 'bob', 'carol']) users[name] = await newUser(a.url, name);
  });
  after(async () => {
    await Promise.allSettled(Object.values(hubs).map((h) => h.stopAll()));
    await cluster?.stop();
  });

  test('a hub send and a REST send on one node reach a subscriber on another, both ways', async () => {
    const { alice, bob } = users;
    const groupId = await createSharedGroup(a.url, alice, bob);
    const onA = await hubs.a.subscribe(alice.token, groupId, { label: 'alice on a' });
    const onB = await hubs.b.subscribe(bob.token, groupId, { label: 'bob on b' });
    const bobHub = await hubs.b.connect(bob.token, { label: 'bob sends on b' });

    const viaHub = await bobHub.invoke('SendMessage', groupId, 'hub send on b');
    const viaRest = await restSend(b.url, bob.token, groupId, 'REST send on b');
    const fromA = await restSend(a.url, alice.token, groupId, 'REST send on a');
    assert.deepEqual([viaHub.seq, viaRest.seq, fromA.seq], [1, 2, 3]);

    for (const client of [onA, onB]) {
      await client.waitForSeq(groupId, 3);
      await sleep(200);  // anything extra would arrive now
      assert.deepEqual(client.received, [viaHub, viaRest, fromA],
                       `each message once, as stored: ${client.describe(groupId)}`);
    }
  });

  test('senders on three nodes at once: every subscriber gets 1..N once, in order', async () => {
    const { alice, bob, carol } = users;
    const groupId = await createSharedGroup(a.url, alice, bob, carol);
    const perNode = 150;
    const readers = [
      await hubs.a.subscribe(alice.token, groupId, { label: 'alice on a' }),
      await hubs.b.subscribe(bob.token, groupId, { label: 'bob on b' }),
      await hubs.c.subscribe(carol.token, groupId, { label: 'carol on c' }),
    ];
    const senders = [
      await hubs.a.connect(alice.token, { label: 'alice sends on a' }),
      await hubs.b.connect(bob.token, { label: 'bob sends on b' }),
      await hubs.c.connect(carol.token, { label: 'carol sends on c' }),
    ];
    await Promise.all(senders.map(async (sender, s) => {
      // Several in flight per sender, so that the nodes' batches interleave.
      const window = 10;
      for (let i = 0; i < perNode; i += window) {
        await Promise.all(range(i, Math.min(perNode, i + window) - 1)
          .map((k) => sender.invoke('SendMessage', groupId, `s${s}-${k}`)));
      }
    }));
    const total = 3 * perNode;
    for (const reader of readers) {
      await reader.waitForCount(groupId, total, 20_000);
      await sleep(200);
      assert.deepEqual(reader.seqs(groupId), range(1, total),
                       `${reader.label}: 1..${total} once each, in order`);
    }
    const stored = await history(a.url, alice.token, groupId);
    assert.deepEqual(stored.map((m) => m.seq), range(1, total), 'stored seqs are 1..N, gap-free');
    assert.deepEqual(readers[0].received.map((m) => m.messageId), stored.map((m) => m.messageId));
  });

  test('negotiate on one node, connect to another: no sticky session needed', async () => {
    const { alice } = users;
    const negotiated = await negotiate(a.url, alice.token);
    assert.equal(negotiated.status, 200, negotiated.text);
    const token = negotiated.body.connectionToken;
    const url = `ws://127.0.0.1:${b.server.port}${HUB_PATH}?id=${encodeURIComponent(token)}` +
                `&access_token=${encodeURIComponent(alice.token)}`;
    const ws = new WebSocket(url);
    const handshake = await withTimeout(new Promise((resolve, reject) => {
      ws.once('open', () => ws.send(`{"protocol":"json","version":1}${RS}`));
      ws.once('message', (data) => resolve(String(data)));
      ws.once('unexpected-response', (_, response) => reject(new Error(`HTTP ${response.statusCode}`)));
      ws.once('error', reject);
    }), 'WebSocket on b with a token negotiated on a');
    assert.equal(handshake, `{}${RS}`);
    ws.close();

    // The same token a second time on b is refused: it was taken there (409 while the first
    // connection is still closing, 404 once it has ended).
    const again = new WebSocket(url);
    const status = await withTimeout(new Promise((resolve) => {
      again.once('unexpected-response', (_, response) => resolve(response.statusCode));
      again.once('open', () => resolve('open'));
      again.once('error', () => {});
    }), 'second use');
    assert.ok([404, 409].includes(status), `second use: ${status}`);
    again.terminate();

    // And the @microsoft/signalr client, negotiating through c and everything else on c too.
    const client = await hubs.c.connect(alice.token, { label: 'alice on c' });
    assert.equal(client.connection.state, 'Connected');
  });

  test('leaving on one node stops delivery to that member on every node', async () => {
    const { alice, bob } = users;
    const groupId = await createSharedGroup(a.url, alice, bob);
    const bobOnC = await hubs.c.subscribe(bob.token, groupId, { label: 'bob on c' });
    const aliceOnB = await hubs.b.subscribe(alice.token, groupId, { label: 'alice on b' });
    await restSend(a.url, alice.token, groupId, 'before');
    await bobOnC.waitForSeq(groupId, 1);

    const left = await leaveGroup(a.url, bob.token, groupId);
    assert.equal(left.status, 200, left.text);
    await sleep(300);
    await restSend(a.url, alice.token, groupId, 'after bob left');
    await aliceOnB.waitForSeq(groupId, 2);
    await sleep(300);
    assert.deepEqual(bobOnC.seqs(groupId), [1], `bob got nothing after leaving: ${bobOnC.describe(groupId)}`);
  });

  test('typing on one node reaches the readers on the others, never storage', async () => {
    const { alice, bob, carol } = users;
    const groupId = await createSharedGroup(a.url, alice, bob, carol);
    const bobOnB = await hubs.b.subscribe(bob.token, groupId, { label: 'bob on b' });
    const carolOnC = await hubs.c.subscribe(carol.token, groupId, { label: 'carol on c' });
    const aliceOnA = await hubs.a.subscribe(alice.token, groupId, { label: 'alice on a' });
    const aliceOnC = await hubs.c.subscribe(alice.token, groupId, { label: 'alice on c' });
    // A node follows the group's channel a moment after its first subscriber, and typing
    // is at most once (nothing fills what a node was not yet listening for).
    await sleep(500);

    assert.equal(await aliceOnA.invoke('SendTyping', groupId), null);
    const expected = { groupId, playerId: alice.id, playerName: alice.userName, expiresInMs: 5000 };
    for (const client of [bobOnB, carolOnC]) {
      await eventually(() => client.typing.length === 1, `${client.label} hears alice typing`);
      assert.deepEqual(client.typing[0], expected, client.label);
    }
    // Over REST on c as well; then nothing more arrives, and the typist hears none of it.
    const rest = await fetch(`${c.url}/api/Messages/groups/${groupId}/typing`,
      { method: 'POST', headers: { authorization: `Bearer ${bob.token}` } });
    assert.equal(rest.status, 204);
    await eventually(() => aliceOnA.typing.length === 1 && carolOnC.typing.length === 2,
      'bob typing reaches a and c');
    await sleep(300);
    assert.deepEqual(aliceOnC.typing.map((t) => t.playerId), [bob.id], 'alice on c: only bob');
    assert.equal(bobOnB.typing.length, 1, 'bob hears only alice');
    assert.deepEqual(await history(a.url, alice.token, groupId), [], 'nothing is stored');
  });

  test('a read marker set on one node reaches the devices of its reader on the others, no one else', async () => {
    const { alice, bob } = users;
    const groupId = await createSharedGroup(a.url, alice, bob);
    for (const text of ['one', 'two']) {
      const sent = await fetch(`${a.url}/api/Messages/groups/${groupId}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ message: text }),
      });
      assert.equal(sent.status, 200);
    }
    const bobOnA = await hubs.a.subscribe(bob.token, groupId, { label: 'bob on a' });
    const bobOnC = await hubs.c.subscribe(bob.token, groupId, { label: 'bob on c' });
    const aliceOnC = await hubs.c.subscribe(alice.token, groupId, { label: 'alice on c' });
    await sleep(500); // c follows the group's channel

    const marked = await fetch(`${b.url}/api/Groups/groups/${groupId}/read`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${bob.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ seq: 2 }),
    });
    assert.equal(marked.status, 200);
    const expected = { groupId, lastReadSeq: 2, lastSeq: 2, unreadCount: 0 };
    for (const client of [bobOnA, bobOnC]) {
      await eventually(() => client.readMarkers.length === 1, `${client.label} hears bob read`);
      assert.deepEqual(client.readMarkers[0], expected, client.label);
    }
    await sleep(300);
    assert.deepEqual(aliceOnC.readMarkers, [], 'alice hears nothing of it');
  });

  test('an edit and a deletion made on one node reach the subscribers on the others, in seq order', async () => {
    const { alice, bob } = users;
    const groupId = await createSharedGroup(a.url, alice, bob);
    const bobOnA = await hubs.a.subscribe(bob.token, groupId, { label: 'bob on a' });
    const bobOnC = await hubs.c.subscribe(bob.token, groupId, { label: 'bob on c', protocol: 'messagepack' });
    await sleep(500); // a and c follow the group's channel
    const sent = await fetch(`${b.url}/api/Messages/groups/${groupId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'draft' }),
    }).then((response) => response.json());
    const edited = await fetch(`${b.url}/api/Messages/${sent.messageId}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'final' }),
    });
    assert.equal(edited.status, 200);
    const deleted = await fetch(`${b.url}/api/Messages/${sent.messageId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${alice.token}` },
    });
    assert.equal(deleted.status, 200);
    for (const client of [bobOnA, bobOnC]) {
      await eventually(() => client.timeline.length === 3, `${client.label}: ${JSON.stringify(client.timeline)}`);
      assert.deepEqual(client.timeline, [
        { kind: 'MessageReceived', seq: 1 },
        { kind: 'MessageEdited', seq: 2 },
        { kind: 'MessageDeleted', seq: 3 },
      ], client.label);
      assert.equal(client.changes[0].message, 'final', client.label);
      assert.equal(client.changes[1].message, '', client.label);
    }
  });
});
