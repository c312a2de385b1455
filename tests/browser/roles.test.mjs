// Private groups, invitations and roles in the web client: a private group is listed only
// to its members and those invited, an invitation is accepted from the group list, the owner
// makes an admin (seen live by them), an admin invites and removes, and the owner hands over.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  DEFAULT_PASSWORD, groupItem, registerInUi, screenshot, sendInUi, uniqueName, useBrowserServer,
  waitForMessage,
} from './harness.mjs';

/** The row of a member in the open group's member list. */
function memberRow(page, name) {
  return page.locator('#members .member', { hasText: name });
}

async function refreshGroups(page) {
  await page.getByRole('button', { name: 'Refresh' }).click();
}

async function invite(page, name) {
  await page.getByTestId('invite-name').fill(name);
  await page.getByTestId('invite-submit').click();
  await page.locator('.invite .notice', { hasText: `Invited ${name}` }).waitFor();
}

async function acceptInvitation(page, groupName) {
  await refreshGroups(page);
  await groupItem(page, groupName).getByTestId('accept-invite').click();
  await page.locator('.chat-title', { hasText: groupName }).waitFor();
  await groupItem(page, groupName).locator('.badge', { hasText: 'Member' }).waitFor();
}

describe('web client: private groups and roles', () => {
  const { newPerson } = useBrowserServer();

  test('invite, accept, make an admin, remove, hand over', async () => {
    const [alice, bob, carol] = [await newPerson(), await newPerson(), await newPerson()];
    const aliceName = uniqueName('alice');
    const bobName = uniqueName('bob');
    const carolName = uniqueName('carol');
    const groupName = `Secret ${aliceName.slice(-6)}`;

    // Alice creates a private group: it carries the lock, and she may invite.
    await registerInUi(alice.page, aliceName, DEFAULT_PASSWORD);
    await alice.page.getByLabel('New group').fill(groupName);
    await alice.page.locator('#new-group-private').check();
    await alice.page.getByRole('button', { name: 'Create', exact: true }).click();
    await alice.page.locator('.chat-title', { hasText: groupName }).waitFor();
    await groupItem(alice.page, groupName).getByTestId('private-mark').waitFor();
    await alice.page.locator('.members-toggle').click();
    await memberRow(alice.page, aliceName).locator('.badge', { hasText: 'Owner' }).waitFor();

    // Bob does not see it until he is invited; then he accepts and chats.
    await registerInUi(bob.page, bobName, DEFAULT_PASSWORD);
    await bob.page.locator('.groups[data-state="loaded"]').waitFor();
    assert.equal(await groupItem(bob.page, groupName).count(), 0);
    await invite(alice.page, bobName);
    await refreshGroups(bob.page);
    const invitation = groupItem(bob.page, groupName);
    await invitation.locator('.badge', { hasText: 'Invited' }).waitFor();
    await invitation.getByTestId('private-mark').waitFor();
    await invitation.getByTestId('decline-invite').waitFor();
    await screenshot(bob.page, 'roles-invitation');
    await acceptInvitation(bob.page, groupName);
    await sendInUi(bob.page, 'Thanks for the invitation');
    await waitForMessage(alice.page, 'Thanks for the invitation');

    // Bob, a plain member, has no invite form and no buttons beside others.
    await bob.page.locator('.members-toggle').click();
    await memberRow(bob.page, aliceName).waitFor();
    assert.equal(await bob.page.locator('.invite').isHidden(), true);
    assert.equal(await bob.page.locator('#members .member-actions').count(), 0);

    // Alice makes him an admin: his open list shows it live, and he may invite now.
    await memberRow(alice.page, bobName).getByTestId('make-admin').click();
    await memberRow(alice.page, bobName).locator('.badge', { hasText: 'Admin' }).waitFor();
    await bob.page.locator(`#members .member[data-role="admin"]`, { hasText: bobName }).waitFor();
    await bob.page.getByTestId('invite-name').waitFor();

    // Bob invites carol, she joins, he removes her; she finds out on her next refresh.
    await registerInUi(carol.page, carolName, DEFAULT_PASSWORD);
    await invite(bob.page, carolName);
    await acceptInvitation(carol.page, groupName);
    await memberRow(bob.page, carolName).waitFor();
    assert.equal(await memberRow(bob.page, aliceName).locator('.member-actions').count(), 0,
                 'an admin has no buttons beside the owner');
    await memberRow(bob.page, carolName).getByTestId('remove-member').click();
    await memberRow(bob.page, carolName).getByTestId('confirm-member-action').click();
    await memberRow(bob.page, carolName).waitFor({ state: 'detached' });
    await memberRow(alice.page, carolName).waitFor({ state: 'detached' });
    await refreshGroups(carol.page);
    await groupItem(carol.page, groupName).waitFor({ state: 'detached' });

    // The owner cannot leave while others remain; she hands the group over to bob instead.
    await alice.page.getByRole('button', { name: 'Leave group' }).click();
    await alice.page.locator('.chat > .error', { hasText: /hand it over/i }).waitFor();
    await memberRow(alice.page, bobName).getByTestId('make-owner').click();
    await memberRow(alice.page, bobName).getByTestId('confirm-member-action').click();
    await memberRow(alice.page, bobName).locator('.badge', { hasText: 'Owner' }).waitFor();
    await memberRow(alice.page, aliceName).locator('.badge', { hasText: 'Admin' }).waitFor();
    await bob.page.locator(`#members .member[data-role="owner"]`, { hasText: bobName }).waitFor();
    await memberRow(bob.page, aliceName).getByTestId('make-member').waitFor();
    assert.equal(await alice.page.locator('#members .member-actions').count(), 0,
                 'an admin has no buttons beside the owner');
    await screenshot(bob.page, 'roles-new-owner');

    assert.deepEqual([...alice.problems, ...bob.problems, ...carol.problems], []);
    await Promise.all([alice, bob, carol].map((person) => person.context.close()));
  });
});
