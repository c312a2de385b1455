// The original Angular client's library, @aspnet/signalr 1.1.4, used as that client did:
// default transports, negotiate without a version, access_token in the WebSocket query.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { createGroup } from '../integration/server.mjs';
import {
  SETTLE_MS, aspnetSignalR, createSharedGroup, restSend, sleep, useHubServer,
} from './hub.mjs';

describe('original client flow (@aspnet/signalr 1.1.4)', { timeout: 60_000 }, () => {
  const { server, hubs, users: { alice, bob } } = useHubServer({ users: ['alice', 'bob'] });
  before(() => assert.equal(aspnetSignalR.VERSION, '1.1.4', 'the installed @aspnet/signalr version'));

  test('connect, GetConnectionId, ConnectToGroup with a number, receive REST messages', async () => {
    const groupId = await createSharedGroup(server.url, alice, bob);
    const client = await hubs.connectAspNet(alice.token, { label: 'alice (1.1.4)' });

    const id = await client.invoke('GetConnectionId');
    assert.ok(typeof id === 'string' && id.length > 0, `GetConnectionId returned ${JSON.stringify(id)}`);

    await client.invoke('ConnectToGroup', groupId);
    const own = await restSend(server.url, alice.token, groupId, 'hello from alice');
    const other = await restSend(server.url, bob.token, groupId, 'hello from bob');
    assert.deepEqual(await client.waitForMessage(own.messageId), own, 'own REST message echoed');
    assert.deepEqual(await client.waitForMessage(other.messageId), other, "bob's REST message");
    await sleep(SETTLE_MS);
    assert.deepEqual(client.received, [own, other], client.describe());
  });

  test('invoking the nonexistent NewMessage rejects without killing the connection', async () => {
    const groupId = await createGroup(server.url, alice.token);
    const client = await hubs.connectAspNet(alice.token, { label: 'alice (1.1.4, dead code)' });
    await client.invoke('ConnectToGroup', groupId);
    // ChatService.sendMessage of the original client: invoke('NewMessage', message).
    await client.invokeRejects(/./, 'NewMessage', { groupId, message: 'dead code' });
    assert.ok(!client.closed, `the connection was closed: ${client.closeError?.message}`);
    const id = await client.invoke('GetConnectionId');
    assert.ok(typeof id === 'string' && id.length > 0, 'GetConnectionId still works');
    const dto = await restSend(server.url, alice.token, groupId, 'after NewMessage');
    assert.deepEqual(await client.waitForMessage(dto.messageId), dto, 'messages still arrive');
  });

  test('switching groups: RemoveFromGroup(previous), then ConnectToGroup(next)', async () => {
    const first = await createGroup(server.url, alice.token);
    const second = await createGroup(server.url, alice.token);
    const client = await hubs.connectAspNet(alice.token, { label: 'alice (1.1.4, switching)' });
    await client.invoke('ConnectToGroup', first);
    const inFirst = await restSend(server.url, alice.token, first, 'in the first group');
    await client.waitForMessage(inFirst.messageId);

    assert.equal(await client.invoke('RemoveFromGroup', first), null, 'RemoveFromGroup result');
    await client.invoke('ConnectToGroup', second);
    const ignored = await restSend(server.url, alice.token, first, 'first group, no longer selected');
    const inSecond = await restSend(server.url, alice.token, second, 'in the second group');
    await client.waitForMessage(inSecond.messageId);
    await sleep(SETTLE_MS);
    assert.deepEqual(client.received, [inFirst, inSecond],
                     `message ${ignored.messageId} of the deselected group must not arrive: ${client.describe()}`);
  });
});
