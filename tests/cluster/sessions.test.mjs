// A session ended on one node ends on every node: its access tokens are refused and its hub
// connections closed there too, also on a node that missed the publish or started after it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { HubClients, waitFor } from '../e2e/hub.mjs';
import { loginSession, register, request, uniqueName } from '../integration/server.mjs';
import { eventually, startCluster } from './cluster.mjs';

const ENDED = 'The session has ended';

function logout(node, refreshToken) {
  return request(node.url, 'POST', '/api/Auth/logout', { json: { refreshToken } });
}

async function groups(node, token) {
  return request(node.url, 'GET', '/api/Groups', { token });
}

async function refused(node, token) {
  const response = await groups(node, token);
  return response.status === 401 && response.body?.message === ENDED;
}

describe('sessions across nodes', { timeout: 120_000 }, () => {
  let cluster;
  let a;
  let b;
  let userName;
  const hubs = [];

  before(async () => {
    cluster = await startCluster({ nodes: 2 });
    [a, b] = cluster.nodes;
    userName = uniqueName('sessions');
    await register(a.url, userName);
  });
  after(async () => {
    await Promise.allSettled(hubs.map((h) => h.stopAll()));
    await cluster?.stop();
  });

  function hubsOn(node) {
    const h = new HubClients(node);
    hubs.push(h);
    return h;
  }

  test('logout on a: b refuses the token and closes the session\'s connection there', async () => {
    const ending = await loginSession(a.url, userName);
    const staying = await loginSession(a.url, userName);
    const onB = await hubsOn(b).connect(ending.accessToken.token, { label: 'ending session on b' });
    const otherOnB = await hubsOn(b).connect(staying.accessToken.token, { label: 'other session on b' });
    assert.equal((await groups(b, ending.accessToken.token)).status, 200);

    assert.equal((await logout(a, ending.refreshToken)).status, 204);
    assert.ok(await refused(a, ending.accessToken.token), 'a refuses at once');
    await eventually(() => refused(b, ending.accessToken.token), 'b refuses the ended session');
    await waitFor(() => onB.closed, () => `the connection on b to close: ${onB.describe()}`);
    assert.match(String(onB.closeError?.message), /The session has ended/);

    assert.equal(otherOnB.closed, false, 'the other session stays connected');
    assert.equal((await groups(b, staying.accessToken.token)).status, 200);
  });

  test('a node started after the logout refuses the token from the start', async () => {
    const ending = await loginSession(a.url, userName);
    assert.equal((await logout(a, ending.refreshToken)).status, 204);
    const c = await cluster.startNode('c');
    cluster.nodes.push(c);
    await eventually(() => refused(c, ending.accessToken.token), 'c refuses the ended session', 5_000);
  });

  test('a logout while Redis is down reaches the other nodes once it is back', async () => {
    const ending = await loginSession(a.url, userName);
    assert.equal((await groups(b, ending.accessToken.token)).status, 200);
    await cluster.redis.kill();
    assert.equal((await logout(a, ending.refreshToken)).status, 204);
    assert.ok(await refused(a, ending.accessToken.token), 'a refuses at once');
    // Documented: b cannot know until Redis is back.
    assert.equal((await groups(b, ending.accessToken.token)).status, 200);

    await cluster.redis.start();
    await eventually(() => refused(b, ending.accessToken.token),
                     'b refuses the session once Redis is back', 20_000);
  });
});
