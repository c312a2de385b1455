// Read markers: PUT .../read over REST and MarkRead on the hub move a member's marker
// forward (never back, never past the newest seq), for all their devices; the group list
// carries the unread count and the newest message; the user's own connections hear
// ReadMarkerUpdated, nobody else does.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { expectError, listGroups, newUser, request } from '../integration/server.mjs';
import {
  SETTLE_MS, createSharedGroup, restSend, sleep, useHubServer, waitFor,
} from './hub.mjs';

const markRead = (url, token, groupId, json) =>
  request(url, 'PUT', `/api/Groups/groups/${groupId}/read`, { token, json });

const groupIn = async (url, user, groupId) =>
  (await listGroups(url, user.token)).find((group) => group.groupId === groupId);

describe('read markers', { timeout: 60_000 }, () => {
  const { server, hubs, users: { alice, bob, carol } } =
    useHubServer({ users: ['alice', 'bob', 'carol'] });

  test('unread counts rise with messages and fall as a member reads, on every device', async () => {
    const groupId = await createSharedGroup(server.url, alice, bob);
    for (const text of ['one', 'two', 'three']) await restSend(server.url, alice.token, groupId, text);
    const listed = await groupIn(server.url, bob, groupId);
    assert.equal(listed.unreadCount, 3);
    assert.equal(listed.lastSeq, 3);
    assert.equal(listed.lastReadSeq, 0);
    assert.equal(listed.lastMessage.message, 'three');
    assert.equal(listed.lastMessage.seq, 3);
    assert.equal(listed.lastMessage.playerName, alice.userName);

    const bobLaptop = await hubs.subscribe(bob.token, groupId, { label: 'bob on a laptop' });
    const bobPhone = await hubs.subscribe(bob.token, groupId, { label: 'bob on a phone' });
    const aliceClient = await hubs.subscribe(alice.token, groupId, { label: 'alice' });

    const marked = await bobLaptop.invoke('MarkRead', groupId, 2);
    const expected = { groupId, lastReadSeq: 2, lastSeq: 3, unreadCount: 1 };
    assert.deepEqual(marked, expected);
    for (const device of [bobLaptop, bobPhone]) {
      await waitFor(() => device.readMarkers.length === 1, () => `${device.label}: ${JSON.stringify(device.readMarkers)}`);
      assert.deepEqual(device.readMarkers[0], expected, device.label);
    }
    assert.equal((await groupIn(server.url, bob, groupId)).unreadCount, 1);

    // The phone is behind: its older marker does not undo the laptop's reading.
    assert.deepEqual(await bobPhone.invoke('MarkRead', groupId, 1), expected);
    const over = await markRead(server.url, bob.token, groupId, { seq: 1000 });
    assert.equal(over.status, 200, over.text);
    assert.deepEqual(over.body, { groupId, lastReadSeq: 3, lastSeq: 3, unreadCount: 0 });
    assert.equal((await groupIn(server.url, bob, groupId)).unreadCount, 0);
    await sleep(SETTLE_MS);
    assert.deepEqual(aliceClient.readMarkers, [], 'another member hears nothing of bob reading');
    assert.equal((await groupIn(server.url, alice, groupId)).unreadCount, 3, 'markers are per user');

    await restSend(server.url, alice.token, groupId, 'four');
    const after = await groupIn(server.url, bob, groupId);
    assert.equal(after.unreadCount, 1);
    assert.equal(after.lastMessage.message, 'four');
  });

  test('a member who joins late starts with nothing unread; non-members see no content', async () => {
    const groupId = await createSharedGroup(server.url, alice);
    await restSend(server.url, alice.token, groupId, 'before carol');
    const forCarol = await groupIn(server.url, carol, groupId);
    assert.deepEqual(Object.keys(forCarol).sort(),
      ['groupId', 'invited', 'isMember', 'isPrivate', 'name']);
    const joined = await request(server.url, 'POST', `/api/Groups/groups/${groupId}/player`,
      { token: carol.token, json: {} });
    assert.equal(joined.status, 200, joined.text);
    const member = await groupIn(server.url, carol, groupId);
    assert.equal(member.unreadCount, 0);
    assert.equal(member.lastReadSeq, 1);
    assert.equal(member.lastMessage.message, 'before carol');
  });

  test('refusals: non-members, missing groups, bad seqs, no token', async () => {
    const groupId = await createSharedGroup(server.url, alice);
    expectError(await markRead(server.url, carol.token, groupId, { seq: 1 }), 403, 'carol');
    expectError(await markRead(server.url, alice.token, 999999, { seq: 1 }), 404, 'no group');
    expectError(await markRead(server.url, alice.token, 'x', { seq: 1 }), 400, 'bad id');
    for (const json of [{}, { seq: -1 }, { seq: 'two' }, { seq: 1.5 }]) {
      expectError(await markRead(server.url, alice.token, groupId, json), 400, JSON.stringify(json));
    }
    const anonymous = await markRead(server.url, undefined, groupId, { seq: 1 });
    assert.equal(anonymous.status, 401);

    const carolClient = await hubs.connect(carol.token, { label: 'carol' });
    await carolClient.invokeRejects(/not member/i, 'MarkRead', groupId, 1);
    await carolClient.invokeRejects(/seq/, 'MarkRead', groupId);
    await carolClient.invokeRejects(/seq/, 'MarkRead', groupId, -4);
    await carolClient.invokeRejects(/groupId/, 'MarkRead', 'seven', 1);
  });

  test('limited per user over REST and the hub: a burst of 20, then about 5 a second', async () => {
    // Someone who has marked nothing yet: the other tests spent some of bob's budget.
    const erin = await newUser(server.url, 'erin');
    const groupId = await createSharedGroup(server.url, alice, erin);
    const erinClient = await hubs.connect(erin.token, { label: 'erin' });
    let refused;
    for (let i = 0; i < 40 && !refused; ++i) {
      const response = i % 2 ? await markRead(server.url, erin.token, groupId, { seq: 0 })
        : await erinClient.invoke('MarkRead', groupId, 0).then(() => ({ status: 200 }),
          (error) => ({ status: 429, error }));
      if (response.status === 429) refused = { i, response };
      else assert.equal(response.status, 200, response.text);
    }
    assert.ok(refused && refused.i >= 20, `refused after the burst: ${JSON.stringify(refused?.i)}`);
    const rest = await markRead(server.url, erin.token, groupId, { seq: 0 });
    expectError(rest, 429, 'over the limit');
    assert.ok(Number(rest.headers.get('retry-after')) >= 1);
    const other = await markRead(server.url, alice.token, groupId, { seq: 0 });
    assert.equal(other.status, 200, 'another user has their own budget');
  });
});
