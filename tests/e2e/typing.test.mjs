// "X is typing": SendTyping on the hub and POST .../typing over REST reach the group's
// other readers as UserTyping, in JSON and MessagePack, never the typist's own connections,
// never a non-member, never storage; limited per user.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { expectError, leaveGroup, request } from '../integration/server.mjs';
import {
  SETTLE_MS, createSharedGroup, history, sleep, useHubServer, waitFor,
} from './hub.mjs';

const typingOf = (user, groupId) => ({
  groupId, playerId: user.id, playerName: user.userName, expiresInMs: 5000,
});

describe('typing', { timeout: 60_000 }, () => {
  const { server, hubs, users: { alice, bob, carol, dave } } =
    useHubServer({ users: ['alice', 'bob', 'carol', 'dave'] });

  test('reaches the other readers of the group, in both protocols, and nobody else', async () => {
    const groupId = await createSharedGroup(server.url, alice, bob, dave);
    const other = await createSharedGroup(server.url, alice, bob);
    const aliceJson = await hubs.subscribe(alice.token, groupId, { label: 'alice (json)' });
    const alicePack = await hubs.subscribe(alice.token, groupId,
      { label: 'alice (messagepack)', protocol: 'messagepack' });
    const aliceElsewhere = await hubs.subscribe(alice.token, other, { label: 'alice in another group' });
    const bobTyping = await hubs.subscribe(bob.token, groupId, { label: 'bob' });
    const bobPhone = await hubs.subscribe(bob.token, groupId, { label: 'bob on a phone' });
    const carolOutside = await hubs.connect(carol.token, { label: 'carol (not a member)' });
    const daveUnsubscribed = await hubs.connect(dave.token, { label: 'dave (not subscribed)' });

    assert.equal(await bobTyping.invoke('SendTyping', groupId), null);
    const expected = typingOf(bob, groupId);
    for (const client of [aliceJson, alicePack]) {
      await waitFor(() => client.typing.length === 1, () => `${client.label}: ${JSON.stringify(client.typing)}`);
      assert.deepEqual(client.typing[0], expected, client.label);
    }
    await sleep(SETTLE_MS);
    for (const client of [bobTyping, bobPhone, aliceElsewhere, carolOutside, daveUnsubscribed]) {
      assert.deepEqual(client.typing, [], `${client.label} hears nothing`);
    }
    assert.deepEqual(await history(server.url, alice.token, groupId), [], 'nothing is stored');
  });

  test('needs ConnectToGroup first, which needs membership; leaving ends it', async () => {
    const groupId = await createSharedGroup(server.url, alice, carol);
    const carolClient = await hubs.connect(carol.token, { label: 'carol' });
    await carolClient.invokeRejects(/ConnectToGroup\(groupId\) before SendTyping/, 'SendTyping', groupId);
    const daveClient = await hubs.connect(dave.token, { label: 'dave (not a member)' });
    await daveClient.invokeRejects(/not joined/i, 'ConnectToGroup', groupId);
    await daveClient.invokeRejects(/before SendTyping/, 'SendTyping', groupId);
    await daveClient.invokeRejects(/groupId/, 'SendTyping', 'seven');

    await carolClient.invoke('ConnectToGroup', groupId);
    assert.equal(await carolClient.invoke('SendTyping', groupId), null);
    assert.equal((await leaveGroup(server.url, carol.token, groupId)).status, 200);
    await waitFor(async () => {
      try {
        await carolClient.invoke('SendTyping', groupId);
        return false;
      } catch (error) {
        return /before SendTyping/.test(String(error?.message));
      }
    }, 'carol is refused once she left');
  });

  test('over REST: 204 for a member, 403 for others, 404 for no group, 401 without a token', async () => {
    const groupId = await createSharedGroup(server.url, alice, dave);
    const daveClient = await hubs.subscribe(dave.token, groupId, { label: 'dave' });
    const path = `/api/Messages/groups/${groupId}/typing`;
    const told = await request(server.url, 'POST', path, { token: alice.token });
    assert.equal(told.status, 204, told.text);
    await waitFor(() => daveClient.typing.length === 1, () => JSON.stringify(daveClient.typing));
    assert.deepEqual(daveClient.typing[0], typingOf(alice, groupId));

    expectError(await request(server.url, 'POST', path, { token: carol.token }), 403, 'carol');
    expectError(await request(server.url, 'POST', '/api/Messages/groups/999999/typing',
      { token: alice.token }), 404, 'no such group');
    expectError(await request(server.url, 'POST', '/api/Messages/groups/x/typing',
      { token: alice.token }), 400, 'bad id');
    assert.equal((await request(server.url, 'POST', path)).status, 401);
  });

  test('is limited per user over hub and REST: a burst, then about one a second', async () => {
    const groupId = await createSharedGroup(server.url, bob, dave);
    const bobClient = await hubs.subscribe(bob.token, groupId, { label: 'bob' });
    const daveClient = await hubs.subscribe(dave.token, groupId, { label: 'dave' });
    const outcomes = [];
    for (let i = 0; i < 6; i += 1) {
      outcomes.push(await bobClient.invoke('SendTyping', groupId).then(() => 'ok',
        (error) => String(error?.message)));
    }
    const refused = outcomes.filter((outcome) => outcome !== 'ok');
    assert.ok(refused.length >= 2, `some are refused: ${JSON.stringify(outcomes)}`);
    for (const text of refused) assert.match(text, /Too many typing indications/);
    const rest = await request(server.url, 'POST', `/api/Messages/groups/${groupId}/typing`,
      { token: bob.token });
    expectError(rest, 429, 'REST shares the budget');
    assert.ok(Number(rest.headers.get('retry-after')) >= 1,
      'Retry-After');
    await sleep(SETTLE_MS);
    assert.equal(daveClient.typing.length, outcomes.length - refused.length,
      'only those let through are told');
  });
});
