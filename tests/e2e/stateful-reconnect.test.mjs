// Stateful reconnect (@microsoft/signalr 10 with withStatefulReconnect()): the client's
// WebSocket runs through a TCP proxy of the test's, which cuts it (both sides destroyed) while
// another client sends numbered messages. The client reopens the same connection token at
// once, without negotiating again and without a handshake; the server must resume the same
// connection, replay what the client had not acknowledged, and drop what the client replays
// twice, so that nothing is lost or repeated either way. A cut longer than
// --hub-disconnect-timeout ends the connection instead.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import WebSocket from 'ws';

import { request } from '../integration/server.mjs';
import { startTcpProxy } from '../support/tcp-proxy.mjs';
import {
  HUB_PATH, HubClients, SETTLE_MS, WAIT_MS, createSharedGroup, history, range, sleep,
  useHubServer, waitFor,
} from './hub.mjs';

const DISCONNECT_TIMEOUT_S = 3;

/**
 * Proxies, and the clients that connect through them, of one suite: through(server) starts a
 * proxy to it and returns { proxy, connect(token, label, configure) }; all are closed after
 * the suite, before the server stops (this `after` must be declared before useHubServer's).
 */
function useProxies() {
  const made = [];
  after(async () => {
    await Promise.allSettled(made.map(({ hubs }) => hubs.stopAll()));
    await Promise.allSettled(made.map(({ proxy }) => proxy.close()));
  });
  return async (server) => {
    const proxy = await startTcpProxy({ targetPort: server.port });
    const hubs = new HubClients({ url: proxy.url });
    made.push({ proxy, hubs });
    return { proxy, hubs };
  };
}

/**
 * A started stateful-reconnect connection through `hubs`' proxy, with `reconnecting` counting
 * its onreconnecting events (a new connection, which stateful reconnect must make needless).
 */
async function connectStateful(hubs, token, label, { automaticReconnect = true } = {}) {
  const client = await hubs.connect(token, {
    label, transport: 'WebSockets',
    configure: (builder) => {
      const stateful = builder.withStatefulReconnect();
      return automaticReconnect ? stateful.withAutomaticReconnect([0, 1000]) : stateful;
    },
  });
  client.reconnecting = 0;
  client.connection.onreconnecting(() => { client.reconnecting += 1; });
  assert.equal(client.transportName, 'WebSockets', `${label}: the transport in use`);
  assert.equal(client.connection.connection.features.reconnect, true,
               `${label}: negotiate must answer useStatefulReconnect: true to a client that asks`);
  return client;
}

/** Waits for `count` messages of the group, failing at once if the connection was replaced or closed. */
function waitForAll(client, groupId, count, timeout = 20_000) {
  return waitFor(() => {
    if (client.reconnecting > 0) {
      throw new Error(`${client.label} reconnected with a new connection: ${client.describe(groupId)}`);
    }
    if (client.closed) throw new Error(`${client.describe(groupId)}`);
    return client.messages(groupId).length >= count;
  }, () => `${count} messages: ${client.describe(groupId)}`, timeout);
}

/** The hub requests that went through `proxy`, as request lines, in order. */
const requestLines = (proxy) => proxy.connections.map((c) => c.firstLine ?? '(nothing sent)');
const connectionToken = (line) => /[?&]id=([^&\s]+)/.exec(line)?.[1];

describe('stateful reconnect (@microsoft/signalr 10, withStatefulReconnect)', { timeout: 120_000 }, () => {
  const through = useProxies();
  const { server, hubs, users: { alice, bob } } = useHubServer({
    users: ['alice', 'bob'], serverArgs: ['--hub-disconnect-timeout', String(DISCONNECT_TIMEOUT_S)],
  });

  test('negotiate grants useStatefulReconnect only to a client that asks', async () => {
    const asked = await request(server.url, 'POST',
                                `${HUB_PATH}/negotiate?negotiateVersion=1&useStatefulReconnect=true`,
                                { token: alice.token });
    assert.equal(asked.status, 200, asked.text);
    assert.equal(asked.body.useStatefulReconnect, true, asked.text);
    const plain = await request(server.url, 'POST', `${HUB_PATH}/negotiate?negotiateVersion=1`,
                                { token: alice.token });
    assert.equal(plain.status, 200, plain.text);
    assert.ok(!('useStatefulReconnect' in plain.body), `not granted unasked: ${plain.text}`);
  });

  test('a WebSocket cut twice while messages flow: every message once, in order, on the same connection', async () => {
    const groupId = await createSharedGroup(server.url, alice, bob);
    const { proxy, hubs: viaProxy } = await through(server);
    const receiver = await connectStateful(viaProxy, alice.token, 'alice (stateful, through the proxy)');
    const connectionId = receiver.connection.connectionId;
    await receiver.invoke('ConnectToGroup', groupId);
    const sender = await hubs.connect(bob.token, { label: 'bob (direct)' });

    const fromBob = 60;
    const sending = (async () => {
      for (let k = 1; k <= fromBob; k += 1) {
        await sender.invoke('SendMessage', groupId, `bob ${k}`);
        await sleep(15);
      }
    })();
    sending.catch(() => {}); // awaited below; a failure must not count as unhandled meanwhile
    // alice's own sends: one in flight as the socket is cut, two made while it is gone.
    const own = [];
    const sendOwn = () => {
      const k = own.length + 1;
      // Settled at once, so that a failure shows in the checks below, not as an unhandled rejection.
      own.push(receiver.invoke('SendMessage', groupId, `alice ${k}`).catch((error) => ({ error })));
    };
    for (const [cutAt, pauseBeforeCut] of [[10, 20], [30, 0]]) {
      await waitForAll(receiver, groupId, cutAt);
      const connectionsBefore = proxy.connections.length;
      sendOwn();
      if (pauseBeforeCut > 0) await sleep(pauseBeforeCut); // so the server may run it before the cut
      proxy.cut();
      sendOwn();
      sendOwn();
      await waitFor(() => proxy.connections.length > connectionsBefore,
                    `${receiver.label} to reopen its WebSocket after the cut at ${cutAt} messages`);
    }
    await sending;
    const ownResults = await Promise.all(own);
    const total = fromBob + own.length;
    await waitForAll(receiver, groupId, total);
    await sleep(SETTLE_MS);

    assert.equal(receiver.reconnecting, 0, 'no new connection');
    assert.ok(!receiver.closed, `${receiver.label} was closed: ${receiver.closeError?.message}`);
    assert.equal(receiver.connection.connectionId, connectionId, 'the connection id stays the same');
    assert.equal(await receiver.invoke('GetConnectionId'), connectionId, 'and the server still knows it by it');

    const stored = await history(server.url, alice.token, groupId);
    const texts = stored.map((m) => m.message);
    const expected = [...range(1, fromBob).map((k) => `bob ${k}`), ...range(1, own.length).map((k) => `alice ${k}`)];
    assert.deepEqual([...texts].sort(), expected.sort(), 'each send stored exactly once');
    assert.deepEqual(receiver.seqs(groupId), range(1, total), `every message once, in order: ${receiver.describe(groupId)}`);
    assert.deepEqual(receiver.received, stored, 'what arrived is what was stored');
    for (const [i, dto] of ownResults.entries()) {
      assert.equal(dto.error, undefined, `SendMessage of alice ${i + 1} failed: ${dto.error?.message}`);
      assert.deepEqual(dto, stored.find((m) => m.message === `alice ${i + 1}`), `SendMessage result of alice ${i + 1}`);
    }

    // Reconnecting reopened the same connection token; it did not negotiate again.
    const lines = requestLines(proxy);
    const upgrades = lines.filter((line) => line.startsWith(`GET ${HUB_PATH}?`));
    assert.equal(upgrades.length, 3, `the first WebSocket and one per cut: ${JSON.stringify(lines)}`);
    assert.equal(new Set(upgrades.map(connectionToken)).size, 1, `one connection token: ${JSON.stringify(lines)}`);
    assert.equal(lines.filter((line) => line.includes('/negotiate')).length, 1,
                 `negotiated once: ${JSON.stringify(lines)}`);
  });

  test('while the network stays down for a second, what is sent meanwhile arrives after it', async () => {
    const groupId = await createSharedGroup(server.url, alice, bob);
    const { proxy, hubs: viaProxy } = await through(server);
    const receiver = await connectStateful(viaProxy, alice.token, 'alice (stateful, down for a second)');
    await receiver.invoke('ConnectToGroup', groupId);
    const sender = await hubs.connect(bob.token, { label: 'bob (direct)' });
    await sender.invoke('SendMessage', groupId, 'before the cut');
    await waitForAll(receiver, groupId, 1);

    proxy.hold();
    proxy.cut();
    const cutAt = Date.now();
    // All at once: the server runs one connection's invocations in order.
    const sends = range(1, 20).map((k) => sender.invoke('SendMessage', groupId, `while down ${k}`));
    await waitFor(() => proxy.connections.some((c) => c.joinedAt === undefined),
                  `${receiver.label} to try to reopen its WebSocket`);
    await Promise.all(sends);
    await sleep(Math.max(0, cutAt + 1000 - Date.now())); // down for a second: well within the timeout
    proxy.release();
    await waitForAll(receiver, groupId, 21);
    await sleep(SETTLE_MS);
    assert.deepEqual(receiver.seqs(groupId), range(1, 21), receiver.describe(groupId));
    assert.equal(receiver.reconnecting, 0, 'no new connection');
    assert.deepEqual(receiver.received, await history(server.url, alice.token, groupId));
  });

  test('a cut longer than --hub-disconnect-timeout ends the connection', async () => {
    const groupId = await createSharedGroup(server.url, alice, bob);
    const { proxy, hubs: viaProxy } = await through(server);
    const client = await connectStateful(viaProxy, alice.token, 'alice (stateful, cut for long)',
                                         { automaticReconnect: false });
    await client.invoke('ConnectToGroup', groupId);
    const token = connectionToken(requestLines(proxy).find((line) => line.startsWith(`GET ${HUB_PATH}?`)));
    assert.ok(token, `the WebSocket's connection token: ${JSON.stringify(requestLines(proxy))}`);

    proxy.hold();
    proxy.cut();
    await waitFor(() => proxy.connections.some((c) => c.joinedAt === undefined),
                  `${client.label} to try to reopen its WebSocket`);
    await sleep(DISCONNECT_TIMEOUT_S * 1000 + 2000);
    proxy.release(); // the attempt reaches the server only now, after the timeout
    await waitFor(() => client.closed, `${client.label} to be closed once the server has forgotten it`);

    // The server has forgotten the token: a new WebSocket for it is refused.
    const reuse = await upgradeStatus(server, token, alice.token);
    assert.equal(reuse, 404, `a WebSocket for the forgotten connection token ${token}`);
  });
});

describe('stateful reconnect with a small buffer (--hub-stateful-reconnect-bytes 2048)', { timeout: 60_000 }, () => {
  const through = useProxies();
  const { server, hubs, users: { alice, bob } } = useHubServer({
    users: ['alice', 'bob'],
    serverArgs: ['--hub-stateful-reconnect-bytes', '2048', '--hub-disconnect-timeout', '5'],
  });

  test('more than the buffer sent while the client is away still arrives, once each, in order', async () => {
    const groupId = await createSharedGroup(server.url, alice, bob);
    const { proxy, hubs: viaProxy } = await through(server);
    const receiver = await connectStateful(viaProxy, alice.token, 'alice (stateful, small buffer)');
    await receiver.invoke('ConnectToGroup', groupId);
    const sender = await hubs.connect(bob.token, { label: 'bob (direct)' });

    proxy.hold();
    proxy.cut();
    // About 250 bytes each: 20 of them are more than twice the buffer. Past the buffer the
    // server must hold back (as ASP.NET applies back-pressure), not drop or disconnect.
    await Promise.all(range(1, 20).map((k) => sender.invoke('SendMessage', groupId, `message ${k} `.padEnd(40, '.'))));
    await sleep(500);
    proxy.release();
    await waitForAll(receiver, groupId, 20);
    await sleep(SETTLE_MS);
    assert.deepEqual(receiver.seqs(groupId), range(1, 20), receiver.describe(groupId));
    assert.equal(receiver.reconnecting, 0, 'no new connection');
    assert.deepEqual(receiver.received, await history(server.url, alice.token, groupId));
  });
});

describe('stateful reconnect turned off (--hub-stateful-reconnect-bytes 0)', { timeout: 60_000 }, () => {
  const { server, hubs, users: { alice } } = useHubServer({
    users: ['alice'], serverArgs: ['--hub-stateful-reconnect-bytes', '0'],
  });

  test('negotiate does not grant it, and a client that asks connects as a plain one', async () => {
    const asked = await request(server.url, 'POST',
                                `${HUB_PATH}/negotiate?negotiateVersion=1&useStatefulReconnect=true`,
                                { token: alice.token });
    assert.equal(asked.status, 200, asked.text);
    assert.ok(!('useStatefulReconnect' in asked.body), `not granted when turned off: ${asked.text}`);
    const client = await hubs.connect(alice.token, {
      label: 'alice (asks for stateful reconnect)', configure: (builder) => builder.withStatefulReconnect(),
    });
    assert.equal(client.connection.connection.features.reconnect, false);
    const id = await client.invoke('GetConnectionId');
    assert.equal(id, client.connection.connectionId);
  });
});

/** The HTTP status a WebSocket upgrade for this connection token gets (101 if it opens). */
async function upgradeStatus(server, token, jwt) {
  const url = `ws://127.0.0.1:${server.port}${HUB_PATH}?id=${token}&access_token=${encodeURIComponent(jwt)}`;
  const ws = new WebSocket(url);
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`upgrade for ${token}: no answer within ${WAIT_MS} ms`)), WAIT_MS);
      ws.once('open', () => { clearTimeout(timer); resolve(101); });
      ws.once('unexpected-response', (_, response) => { clearTimeout(timer); resolve(response.statusCode); });
      ws.once('error', (error) => { clearTimeout(timer); reject(error); });
    });
  } finally {
    ws.terminate();
  }
}
