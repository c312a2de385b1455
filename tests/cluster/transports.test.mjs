// Long polling and Server-Sent Events across a cluster, behind a load balancer of the test's
// without sticky sessions: it sends each request of a connection to the next of three nodes
// in turn, so a connection's negotiate, polls, event stream and POSTs land on different
// nodes, and each node must pass a request for a connection it does not hold on to the one
// that does (--node-url). Both JS clients, over both transports (and MessagePack over long
// polling), share a group and send to each other: every message once, in order, everywhere.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  HubClients, SETTLE_MS, assertSameMessage, createSharedGroup, history, restSend, sleep,
} from '../e2e/hub.mjs';
import { newUser } from '../integration/server.mjs';
import { roundRobinByConnection, startHttpProxy } from '../support/http-proxy.mjs';
import { startCluster } from './cluster.mjs';

const CLIENTS = [
  { user: 'alice', library: 'microsoft', transport: 'LongPolling', protocol: 'json' },
  { user: 'bob', library: 'aspnet', transport: 'LongPolling', protocol: 'json' },
  { user: 'carol', library: 'microsoft', transport: 'ServerSentEvents', protocol: 'json' },
  { user: 'dave', library: 'aspnet', transport: 'ServerSentEvents', protocol: 'json' },
  { user: 'erin', library: 'microsoft', transport: 'LongPolling', protocol: 'messagepack' },
];

describe('long polling and Server-Sent Events behind a round-robin balancer', { timeout: 180_000 }, () => {
  let cluster;
  let balancer;
  let hubs;
  const users = {};

  before(async () => {
    cluster = await startCluster({ nodes: 3, nodeUrls: true });
    balancer = await startHttpProxy({ target: roundRobinByConnection(cluster.nodes.map((node) => node.url)) });
    hubs = new HubClients({ url: balancer.url });
    for (const { user } of CLIENTS) users[user] = await newUser(cluster.nodes[0].url, user);
  });
  after(async () => {
    await hubs?.stopAll();
    await balancer?.close();
    await cluster?.stop();
  });

  test('both clients, both transports: messages sent on any node reach everyone once, in order', async () => {
    const [a, b, c] = cluster.nodes;
    const groupId = await createSharedGroup(a.url, ...CLIENTS.map(({ user }) => users[user]));
    const clients = [];
    for (const spec of CLIENTS) {
      const label = `${spec.user} (${spec.library} · ${spec.transport} · ${spec.protocol})`;
      const options = { label, transport: spec.transport, protocol: spec.protocol };
      const token = users[spec.user].token;
      const client = spec.library === 'microsoft' ? await hubs.connect(token, options)
        : await hubs.connectAspNet(token, options);
      assert.equal(client.transportName, spec.transport, `${label}: the transport in use`);
      await client.invoke('ConnectToGroup', groupId);
      clients.push({ spec, client });
    }

    for (const { spec, client } of clients) {
      await client.invoke('SendMessage', groupId, `from ${spec.user} over ${spec.transport}`);
    }
    await restSend(b.url, users.alice.token, groupId, 'over REST on b');
    await restSend(c.url, users.bob.token, groupId, 'over REST on c');
    const total = clients.length + 2;

    const stored = await history(a.url, users.alice.token, groupId);
    assert.equal(stored.length, total, `history: ${JSON.stringify(stored)}`);
    for (const { client } of clients) await client.waitForSeq(groupId, total, 20_000);
    await sleep(SETTLE_MS);
    for (const { spec, client } of clients) {
      assert.equal(client.received.length, total, `each message once: ${client.describe()}`);
      for (const [i, dto] of client.received.entries()) {
        assertSameMessage(dto, stored[i], spec.protocol, `${client.label}: message ${i + 1}`);
      }
    }

    // The balancer really spread each connection's requests over the nodes, and every node
    // answered them as the holder would.
    const byConnection = new Map();
    for (const entry of balancer.log.filter((e) => e.id)) {
      if (!byConnection.has(entry.id)) byConnection.set(entry.id, []);
      byConnection.get(entry.id).push(entry);
    }
    assert.ok(byConnection.size >= clients.length, `one connection token per client: ${byConnection.size}`);
    for (const [id, requests] of byConnection) {
      const described = JSON.stringify(requests.map((e) => `${e.method} → ${e.target} ${e.status}`));
      assert.ok(new Set(requests.map((e) => e.target)).size >= 2, `connection ${id} reached several nodes: ${described}`);
      assert.ok(requests.every((e) => e.status === undefined || (e.status >= 200 && e.status < 300)),
                `connection ${id}: every request succeeded: ${described}`);
    }

    // Stopping ends each one cleanly through the balancer too (a long poll's DELETE lands on
    // whichever node is next).
    for (const { client } of clients) {
      await client.stop();
      assert.equal(client.closeError, undefined, `${client.label}: closed with ${client.closeError}`);
    }
  });
});
