// Leaving a group over REST (DELETE /api/Groups/groups/{id}/player) unsubscribes every live
// hub connection of that user.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { joinGroup, leaveGroup } from '../integration/server.mjs';
import {
  SETTLE_MS, createSharedGroup, restSend, sleep, useHubServer,
} from './hub.mjs';

describe('leaving over REST', { timeout: 60_000 }, () => {
  // alice stays, bob leaves.
  const { server, hubs, users: { alice, bob } } = useHubServer({ users: ['alice', 'bob'] });

  test("stops delivery to all of the leaver's connections", async () => {
    const groupId = await createSharedGroup(server.url, alice, bob);
    const a = await hubs.subscribe(alice.token, groupId, { label: 'alice' });
    const b1 = await hubs.subscribe(bob.token, groupId, { label: 'bob #1' });
    const b2 = await hubs.subscribe(bob.token, groupId, { label: 'bob #2' });

    const earlier = await restSend(server.url, alice.token, groupId, 'before bob leaves');
    for (const client of [a, b1, b2]) await client.waitForMessage(earlier.messageId);

    const left = await leaveGroup(server.url, bob.token, groupId);
    assert.equal(left.status, 200, `bob leaves: ${left.text}`);

    const afterRest = await restSend(server.url, alice.token, groupId, 'after bob left (REST)');
    const afterHub = await a.invoke('SendMessage', groupId, 'after bob left (hub)');
    await a.waitForMessage(afterHub.messageId);
    await sleep(SETTLE_MS);
    assert.deepEqual(a.received, [earlier, afterRest, afterHub], `alice: ${a.describe()}`);
    for (const client of [b1, b2]) {
      assert.deepEqual(client.received, [earlier], `after leaving: ${client.describe()}`);
    }

    // The connections stay up but are no longer members.
    await b1.invokeRejects(/not joined/i, 'SendMessage', groupId, 'still here?');
    await b2.invokeRejects(/not joined/i, 'ConnectToGroup', groupId);
    await b2.invokeRejects(/not joined/i, 'ConnectToGroup', groupId, 0);
    const id = await b1.invoke('GetConnectionId');
    assert.ok(typeof id === 'string' && id.length > 0, 'bob #1 is still connected');

    // Joining again does not resubscribe old connections; ConnectToGroup does.
    assert.equal((await joinGroup(server.url, bob.token, groupId)).status, 200, 'bob joins again');
    await b1.invoke('ConnectToGroup', groupId);
    const rejoined = await restSend(server.url, alice.token, groupId, 'after bob rejoined');
    await b1.waitForMessage(rejoined.messageId);
    await a.waitForMessage(rejoined.messageId);
    await sleep(SETTLE_MS);
    assert.deepEqual(b1.received, [earlier, rejoined], `bob #1 after ConnectToGroup: ${b1.describe()}`);
    assert.deepEqual(b2.received, [earlier], `bob #2 did not subscribe again: ${b2.describe()}`);
  });
});
