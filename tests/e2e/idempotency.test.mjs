// SendMessage(groupId, message, clientMessageId): a retried send is stored and broadcast once.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  SETTLE_MS, assertMessageDto, createSharedGroup, history, range, sleep, useHubServer,
} from './hub.mjs';

describe('idempotent SendMessage with clientMessageId', { timeout: 60_000 }, () => {
  const { server, hubs, users: { alice, bob } } = useHubServer({ users: ['alice', 'bob'] });

  test('the same clientMessageId returns the same MessageDto and is delivered once', async () => {
    const groupId = await createSharedGroup(server.url, alice, bob);
    const a = await hubs.subscribe(alice.token, groupId, { label: 'alice #1' });
    const a2 = await hubs.subscribe(alice.token, groupId, { label: 'alice #2' });
    const b = await hubs.subscribe(bob.token, groupId, { label: 'bob' });

    // A retry after the first answer.
    const first = await a.invoke('SendMessage', groupId, 'only once', 'retry-1');
    assertMessageDto(first, { groupId, seq: 1, playerId: alice.id, message: 'only once' }, 'first send');
    const retried = await a.invoke('SendMessage', groupId, 'only once', 'retry-1');
    assert.deepEqual(retried, first, 'the retry returns the stored MessageDto');

    // Concurrent duplicates, from two connections of the same user.
    const racing = await Promise.all([a, a2, a, a2].map(
      (client) => client.invoke('SendMessage', groupId, 'racing', 'race-1')));
    assertMessageDto(racing[0], { groupId, seq: 2, playerId: alice.id, message: 'racing' }, 'racing send');
    for (const dto of racing) assert.deepEqual(dto, racing[0], 'every racing duplicate gets the same MessageDto');

    // The same clientMessageId from another user is another message.
    const bobs = await b.invoke('SendMessage', groupId, 'bob reuses the id', 'retry-1');
    assertMessageDto(bobs, { groupId, seq: 3, playerId: bob.id }, "bob's send");

    const marker = await a.invoke('SendMessage', groupId, 'marker');
    assert.equal(marker.seq, 4, `marker seq: ${JSON.stringify(marker)}`);
    for (const client of [a, a2, b]) await client.waitForMessage(marker.messageId);
    await sleep(SETTLE_MS);
    for (const client of [a, a2, b]) {
      assert.deepEqual(client.seqs(groupId), range(1, 4), `each message once: ${client.describe(groupId)}`);
      assert.deepEqual(client.received, [first, racing[0], bobs, marker], `${client.label}: DTOs`);
    }
    assert.deepEqual(await history(server.url, alice.token, groupId), [first, racing[0], bobs, marker],
                     'stored once each');
  });
});
