// /MessageHub with @microsoft/signalr: subscribing, MessageReceived for REST and hub sends,
// RemoveFromGroup, membership checks and method-name case-insensitivity.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  SETTLE_MS, assertMessageDto, createSharedGroup, history, restSend, sleep, useHubServer,
} from './hub.mjs';

describe('hub messaging (@microsoft/signalr)', { timeout: 60_000 }, () => {
  // alice owns the groups, bob joins them, eve is never a member.
  const { server, hubs, users: { alice, bob, eve } } = useHubServer({ users: ['alice', 'bob', 'eve'] });

  test('REST and hub messages arrive as MessageReceived with the exact MessageDto', async () => {
    const groupId = await createSharedGroup(server.url, alice, bob);
    const a = await hubs.connect(alice.token, { label: 'alice' });
    const b = await hubs.connect(bob.token, { label: 'bob' });

    const idA = await a.invoke('GetConnectionId');
    const idB = await b.invoke('GetConnectionId');
    for (const [id, client] of [[idA, a], [idB, b]]) {
      assert.equal(typeof id, 'string', `${client.label}: GetConnectionId returned ${JSON.stringify(id)}`);
      assert.ok(id.length > 0, `${client.label}: GetConnectionId returned an empty string`);
      assert.equal(id, client.connection.connectionId,
                   `${client.label}: GetConnectionId is the connectionId from negotiate`);
    }
    assert.notEqual(idA, idB, 'two connections have different ids');

    await a.invoke('ConnectToGroup', groupId); // a number
    await b.invoke('ConnectToGroup', String(groupId)); // a numeric string

    const rest = await restSend(server.url, alice.token, groupId, 'sent over REST ✓');
    assertMessageDto(rest, { groupId, seq: 1, playerId: alice.id, playerName: alice.userName,
                             message: 'sent over REST ✓' }, 'REST response');
    for (const client of [a, b]) {
      assert.deepEqual(await client.waitForMessage(rest.messageId), rest,
                       `${client.label}: MessageReceived equals the REST response`);
    }

    const viaHub = await b.invoke('SendMessage', groupId, 'sent over the hub');
    assertMessageDto(viaHub, { groupId, seq: 2, playerId: bob.id, playerName: bob.userName,
                               message: 'sent over the hub' }, 'SendMessage result');
    for (const client of [a, b]) {
      assert.deepEqual(await client.waitForMessage(viaHub.messageId), viaHub,
                       `${client.label}: MessageReceived equals what SendMessage returned`);
    }

    await sleep(SETTLE_MS);
    for (const client of [a, b]) {
      assert.deepEqual(client.received, [rest, viaHub],
                       `${client.label} gets each message exactly once: ${client.describe()}`);
      for (const args of client.events) {
        assert.equal(args.length, 1, `MessageReceived has one argument: ${JSON.stringify(args)}`);
      }
    }
    assert.deepEqual(await history(server.url, alice.token, groupId), [rest, viaHub],
                     'history holds both messages as delivered');
  });

  test('method names are case-insensitive', async () => {
    const groupId = await createSharedGroup(server.url, alice, bob);
    const client = await hubs.connect(bob.token, { label: 'bob (lower-case calls)' });
    const id = await client.invoke('getconnectionid');
    assert.ok(typeof id === 'string' && id.length > 0, `getconnectionid returned ${JSON.stringify(id)}`);
    await client.invoke('CONNECTTOGROUP', groupId);
    const dto = await client.invoke('sendMessage', groupId, 'case');
    assertMessageDto(dto, { groupId, playerId: bob.id, message: 'case' }, 'sendMessage result');
    assert.deepEqual(await client.waitForMessage(dto.messageId), dto);
  });

  test('RemoveFromGroup returns null and stops delivery; ConnectToGroup resumes it', async () => {
    const groupId = await createSharedGroup(server.url, alice, bob);
    const a = await hubs.subscribe(alice.token, groupId, { label: 'alice (stays)' });
    const b = await hubs.subscribe(bob.token, groupId, { label: 'bob (unsubscribes)' });

    const first = await restSend(server.url, alice.token, groupId, 'before RemoveFromGroup');
    await b.waitForMessage(first.messageId);

    assert.equal(await b.invoke('RemoveFromGroup', groupId), null, 'RemoveFromGroup result');
    const missed = await restSend(server.url, alice.token, groupId, 'while unsubscribed');
    const missedHub = await a.invoke('SendMessage', groupId, 'while unsubscribed, over the hub');
    await a.waitForMessage(missedHub.messageId);
    await sleep(SETTLE_MS);
    assert.deepEqual(b.received, [first], `after RemoveFromGroup: ${b.describe()}`);
    assert.ok(missed.seq < missedHub.seq);

    await b.invoke('ConnectToGroup', groupId);
    const again = await restSend(server.url, alice.token, groupId, 'subscribed again');
    await b.waitForMessage(again.messageId);
    await sleep(SETTLE_MS);
    assert.deepEqual(b.received, [first, again],
                     `subscribed again: only the new message, nothing replayed: ${b.describe()}`);
  });

  test('a non-member can neither subscribe nor send, and never receives the group', async () => {
    const groupId = await createSharedGroup(server.url, alice, bob);
    const member = await hubs.subscribe(alice.token, groupId, { label: 'alice (member)' });
    const outsider = await hubs.connect(eve.token, { label: 'eve (non-member)' });

    await outsider.invokeRejects(/not joined/i, 'ConnectToGroup', groupId);
    await outsider.invokeRejects(/not joined/i, 'ConnectToGroup', String(groupId));
    await outsider.invokeRejects(/not joined/i, 'ConnectToGroup', groupId, 0);
    await outsider.invokeRejects(/not joined/i, 'SendMessage', groupId, 'let me in');

    // The rejections did not end the connection.
    const id = await outsider.invoke('GetConnectionId');
    assert.ok(typeof id === 'string' && id.length > 0, 'eve is still connected');

    const sent = [
      await restSend(server.url, alice.token, groupId, 'secret 1'),
      await member.invoke('SendMessage', groupId, 'secret 2'),
      await restSend(server.url, bob.token, groupId, 'secret 3'),
    ];
    await member.waitForMessage(sent[2].messageId);
    await sleep(SETTLE_MS);
    assert.deepEqual(outsider.received, [], `the non-member got messages: ${outsider.describe()}`);
    assert.deepEqual(member.received, sent, `member: ${member.describe()}`);
    assert.deepEqual(await history(server.url, alice.token, groupId), sent,
                     "the rejected SendMessage stored nothing");
  });

  test('an unknown group is not found', async () => {
    const client = await hubs.connect(alice.token, { label: 'alice (unknown group)' });
    await client.invokeRejects(/not found/i, 'ConnectToGroup', 999999);
    await client.invokeRejects(/not found/i, 'ConnectToGroup', '999999');
    await client.invokeRejects(/./, 'SendMessage', 999999, 'into the void');
    const id = await client.invoke('GetConnectionId');
    assert.ok(typeof id === 'string' && id.length > 0, 'still connected after the rejections');
  });
});
