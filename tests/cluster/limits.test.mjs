// What holds per user holds for the cluster, not once per node: the per-user connection
// limit and the login rate limits are counted in Redis by every node together.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import WebSocket from 'ws';

import { HUB_PATH, RS, sleep, withTimeout } from '../e2e/hub.mjs';
import { DEFAULT_PASSWORD, newUser, request } from '../integration/server.mjs';
import { startCluster } from './cluster.mjs';

const MAX_CONNECTIONS = 3;
const LOGIN_BURST = 4;

/** A raw hub WebSocket without negotiate: resolves { ws } once handshaken, or { status }. */
function openHub(node, token) {
  const url = `ws://127.0.0.1:${node.server.port}${HUB_PATH}?access_token=${encodeURIComponent(token)}`;
  const ws = new WebSocket(url);
  return withTimeout(new Promise((resolve, reject) => {
    ws.once('open', () => ws.send(`{"protocol":"json","version":1}${RS}`));
    ws.once('message', () => resolve({ ws }));
    ws.once('unexpected-response', (_, response) => resolve({ status: response.statusCode }));
    ws.once('error', reject);
  }), `hub connection on ${node.name}`);
}

describe('per-user limits across nodes', { timeout: 60_000 }, () => {
  let cluster;
  let a;
  let b;
  const open = [];

  before(async () => {
    cluster = await startCluster({
      nodes: 2,
      args: ['--hub-max-connections-per-user', String(MAX_CONNECTIONS),
             '--login-burst', String(LOGIN_BURST), '--login-per-minute', '1'],
    });
    [a, b] = cluster.nodes;
  });
  after(async () => {
    for (const ws of open) ws.terminate();
    await cluster?.stop();
  });

  test('connections per user count over every node', async () => {
    const alice = await newUser(a.url, 'alice');
    for (const node of [a, a, b]) {
      const outcome = await openHub(node, alice.token);
      assert.ok(outcome.ws, `connection on ${node.name} admitted (got HTTP ${outcome.status})`);
      open.push(outcome.ws);
    }
    // Two on a and one on b: neither node alone is at the limit, the cluster is.
    for (const node of [b, a]) {
      const refused = await openHub(node, alice.token);
      assert.equal(refused.status, 429, `a fourth connection on ${node.name} is refused`);
    }
    // One closes on a: a connection on b is admitted again.
    open.shift().close();
    let admitted;
    for (let i = 0; i < 50 && !admitted?.ws; ++i) {
      await sleep(100);
      admitted = await openHub(b, alice.token);
    }
    assert.ok(admitted.ws, 'admitted once one of the three closed');
    open.push(admitted.ws);
  });

  test('login attempts per user name count over every node', async () => {
    const bob = await newUser(a.url, 'bob');  // one login spent: the burst has 3 left
    const attempt = (node, password) => request(node.url, 'POST', '/api/Auth/login',
                                                { json: { userName: bob.userName, password } });
    const statuses = [];
    for (const node of [b, a, b]) statuses.push((await attempt(node, 'wrong password')).status);
    assert.deepEqual(statuses, [401, 401, 401]);
    // Two attempts on a, two on b: each node alone would allow two more.
    const limited = await attempt(a, DEFAULT_PASSWORD);
    assert.equal(limited.status, 429, limited.text);
    assert.match(limited.body.message, /too many login attempts/i);
    assert.ok(Number(limited.headers.get('retry-after')) > 0, 'Retry-After says when');
    assert.equal((await attempt(b, DEFAULT_PASSWORD)).status, 429);
  });
});
