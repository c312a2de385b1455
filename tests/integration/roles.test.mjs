// Private groups, invitations and roles over REST: who sees a private group, who may invite,
// remove and name admins, handing a group over, and that an outsider learns nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  expectError, getHistory, joinGroup, leaveGroup, listGroups, newUser, request, sendMessage,
  startServer, uniqueName,
} from './server.mjs';

async function createPrivateGroup(url, token) {
  const response = await request(url, 'POST', '/api/Groups',
    { token, json: { name: uniqueName('private'), isPrivate: true } });
  assert.equal(response.status, 200, response.text);
  return response.body.groupId;
}

function invite(url, token, groupId, playerName) {
  return request(url, 'POST', `/api/Groups/groups/${groupId}/invites`,
    { token, json: { playerName } });
}

function remove(url, token, groupId, playerId) {
  return request(url, 'DELETE', `/api/Groups/groups/${groupId}/members/${playerId}`, { token });
}

function setRole(url, token, groupId, playerId, role) {
  return request(url, 'PUT', `/api/Groups/groups/${groupId}/members/${playerId}/role`,
    { token, json: { role } });
}

async function roles(url, token, groupId) {
  const response = await request(url, 'GET', `/api/Groups/groups/${groupId}/members`, { token });
  assert.equal(response.status, 200, response.text);
  return Object.fromEntries(response.body.map((member) => [member.playerName, member.role]));
}

describe('private groups, invitations and roles', () => {
  let server;
  let alice;
  let bob;
  let carol;
  before(async () => {
    // Many changes from one user here; the limit has a test of its own below.
    server = await startServer(['--member-changes-per-minute', '6000']);
    [alice, bob, carol] = await Promise.all(
      ['alice', 'bob', 'carol'].map((name) => newUser(server.url, name)));
  });
  after(async () => { await server?.stop(); });

  test('a private group does not exist for an outsider, on any route', async () => {
    const groupId = await createPrivateGroup(server.url, alice.token);
    const mine = (await listGroups(server.url, alice.token)).find((g) => g.groupId === groupId);
    assert.deepEqual([mine.isPrivate, mine.role], [true, 'owner']);
    assert.equal((await listGroups(server.url, bob.token)).some((g) => g.groupId === groupId),
      false);
    const unknown = 999999;
    for (const id of [groupId, unknown]) {
      expectError(await joinGroup(server.url, bob.token, id), 404, `join ${id}`);
      expectError(await leaveGroup(server.url, bob.token, id), 404, `leave ${id}`);
      expectError(await getHistory(server.url, bob.token, id), 404, `history ${id}`);
      expectError(await sendMessage(server.url, bob.token, id, 'hi'), 404, `send ${id}`);
      expectError(await request(server.url, 'GET', `/api/Groups/groups/${id}/members`,
        { token: bob.token }), 404, `members ${id}`);
      expectError(await request(server.url, 'PUT', `/api/Groups/groups/${id}/read`,
        { token: bob.token, json: { seq: 1 } }), 404, `read ${id}`);
      expectError(await invite(server.url, bob.token, id, carol.userName), 404, `invite ${id}`);
    }
  });

  test('an invitation lists the group and the join takes it; a decline ends it', async () => {
    const groupId = await createPrivateGroup(server.url, alice.token);
    const invited = await invite(server.url, alice.token, groupId, bob.userName);
    assert.equal(invited.status, 200, invited.text);
    assert.deepEqual(invited.body,
      { groupId, playerId: bob.id, playerName: bob.userName, role: 'member' });
    const listed = (await listGroups(server.url, bob.token)).find((g) => g.groupId === groupId);
    assert.deepEqual([listed.isMember, listed.isPrivate, listed.invited], [false, true, true]);
    assert.equal((await joinGroup(server.url, bob.token, groupId)).status, 200);
    assert.equal((await sendMessage(server.url, bob.token, groupId, 'hello')).status, 200);

    assert.equal((await invite(server.url, alice.token, groupId, carol.userName)).status, 200);
    assert.equal((await remove(server.url, carol.token, groupId, carol.id)).status, 200);
    expectError(await joinGroup(server.url, carol.token, groupId), 404, 'declined');
  });

  test('only owners and admins invite; unknown players and members are refused', async () => {
    const groupId = await createPrivateGroup(server.url, alice.token);
    assert.equal((await invite(server.url, alice.token, groupId, bob.userName)).status, 200);
    assert.equal((await joinGroup(server.url, bob.token, groupId)).status, 200);
    expectError(await invite(server.url, bob.token, groupId, carol.userName), 403, 'member');
    expectError(await invite(server.url, alice.token, groupId, bob.userName), 409, 'in already');
    expectError(await invite(server.url, alice.token, groupId, 'no_such_player'), 404, 'unknown');
    expectError(await request(server.url, 'POST', `/api/Groups/groups/${groupId}/invites`,
      { token: alice.token, json: {} }), 400, 'no playerName');
  });

  test('the owner names admins, who remove plain members; the owner hands over', async () => {
    const groupId = await createPrivateGroup(server.url, alice.token);
    for (const user of [bob, carol]) {
      assert.equal((await invite(server.url, alice.token, groupId, user.userName)).status, 200);
      assert.equal((await joinGroup(server.url, user.token, groupId)).status, 200);
    }
    expectError(await setRole(server.url, bob.token, groupId, carol.id, 'admin'), 403, 'member');
    const named = await setRole(server.url, alice.token, groupId, bob.id, 'admin');
    assert.equal(named.status, 200, named.text);
    assert.equal(named.body.role, 'admin');
    expectError(await setRole(server.url, alice.token, groupId, bob.id, 'king'), 400, 'no role');
    expectError(await remove(server.url, bob.token, groupId, alice.id), 403, 'the owner');

    assert.equal((await remove(server.url, bob.token, groupId, carol.id)).status, 200);
    expectError(await getHistory(server.url, carol.token, groupId), 404, 'removed');
    expectError(await leaveGroup(server.url, alice.token, groupId), 409, 'owner with members');

    assert.equal((await setRole(server.url, alice.token, groupId, bob.id, 'owner')).status, 200);
    assert.deepEqual(await roles(server.url, bob.token, groupId),
      { [alice.userName]: 'admin', [bob.userName]: 'owner' });
    assert.equal((await leaveGroup(server.url, alice.token, groupId)).status, 200);
  });

  test('an admin deletes anyone\'s message; a plain member does not', async () => {
    const groupId = await createPrivateGroup(server.url, alice.token);
    for (const user of [bob, carol]) {
      assert.equal((await invite(server.url, alice.token, groupId, user.userName)).status, 200);
      assert.equal((await joinGroup(server.url, user.token, groupId)).status, 200);
    }
    const sent = await sendMessage(server.url, carol.token, groupId, 'mine');
    const messageId = sent.body.messageId;
    expectError(await request(server.url, 'DELETE', `/api/Messages/${messageId}`,
      { token: bob.token }), 403, 'plain member');
    assert.equal((await setRole(server.url, alice.token, groupId, bob.id, 'admin')).status, 200);
    const deleted = await request(server.url, 'DELETE', `/api/Messages/${messageId}`,
      { token: bob.token });
    assert.equal(deleted.status, 200, deleted.text);
  });
});

describe('member changes with the default limit', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });

  test('a burst of ten, then 429 with Retry-After', async () => {
    const [owner, ...invitees] = await Promise.all(
      Array.from({ length: 12 }, (_, i) => newUser(server.url, `u${i}`)));
    const groupId = await createPrivateGroup(server.url, owner.token);
    const statuses = [];
    for (const invitee of invitees) {
      statuses.push((await invite(server.url, owner.token, groupId, invitee.userName)).status);
    }
    assert.deepEqual(statuses, [...Array(10).fill(200), 429]);
    const refused = await invite(server.url, owner.token, groupId, invitees[10].userName);
    expectError(refused, 429, 'over the limit');
    assert.ok(Number(refused.headers.get('retry-after')) >= 1, 'Retry-After');
  });
});
