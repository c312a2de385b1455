// Edits and deletions: PUT and DELETE /api/Messages/{id} and the hub's EditMessage and
// DeleteMessage change a stored message; each change takes a seq of its own, so the group's
// subscribers get MessageEdited / MessageDeleted in seq order with MessageReceived, and a
// replay after a seq (ConnectToGroup(groupId, afterSeq)) carries the changes made meanwhile.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { expectError, listGroups, newUser, request } from '../integration/server.mjs';
import {
  ISO_UTC, SETTLE_MS, createSharedGroup, history, range, restSend, sleep, useHubServer, waitFor,
} from './hub.mjs';

const restEdit = (url, token, messageId, json) =>
  request(url, 'PUT', `/api/Messages/${messageId}`, { token, json });
const restDelete = (url, token, messageId) =>
  request(url, 'DELETE', `/api/Messages/${messageId}`, { token });

describe('edits and deletions', { timeout: 60_000 }, () => {
  const { server, hubs, users: { alice, bob, carol } } =
    useHubServer({ users: ['alice', 'bob', 'carol'] });

  test('an edit reaches every subscriber in seq order and history shows it', async () => {
    const groupId = await createSharedGroup(server.url, alice, bob);
    const aliceClient = await hubs.subscribe(alice.token, groupId, { label: 'alice' });
    const bobClient = await hubs.subscribe(bob.token, groupId, { label: 'bob' });
    const sent = await bobClient.invoke('SendMessage', groupId, 'helo');
    const edited = await bobClient.invoke('EditMessage', sent.messageId, 'hello');
    assert.equal(edited.message, 'hello');
    assert.equal(edited.seq, sent.seq, 'the message keeps its place');
    assert.equal(edited.changeSeq, sent.seq + 1, 'the edit takes the next seq');
    assert.match(edited.editedOn, ISO_UTC);
    assert.equal(edited.deletedOn, undefined);
    const next = await restSend(server.url, alice.token, groupId, 'after the edit');
    assert.equal(next.seq, sent.seq + 2);
    assert.deepEqual(Object.keys(next).sort(),
      ['groupId', 'message', 'messageId', 'playerId', 'playerName', 'sentOn', 'seq'],
      'an unchanged message has the original fields only');

    for (const client of [aliceClient, bobClient]) {
      await waitFor(() => client.timeline.length >= 3, () => `${client.label}: ${JSON.stringify(client.timeline)}`);
      assert.deepEqual(client.timeline, [
        { kind: 'MessageReceived', seq: 1 },
        { kind: 'MessageEdited', seq: 2 },
        { kind: 'MessageReceived', seq: 3 },
      ], client.label);
      assert.deepEqual(client.changes[0], { kind: 'MessageEdited', ...edited }, client.label);
    }
    const [stored] = await history(server.url, alice.token, groupId);
    assert.deepEqual(stored, edited);

    // Over REST too; the same text again changes nothing and takes no seq.
    const again = await restEdit(server.url, bob.token, sent.messageId, { message: 'hello!' });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.changeSeq, 4);
    const same = await restEdit(server.url, bob.token, sent.messageId, { message: 'hello!' });
    assert.equal(same.status, 200, same.text);
    assert.deepEqual(same.body, again.body);
    assert.equal((await restSend(server.url, alice.token, groupId, 'five')).seq, 5);
  });

  test('a deletion leaves a tombstone; the owner deletes anyone\'s, other members none', async () => {
    const groupId = await createSharedGroup(server.url, alice, bob, carol);
    const carolClient = await hubs.subscribe(carol.token, groupId, { label: 'carol' });
    const said = await restSend(server.url, bob.token, groupId, 'regrettable');
    expectError(await restDelete(server.url, carol.token, said.messageId), 403, 'carol is a member only');
    expectError(await restEdit(server.url, alice.token, said.messageId, { message: 'x' }), 403,
      'not even the owner edits another\'s words');
    const deleted = await restDelete(server.url, alice.token, said.messageId);
    assert.equal(deleted.status, 200, deleted.text);
    assert.equal(deleted.body.message, '');
    assert.match(deleted.body.deletedOn, ISO_UTC);
    assert.equal(deleted.body.changeSeq, said.seq + 1);
    await waitFor(() => carolClient.changes.length === 1, () => JSON.stringify(carolClient.changes));
    assert.deepEqual(carolClient.changes[0], { kind: 'MessageDeleted', ...deleted.body });

    const twice = await restDelete(server.url, bob.token, said.messageId);
    assert.equal(twice.status, 200, twice.text);
    assert.equal(twice.body.changeSeq, deleted.body.changeSeq, 'deleting again takes no seq');
    expectError(await restEdit(server.url, bob.token, said.messageId, { message: 'back' }), 409, 'deleted');
    const [tombstone] = await history(server.url, bob.token, groupId);
    assert.deepEqual(tombstone, deleted.body);
    await sleep(SETTLE_MS);
    assert.equal(carolClient.changes.length, 1, 'nothing more was told');
  });

  test('a replay after a seq carries the changes made meanwhile, without gaps', async () => {
    const groupId = await createSharedGroup(server.url, alice, bob);
    const first = await restSend(server.url, alice.token, groupId, 'one');
    const second = await restSend(server.url, alice.token, groupId, 'two');
    // bob saw seq 2, then was away while one was edited, one deleted and one more sent.
    assert.equal((await restEdit(server.url, alice.token, first.messageId, { message: 'one, edited' })).status, 200);
    assert.equal((await restDelete(server.url, alice.token, second.messageId)).status, 200);
    await restSend(server.url, alice.token, groupId, 'five');
    for (const protocol of ['json', 'messagepack']) {
      const client = await hubs.connect(bob.token, { label: `bob (${protocol})`, protocol });
      await client.invoke('ConnectToGroup', groupId, second.seq);
      await waitFor(() => client.timeline.length >= 3, () => `${client.label}: ${JSON.stringify(client.timeline)}`);
      assert.deepEqual(client.timeline.map((entry) => entry.seq), range(3, 5), client.label);
      assert.deepEqual(client.changes.map(({ kind, messageId, message }) => ({ kind, messageId, message })), [
        { kind: 'MessageEdited', messageId: first.messageId, message: 'one, edited' },
        { kind: 'MessageDeleted', messageId: second.messageId, message: '' },
      ], client.label);
      if (protocol === 'messagepack') {
        assert.ok(client.changes[0].editedOn instanceof Date, 'a MessagePack timestamp');
        assert.ok(client.changes[1].deletedOn instanceof Date);
      }
    }
  });

  test('unread counts count messages, not edits nor deleted messages', async () => {
    const groupId = await createSharedGroup(server.url, alice, bob);
    const first = await restSend(server.url, alice.token, groupId, 'one');
    await restEdit(server.url, alice.token, first.messageId, { message: 'one!' });
    const second = await restSend(server.url, alice.token, groupId, 'two');
    const listed = (await listGroups(server.url, bob.token)).find((group) => group.groupId === groupId);
    assert.equal(listed.lastSeq, 3);
    assert.equal(listed.unreadCount, 2);
    assert.equal(listed.lastMessage.message, 'two');
    await restDelete(server.url, alice.token, second.messageId);
    const after = (await listGroups(server.url, bob.token)).find((group) => group.groupId === groupId);
    assert.equal(after.unreadCount, 1, 'the deleted message is not unread');
    assert.equal(after.lastMessage.deletedOn !== undefined, true);
  });

  test('refusals: bad input, strangers, missing messages, no token', async () => {
    const groupId = await createSharedGroup(server.url, alice, bob);
    const said = await restSend(server.url, bob.token, groupId, 'hello');
    for (const json of [{}, { message: '' }, { message: 7 }, { message: ' \n ' }]) {
      expectError(await restEdit(server.url, bob.token, said.messageId, json), 400, JSON.stringify(json));
    }
    expectError(await restEdit(server.url, bob.token, said.messageId, { message: 'x'.repeat(4001) }),
      413, 'as long as a message may be');
    expectError(await restEdit(server.url, bob.token, 'x', { message: 'hi' }), 400, 'bad id');
    expectError(await restEdit(server.url, carol.token, said.messageId, { message: 'hi' }), 404,
      'a non-member learns nothing');
    expectError(await restDelete(server.url, carol.token, said.messageId), 404, 'nor by deleting');
    expectError(await restEdit(server.url, bob.token, 99999999, { message: 'hi' }), 404, 'missing');
    assert.equal((await restEdit(server.url, undefined, said.messageId, { message: 'hi' })).status, 401);
    assert.equal((await restDelete(server.url, undefined, said.messageId)).status, 401);

    const carolClient = await hubs.connect(carol.token, { label: 'carol' });
    await carolClient.invokeRejects(/not found/i, 'EditMessage', said.messageId, 'hi');
    await carolClient.invokeRejects(/not found/i, 'DeleteMessage', said.messageId);
    await carolClient.invokeRejects(/messageId/, 'EditMessage', 'seven', 'hi');
    await carolClient.invokeRejects(/text/, 'EditMessage', said.messageId);
    const [unchanged] = await history(server.url, bob.token, groupId);
    assert.deepEqual(unchanged, said);
  });

  test('limited per user over REST and the hub: a burst of 10, then about 2 a second', async () => {
    const dave = await newUser(server.url, 'dave');
    const groupId = await createSharedGroup(server.url, dave);
    const said = await restSend(server.url, dave.token, groupId, 'take 0');
    const daveClient = await hubs.connect(dave.token, { label: 'dave' });
    let refused;
    for (let i = 1; i <= 30 && !refused; ++i) {
      const response = i % 2
        ? await restEdit(server.url, dave.token, said.messageId, { message: `take ${i}` })
        : await daveClient.invoke('EditMessage', said.messageId, `take ${i}`)
          .then(() => ({ status: 200 }), (error) => ({ status: 429, error }));
      if (response.status === 429) refused = i;
      else assert.equal(response.status, 200, response.text);
    }
    assert.ok(refused > 10, `refused after the burst: ${refused}`);
    const rest = await restEdit(server.url, dave.token, said.messageId, { message: 'more' });
    expectError(rest, 429, 'over the limit');
    assert.ok(Number(rest.headers.get('retry-after')) >= 1);
  });
});
