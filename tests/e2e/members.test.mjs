// GET /api/Groups/groups/{id}/members: who is in a group, their roles, and who has a hub
// connection now; members only, paged by id.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { expectError, leaveGroup, request } from '../integration/server.mjs';
import { createSharedGroup, useHubServer, waitFor } from './hub.mjs';

async function members(url, token, groupId, query = '') {
  const response = await request(url, 'GET', `/api/Groups/groups/${groupId}/members${query}`, { token });
  assert.equal(response.status, 200, response.text);
  return response.body;
}

describe('members', { timeout: 60_000 }, () => {
  const { server, hubs, users: { alice, bob, carol, dave } } =
    useHubServer({ users: ['alice', 'bob', 'carol', 'dave'] });

  test('lists each member by id with role and whether online now', async () => {
    const groupId = await createSharedGroup(server.url, alice, bob, carol);
    const expected = (online) => [alice, bob, carol]
      .map((user, i) => ({
        playerId: user.id, playerName: user.userName, role: i === 0 ? 'owner' : 'member',
        online: online.includes(user),
      }))
      .sort((a, b) => a.playerId - b.playerId);
    assert.deepEqual(await members(server.url, carol.token, groupId), expected([]));

    const bobHub = await hubs.connect(bob.token, { label: 'bob' });
    const bobPhone = await hubs.connect(bob.token, { label: 'bob on a phone' });
    const carolHub = await hubs.connect(carol.token, { label: 'carol', transport: 'LongPolling' });
    assert.deepEqual(await members(server.url, alice.token, groupId), expected([bob, carol]));

    await bobHub.stop();
    assert.deepEqual(await members(server.url, alice.token, groupId), expected([bob, carol]),
      'one of two connections closed: still online');
    await bobPhone.stop();
    await carolHub.stop();
    await waitFor(async () => JSON.stringify(await members(server.url, alice.token, groupId)) ===
      JSON.stringify(expected([])), 'everyone offline once their connections closed');
  });

  test('pages by id; bad paging is 400', async () => {
    const groupId = await createSharedGroup(server.url, alice, bob, carol);
    const all = await members(server.url, alice.token, groupId);
    const first = await members(server.url, alice.token, groupId, '?limit=2');
    assert.deepEqual(first, all.slice(0, 2));
    const rest = await members(server.url, alice.token, groupId, `?limit=2&after=${first[1].playerId}`);
    assert.deepEqual(rest, all.slice(2));
    for (const query of ['?limit=0', '?limit=1001', '?limit=x', '?after=-1', '?after=1.5']) {
      expectError(await request(server.url, 'GET', `/api/Groups/groups/${groupId}/members${query}`,
        { token: alice.token }), 400, query);
    }
  });

  test('non-members get 403, a missing group 404, no token 401; leaving removes you', async () => {
    const groupId = await createSharedGroup(server.url, alice, bob);
    const path = `/api/Groups/groups/${groupId}/members`;
    expectError(await request(server.url, 'GET', path, { token: dave.token }), 403, 'dave');
    expectError(await request(server.url, 'GET', '/api/Groups/groups/999999/members',
      { token: alice.token }), 404, 'no group');
    assert.equal((await request(server.url, 'GET', path)).status, 401);
    assert.equal((await leaveGroup(server.url, bob.token, groupId)).status, 200);
    assert.deepEqual((await members(server.url, alice.token, groupId)).map((m) => m.playerId),
      [alice.id]);
    expectError(await request(server.url, 'GET', path, { token: bob.token }), 403, 'bob left');
  });
});
