// /api/Groups: list, create, join, leave, and the member limit.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  createGroup, expectError, joinGroup, leaveGroup, listGroups, newUser, request, startServer,
  uniqueName,
} from './server.mjs';

function createGroupRaw(url, token, json) {
  return request(url, 'POST', '/api/Groups', { token, json });
}

function findGroup(groups, groupId) {
  const group = groups.find((candidate) => candidate.groupId === groupId);
  assert.ok(group, `group ${groupId} is listed`);
  return group;
}

async function isMember(url, token, groupId) {
  return findGroup(await listGroups(url, token), groupId).isMember;
}

describe('groups', () => {
  let server;
  let owner;
  let other;
  before(async () => {
    server = await startServer();
    [owner, other] = await Promise.all([newUser(server.url, 'owner'), newUser(server.url, 'other')]);
  });
  after(async () => { await server?.stop(); });

  test('a new server has no groups', async () => {
    assert.deepEqual(await listGroups(server.url, owner.token), []);
  });

  test('create returns the id; the creator is a member, others are not', async () => {
    const name = uniqueName('created');
    const response = await createGroupRaw(server.url, owner.token, { name });
    assert.equal(response.status, 200, response.text);
    assert.deepEqual(Object.keys(response.body), ['groupId']);
    const { groupId } = response.body;
    assert.ok(Number.isInteger(groupId) && groupId > 0);

    assert.deepEqual(findGroup(await listGroups(server.url, owner.token), groupId), {
      groupId, name, isMember: true, isPrivate: false, invited: false, role: 'owner', lastSeq: 0,
      lastReadSeq: 0, unreadCount: 0, lastMessage: null,
    });
    assert.deepEqual(findGroup(await listGroups(server.url, other.token), groupId),
                     { groupId, name, isMember: false, isPrivate: false, invited: false });
  });

  test('the list is ordered by groupId and has every group', async () => {
    const names = [uniqueName('c'), uniqueName('a'), uniqueName('b')];
    const ids = [];
    for (const name of names) ids.push(await createGroup(server.url, other.token, name));
    const groups = await listGroups(server.url, owner.token);
    const listedIds = groups.map((group) => group.groupId);
    assert.deepEqual(listedIds, [...listedIds].sort((a, b) => a - b));
    assert.equal(new Set(listedIds).size, listedIds.length, 'ids are unique');
    for (const [index, id] of ids.entries()) {
      assert.deepEqual(findGroup(groups, id),
        { groupId: id, name: names[index], isMember: false, isPrivate: false, invited: false });
    }
    // Members also see where their reading stands; the original's three fields come first.
    const everyonesFields = ['groupId', 'invited', 'isMember', 'isPrivate', 'name'];
    const memberFields = [...everyonesFields, 'lastMessage', 'lastReadSeq', 'lastSeq', 'role',
      'unreadCount'].sort();
    for (const group of groups) {
      assert.deepEqual(Object.keys(group).slice(0, 3), ['groupId', 'name', 'isMember']);
      assert.deepEqual(Object.keys(group).sort(),
        group.isMember ? memberFields : everyonesFields);
      assert.equal(typeof group.isMember, 'boolean');
    }
  });

  test('duplicate names are allowed (as in the original)', async () => {
    const name = uniqueName('twice');
    const first = await createGroup(server.url, owner.token, name);
    const second = await createGroup(server.url, owner.token, name);
    assert.notEqual(first, second);
  });

  test('empty, blank or missing names are rejected', async () => {
    for (const json of [{ name: '' }, { name: '   ' }, { name: '\t\n' }, {}, { name: null }]) {
      expectError(await createGroupRaw(server.url, owner.token, json), 400, JSON.stringify(json));
    }
    expectError(await createGroupRaw(server.url, owner.token, { name: 42 }), 400, 'numeric name');
  });

  test('names of more than 100 characters are rejected; 100 are fine', async () => {
    const response = await createGroupRaw(server.url, owner.token, { name: 'n'.repeat(101) });
    expectError(response, [400, 413], '101 characters');
    await createGroup(server.url, owner.token, 'n'.repeat(100));
    // Characters, not bytes: 100 two-byte characters fit.
    await createGroup(server.url, owner.token, 'é'.repeat(100));
  });

  test('join answers {} and makes the caller a member', async () => {
    const groupId = await createGroup(server.url, owner.token);
    const response = await joinGroup(server.url, other.token, groupId);
    assert.equal(response.status, 200, response.text);
    assert.deepEqual(response.body, {});
    assert.equal(await isMember(server.url, other.token, groupId), true);
  });

  test('join ignores the body, even when there is none', async () => {
    const groupId = await createGroup(server.url, owner.token);
    const response = await request(server.url, 'POST', `/api/Groups/groups/${groupId}/player`,
                                   { token: other.token });
    assert.equal(response.status, 200, response.text);
    assert.deepEqual(response.body, {});
  });

  test('joining twice is a conflict', async () => {
    const groupId = await createGroup(server.url, owner.token);
    assert.equal((await joinGroup(server.url, other.token, groupId)).status, 200);
    expectError(await joinGroup(server.url, other.token, groupId), 409, 'second join');
    // The creator is already a member.
    expectError(await joinGroup(server.url, owner.token, groupId), 409, 'creator joins');
  });

  test('joining an unknown group is not found', async () => {
    expectError(await joinGroup(server.url, other.token, 999999), 404, 'unknown group');
  });

  test('a non-numeric or non-positive group id is rejected', async () => {
    for (const id of ['abc', '1x', '-1', '0', '1.5']) {
      expectError(await joinGroup(server.url, other.token, id), [400, 404], `join ${id}`);
      expectError(await leaveGroup(server.url, other.token, id), [400, 404], `leave ${id}`);
    }
  });

  test('leave answers {} and ends the membership', async () => {
    const groupId = await createGroup(server.url, owner.token);
    assert.equal((await joinGroup(server.url, other.token, groupId)).status, 200);
    const response = await leaveGroup(server.url, other.token, groupId);
    assert.equal(response.status, 200, response.text);
    assert.deepEqual(response.body, {});
    assert.equal(await isMember(server.url, other.token, groupId), false);
    // A member who left can join again.
    assert.equal((await joinGroup(server.url, other.token, groupId)).status, 200);
  });

  test('the owner leaves a group no one else is in; otherwise they hand it over first', async () => {
    const groupId = await createGroup(server.url, owner.token);
    assert.equal((await joinGroup(server.url, other.token, groupId)).status, 200);
    expectError(await leaveGroup(server.url, owner.token, groupId), 409, 'others are in it');
    assert.equal((await leaveGroup(server.url, other.token, groupId)).status, 200);
    assert.equal((await leaveGroup(server.url, owner.token, groupId)).status, 200);
    assert.equal(await isMember(server.url, owner.token, groupId), false);
  });

  test('leaving a group one is not a member of is forbidden', async () => {
    const groupId = await createGroup(server.url, owner.token);
    expectError(await leaveGroup(server.url, other.token, groupId), 403, 'never joined');
    assert.equal((await joinGroup(server.url, other.token, groupId)).status, 200);
    assert.equal((await leaveGroup(server.url, other.token, groupId)).status, 200);
    expectError(await leaveGroup(server.url, other.token, groupId), 403, 'left already');
  });

  test('leaving an unknown group is not found', async () => {
    expectError(await leaveGroup(server.url, other.token, 999999), 404, 'unknown group');
  });

  test('paths are matched case-insensitively', async () => {
    const lower = await request(server.url, 'GET', '/api/groups', { token: owner.token });
    assert.equal(lower.status, 200, lower.text);
    const groupId = await createGroup(server.url, owner.token);
    const joined = await request(server.url, 'POST', `/API/GROUPS/GROUPS/${groupId}/PLAYER`,
                                 { token: other.token, json: {} });
    assert.equal(joined.status, 200, joined.text);
  });
});

describe('groups with --max-group-members 3', () => {
  let server;
  let users;
  before(async () => {
    server = await startServer(['--max-group-members', '3']);
    users = await Promise.all([0, 1, 2, 3].map(() => newUser(server.url, 'limit')));
  });
  after(async () => { await server?.stop(); });

  test('the owner and 2 joiners fit; the 4th is a conflict until someone leaves', async () => {
    const [owner, second, third, fourth] = users;
    const groupId = await createGroup(server.url, owner.token);
    assert.equal((await joinGroup(server.url, second.token, groupId)).status, 200);
    assert.equal((await joinGroup(server.url, third.token, groupId)).status, 200);
    expectError(await joinGroup(server.url, fourth.token, groupId), 409, 'group full');
    assert.equal(await isMember(server.url, fourth.token, groupId), false);

    assert.equal((await leaveGroup(server.url, second.token, groupId)).status, 200);
    assert.equal((await joinGroup(server.url, fourth.token, groupId)).status, 200);
  });
});

describe('groups with --max-group-members 5: concurrent joins', () => {
  let server;
  let owner;
  let joiners;
  before(async () => {
    server = await startServer(['--max-group-members', '5']);
    owner = await newUser(server.url, 'raceowner');
    joiners = await Promise.all(Array.from({ length: 20 }, () => newUser(server.url, 'racer')));
  });
  after(async () => { await server?.stop(); });

  test('20 simultaneous joins: exactly 4 succeed, the rest are conflicts', async () => {
    const groupId = await createGroup(server.url, owner.token);
    const responses = await Promise.all(
      joiners.map((joiner) => joinGroup(server.url, joiner.token, groupId)));
    const statuses = responses.map((response) => response.status);
    assert.equal(statuses.filter((status) => status === 200).length, 4, `statuses: ${statuses}`);
    for (const response of responses) {
      if (response.status !== 200) expectError(response, 409, 'losing join');
    }
    const memberships = await Promise.all(
      joiners.map((joiner) => isMember(server.url, joiner.token, groupId)));
    assert.deepEqual(memberships, statuses.map((status) => status === 200));
  });
});

describe('groups with --max-group-members 0 (unlimited)', () => {
  let server;
  let owner;
  let joiners;
  before(async () => {
    server = await startServer(['--max-group-members', '0']);
    owner = await newUser(server.url, 'bigowner');
    // More than the default limit of 20 members, owner included.
    joiners = await Promise.all(Array.from({ length: 21 }, () => newUser(server.url, 'crowd')));
  });
  after(async () => { await server?.stop(); });

  test('everyone can join', async () => {
    const groupId = await createGroup(server.url, owner.token);
    const responses = await Promise.all(
      joiners.map((joiner) => joinGroup(server.url, joiner.token, groupId)));
    assert.deepEqual(responses.map((response) => response.status), joiners.map(() => 200));
  });
});
