// Requests for a hub connection that reach another node than the one holding it: the node
// that issued the connection's negotiate token holds it, and any other node passes the
// client's TCP connection on to it (--node-url). Negotiate on A, the WebSocket on B.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';

import { HUB_PATH, RawHub, createSharedGroup, history, negotiate } from '../e2e/hub.mjs';
import { authed, newUser, request } from '../integration/server.mjs';
import { eventually, startCluster } from './cluster.mjs';

/** A token negotiated on `node` for `user`. */
async function tokenFrom(node, user) {
  const response = await negotiate(node.url, user.token);
  assert.equal(response.status, 200, `negotiate on ${node.name}: ${response.text}`);
  return response.body;
}

/** One request on `agent`'s single connection: { status, headers, body, localPort }. */
function onConnection(agent, node, method, path, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${node.url}${path}`, { method, headers, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => resolve({
        status: res.statusCode, headers: res.headers, body, localPort: req.socket.localPort,
      }));
    });
    req.on('error', reject);
    req.end();
  });
}

let invocations = 0;
async function invoke(raw, target, ...args) {
  const invocationId = String(++invocations);
  raw.sendRecords({ type: 1, invocationId, target, arguments: args });
  const completion = await raw.completion(invocationId);
  assert.equal(completion.error, undefined, `${target}: ${JSON.stringify(completion)}`);
  return completion.result;
}

describe('requests passed on to the node holding the connection', { timeout: 120_000 }, () => {
  let cluster;
  let a;
  let b;
  let alice;
  let bob;
  const raws = [];

  // Negotiates on `negotiateOn` and opens the WebSocket on `openOn`, with RawHub.
  async function openAcross(user, negotiateOn, openOn, label) {
    const raw = await RawHub.open({ url: negotiateOn.url, port: openOn.server.port }, user.token,
                                  { label });
    raws.push(raw);
    await raw.handshake();
    return raw;
  }

  before(async () => {
    cluster = await startCluster({ nodes: 2, nodeUrls: true });
    [a, b] = cluster.nodes;
    alice = await newUser(a.url, 'alice');
    bob = await newUser(a.url, 'bob');
  });
  after(async () => {
    for (const raw of raws) raw.close();
    await cluster?.stop();
  });

  test('a WebSocket opened on B with a token negotiated on A is served by A', async () => {
    const groupId = await createSharedGroup(a.url, alice, bob);
    const raw = await openAcross(alice, a, b, 'negotiated on a, opened on b');
    assert.equal(await invoke(raw, 'GetConnectionId'), raw.negotiated.connectionId);
    const sent = await invoke(raw, 'SendMessage', groupId, 'through b to a');
    assert.equal(sent.seq, 1);
    assert.deepEqual((await history(b.url, bob.token, groupId)).map((m) => m.message),
                     ['through b to a']);
    assert.match(b.server.logs().output, new RegExp(`GET ${HUB_PATH} passed on to node 127\\.0\\.0\\.1:${a.server.port}`),
                 'b logs that it passed the upgrade on to a');
  });

  test('later requests on a passed-on TCP connection are served by the node it goes to', async () => {
    const groupId = await createSharedGroup(a.url, alice, bob);
    const { connectionToken } = await tokenFrom(a, alice);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      // Not an upgrade: answered by a's hub (whatever the transport makes of it), and the
      // connection stays open.
      const first = await onConnection(agent, b, 'DELETE', `${HUB_PATH}?id=${connectionToken}`,
                                       authed(alice.token));
      assert.notEqual(first.headers.connection, 'close', `first answer: ${first.status} ${first.body}`);
      const path = `/api/Messages/groups/${groupId}`;
      const second = await onConnection(agent, b, 'GET', `${path}?limit=10`, authed(alice.token));
      assert.equal(second.status, 200, second.body);
      assert.deepEqual(JSON.parse(second.body), []);
      assert.equal(second.localPort, first.localPort, 'both went on one TCP connection');
      // Served by a, through the tunnel: b never saw the request as one.
      await eventually(() => a.server.logs().output.includes(`GET ${path} 200`),
                       `a logs GET ${path}`);
      assert.ok(!b.server.logs().output.includes(`GET ${path} `), `b served GET ${path} itself`);
    } finally {
      agent.destroy();
    }
  });

  test('the connection ends with the node holding it, and tokens naming it get 404', async () => {
    const acrossRaw = await openAcross(alice, a, b, 'negotiated on a, opened on b');
    const ownRaw = await openAcross(bob, b, b, 'negotiated on b, opened on b');
    const spare = await tokenFrom(a, alice);
    assert.equal(await invoke(acrossRaw, 'GetConnectionId'), acrossRaw.negotiated.connectionId);

    await a.kill();
    await acrossRaw.waitClosed(5_000);
    // b itself is fine: its own connection stays, and it answers.
    assert.equal(await invoke(ownRaw, 'GetConnectionId'), ownRaw.negotiated.connectionId);
    assert.equal(ownRaw.closed, false);
    assert.equal((await request(b.url, 'GET', '/healthz')).status, 200);

    const poll = await request(b.url, 'GET', `${HUB_PATH}?id=${spare.connectionToken}`,
                               { token: alice.token });
    assert.equal(poll.status, 404, poll.text);
    assert.equal(poll.body?.message, 'No connection with this id');
    const refused = await new Promise((resolve) => {
      const req = http.get(`${b.url}${HUB_PATH}?id=${spare.connectionToken}`, {
        headers: { ...authed(alice.token), connection: 'Upgrade', upgrade: 'websocket',
                   'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' },
      }, (res) => resolve(res.statusCode));
      req.on('upgrade', () => resolve(101));
      req.on('error', () => resolve('error'));
    });
    assert.equal(refused, 404, 'the WebSocket for a dead node\'s connection');
  });
});
