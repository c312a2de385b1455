// Roles over the hub with @microsoft/signalr: InviteMember, RemoveMember and SetMemberRole,
// the MemberRoleChanged event to every reader (the member too), and a removal ending the
// removed member's delivery.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { joinGroup, request, uniqueName } from '../integration/server.mjs';
import { SETTLE_MS, createSharedGroup, restSend, sleep, useHubServer, waitFor } from './hub.mjs';

describe('roles over the hub', { timeout: 60_000 }, () => {
  const { server, hubs, users: { alice, bob, carol, dave } } =
    useHubServer({ users: ['alice', 'bob', 'carol', 'dave'] });

  test('a role change reaches every reader; an admin removes a member', async () => {
    const groupId = await createSharedGroup(server.url, alice, bob, carol);
    const a = await hubs.subscribe(alice.token, groupId, { label: 'alice' });
    const b = await hubs.subscribe(bob.token, groupId, { label: 'bob' });
    const c = await hubs.subscribe(carol.token, groupId, { label: 'carol' });

    await c.invokeRejects(/owner/i, 'SetMemberRole', groupId, bob.id, 'admin');
    await a.invokeRejects(/role must be/i, 'SetMemberRole', groupId, bob.id, 'king');
    const named = await a.invoke('SetMemberRole', groupId, bob.id, 'admin');
    assert.deepEqual(named, { groupId, playerId: bob.id, playerName: bob.userName, role: 'admin' });
    const changed = { kind: 'MemberRoleChanged', ...named };
    for (const client of [a, b, c]) {
      await waitFor(() => client.memberEvents.some((e) => e.kind === 'MemberRoleChanged'),
        `${client.label} hears of the role`);
      assert.deepEqual(client.memberEvents.filter((e) => e.kind === 'MemberRoleChanged'),
        [changed], client.label);
    }

    await b.invokeRejects(/owner/i, 'RemoveMember', groupId, alice.id);
    assert.deepEqual(await b.invoke('RemoveMember', groupId, carol.id),
      { groupId, playerId: carol.id, playerName: carol.userName, role: 'member' });
    await waitFor(() => a.memberEvents.some((e) => e.kind === 'MemberLeft'), 'alice sees carol go');
    const after = await restSend(server.url, alice.token, groupId, 'after carol was removed');
    await b.waitForMessage(after.messageId);
    await sleep(SETTLE_MS);
    assert.equal(c.messages(groupId).length, 0, `carol gets nothing: ${c.describe(groupId)}`);
    await c.invokeRejects(/not found|not joined|not member/i, 'SendMessage', groupId, 'still in?');
  });

  test('InviteMember lets a user into a private group', async () => {
    const created = await request(server.url, 'POST', '/api/Groups',
      { token: alice.token, json: { name: uniqueName('private'), isPrivate: true } });
    const { groupId } = created.body;
    const a = await hubs.connect(alice.token, { label: 'alice' });
    const d = await hubs.connect(dave.token, { label: 'dave' });
    await d.invokeRejects(/not found/i, 'ConnectToGroup', groupId);
    await d.invokeRejects(/not found/i, 'InviteMember', groupId, dave.userName);
    assert.deepEqual(await a.invoke('InviteMember', groupId, dave.userName),
      { groupId, playerId: dave.id, playerName: dave.userName, role: 'member' });
    assert.equal((await joinGroup(server.url, dave.token, groupId)).status, 200);
    await d.invoke('ConnectToGroup', groupId);
    const sent = await restSend(server.url, alice.token, groupId, 'welcome');
    await d.waitForMessage(sent.messageId);
  });
});
