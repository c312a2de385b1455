// Connection floods and slow clients: headers trickled a byte at a time, connections that
// never shake hands, one address holding many connections, one user redeeming token after
// token. Each is cut at its limit while a normal client is served. The flooders connect from
// other loopback addresses (127.0.0.2 and up), so that the harness's own requests from
// 127.0.0.1 count as the normal client.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';

import WebSocket from 'ws';

import { newUser, request, startServer } from '../integration/server.mjs';
import {
  HUB_PATH, negotiate, RawHub, sleep, useHubServer, waitFor, withTimeout,
} from './hub.mjs';

const PER_ADDRESS = 4;
const HEADER_TIMEOUT_S = 1;
const HANDSHAKE_TIMEOUT_S = 2;

/** A TCP connection from `localAddress`, with what it received and whether it ended. */
function openSocket(port, localAddress) {
  const socket = connect({ host: '127.0.0.1', port, localAddress });
  const state = { socket, received: '', closed: false, closedAt: undefined };
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => { state.received += chunk; });
  socket.on('error', () => {});
  socket.on('close', () => {
    state.closed = true;
    state.closedAt = Date.now();
  });
  return withTimeout(new Promise((resolve) => socket.once('connect', () => resolve(state))),
                     `a connection from ${localAddress}`);
}

const healthRequest = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';

/** Sends a whole request on `state` and waits for its response's status line. */
async function served(state, what) {
  const before = state.received.length;
  state.socket.write(healthRequest);
  await waitFor(() => state.received.slice(before).includes('HTTP/1.1 200') || state.closed,
                `${what}: a response`);
  return state.received.slice(before).includes('HTTP/1.1 200');
}

async function healthy(server, what) {
  const response = await request(server.url, 'GET', '/healthz');
  assert.equal(response.status, 200, `${what}: ${response.status} ${response.text}`);
}

describe('connection floods and slow clients', () => {
  const { server } = useHubServer({
    serverArgs: ['--max-connections-per-address', String(PER_ADDRESS),
                 '--header-timeout', String(HEADER_TIMEOUT_S),
                 '--hub-handshake-timeout', String(HANDSHAKE_TIMEOUT_S),
                 '--hub-max-connections-per-user', '1',
                 '--hub-connection-tokens', '6', '--hub-connection-tokens-per-user', '3'],
  });
  const open = [];
  const track = async (promise) => {
    const state = await promise;
    open.push(state);
    return state;
  };
  after(() => {
    for (const state of open) state.socket.destroy();
  });

  test('headers trickled a byte at a time are cut at the header deadline', async () => {
    const slow = await track(openSocket(server.port, '127.0.0.2'));
    const started = Date.now();
    slow.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const trickle = setInterval(() => { if (!slow.closed) slow.socket.write('X'); }, 200);
    try {
      await healthy(server, 'a normal client while headers trickle');
      await waitFor(() => slow.closed, 'the trickling connection to be closed',
                    (HEADER_TIMEOUT_S + 4) * 1000);
    } finally {
      clearInterval(trickle);
    }
    const took = slow.closedAt - started;
    assert.ok(took >= HEADER_TIMEOUT_S * 1000 - 100 && took < (HEADER_TIMEOUT_S + 3) * 1000,
              `closed after ${took} ms, at the ${HEADER_TIMEOUT_S} s header deadline`);
    assert.equal(slow.received, '', 'no response to headers that never ended');
  });

  test('an idle kept-alive connection is not cut by the header deadline', async () => {
    const idle = await track(openSocket(server.port, '127.0.0.2'));
    assert.ok(await served(idle, 'the first request'));
    await sleep((HEADER_TIMEOUT_S + 1) * 1000);
    assert.equal(idle.closed, false, 'still open between requests');
    assert.ok(await served(idle, 'a request after the idle time'));
    idle.socket.destroy();
  });

  test('one address may hold only its share of connections; others are served', async () => {
    const held = [];
    for (let i = 0; i < PER_ADDRESS; i += 1) {
      const state = await track(openSocket(server.port, '127.0.0.3'));
      assert.ok(await served(state, `connection ${i + 1} of 127.0.0.3`));
      held.push(state);
    }
    const refused = await track(openSocket(server.port, '127.0.0.3'));
    refused.socket.write(healthRequest);
    await waitFor(() => refused.closed, 'the connection past the share to be closed');
    assert.equal(refused.received, '', 'closed without being served');
    await healthy(server, 'a client from another address');

    held[0].socket.destroy();
    await waitFor(async () => {
      const again = await track(openSocket(server.port, '127.0.0.3'));
      const ok = await served(again, 'a connection once one ended');
      again.socket.destroy();
      return ok;
    }, 'a slot of 127.0.0.3 to come back');
    for (const state of held) state.socket.destroy();
  });

  test('hub connections count against the address too', async () => {
    const user = await newUser(server.url, 'floodhub');
    const sockets = [];
    try {
      // One connection per user is allowed: each WebSocket is a different user's.
      for (let i = 0; i < PER_ADDRESS; i += 1) {
        const member = i === 0 ? user : await newUser(server.url, 'floodhub');
        const url = `ws://127.0.0.1:${server.port}${HUB_PATH}?access_token=${member.token}`;
        const ws = new WebSocket(url, { localAddress: '127.0.0.4' });
        ws.on('error', () => {});
        await withTimeout(new Promise((resolve, reject) => {
          ws.once('open', resolve);
          ws.once('unexpected-response', (_, r) => reject(new Error(`HTTP ${r.statusCode}`)));
        }), `WebSocket ${i + 1} from 127.0.0.4`);
        sockets.push(ws);
      }
      const refused = await track(openSocket(server.port, '127.0.0.4'));
      refused.socket.write(healthRequest);
      await waitFor(() => refused.closed, 'a connection past the WebSockets to be closed');
      assert.equal(refused.received, '');
    } finally {
      for (const ws of sockets) ws.terminate();
    }
  });

  test('a WebSocket that never sends the SignalR handshake is closed at its deadline', async () => {
    const user = await newUser(server.url, 'nohandshake');
    const started = Date.now();
    const raw = await RawHub.open(server, user.token, { negotiate: false, label: 'silent' });
    try {
      await raw.waitClosed((HANDSHAKE_TIMEOUT_S + 4) * 1000);
      const took = Date.now() - started;
      assert.ok(took < (HANDSHAKE_TIMEOUT_S + 3) * 1000, `closed after ${took} ms`);
    } finally {
      raw.close();
    }
  });

  test("one user redeeming token after token leaves room for everyone else's", async () => {
    const flooder = await newUser(server.url, 'tokenflood');
    const other = await newUser(server.url, 'tokenother');
    const statuses = [];
    let kept;
    for (let i = 0; i < 6; i += 1) {
      const response = await negotiate(server.url, flooder.token);
      assert.equal(response.status, 200, response.text);
      const url = `ws://127.0.0.1:${server.port}${HUB_PATH}?id=${response.body.connectionToken}` +
                  `&access_token=${flooder.token}`;
      const ws = new WebSocket(url);
      ws.on('error', () => {});
      statuses.push(await withTimeout(new Promise((resolve) => {
        ws.once('open', () => { kept = ws; resolve(101); });
        ws.once('unexpected-response', (_, r) => { resolve(r.statusCode); ws.terminate(); });
      }), `the flooder's upgrade ${i + 1}`));
    }
    try {
      // One connection (the per-user limit), two refused over it, then its tokens run out.
      assert.deepEqual(statuses, [101, 429, 429, 404, 404, 404]);
      const raw = await RawHub.open(server, other.token, { label: "another user's" });
      await raw.handshake();
      raw.close();
    } finally {
      kept?.terminate();
    }
  });
});

describe('a flood past the file descriptor limit (ulimit -n 256)', () => {
  const DESCRIPTORS = 256;
  const FLOOD = 400;
  let server;
  const sockets = [];
  before(async () => {
    // The shell lowers the limit and then becomes the server.
    const underLimit = (bin, args, options) => spawn(
      'sh', ['-c', `ulimit -n ${DESCRIPTORS} && exec "$0" "$@"`, bin, ...args], options);
    server = await startServer(['--max-connections-per-address', '100', '--log-level', 'info'],
                               { spawn: underLimit });
  });
  after(async () => {
    for (const state of sockets) state.socket.destroy();
    await server?.stop();
  });

  test('connections stay under the limit, the log stays short, a normal client is served', async () => {
    assert.match(server.logs().output, /At most \d+ connections: the process may open 256/);
    const opened = await Promise.allSettled(
      Array.from({ length: FLOOD }, () => openSocket(server.port, '127.0.0.5')));
    for (const outcome of opened) if (outcome.status === 'fulfilled') sockets.push(outcome.value);
    await sleep(500);
    const open = sockets.filter((state) => !state.closed).length;
    assert.ok(open <= 100, `${open} of the flood's connections are open, at most 100 may be`);
    await healthy(server, 'a normal client during the flood');
    const output = server.logs().output;
    const refusals = output.split('\n').filter((line) => line.includes('Connections refused'));
    assert.ok(refusals.length <= 3, `${refusals.length} refusal lines for one flood`);
    assert.doesNotMatch(output, /accept failed/);
    for (const state of sockets) state.socket.destroy();
    // The slots come back once the flood ends.
    await waitFor(async () => {
      const again = await openSocket(server.port, '127.0.0.5');
      const ok = await served(again, 'a connection after the flood');
      again.socket.destroy();
      return ok;
    }, 'the flood address to be served again');
  });
});
