// Unread counts in the web client: a group with messages the person has not read shows how
// many, and its newest message; opening it reads them, on the server, so the count stays
// gone after a reload.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  createGroupInUi, groupItem, openGroupInUi, screenshot, sendInUi, twoInAGroup, useBrowserServer,
  waitForMessage,
} from './harness.mjs';

describe('web client: unread counts', () => {
  const { newPerson } = useBrowserServer();

  test('counts rise while the group is closed and fall when it is read', async () => {
    const { alice, bob, groupName } = await twoInAGroup(newPerson, 'Unread');
    await createGroupInUi(bob.page, `Elsewhere ${groupName.slice(-6)}`); // bob looks away

    for (const text of ['first news', 'second news', 'third news']) {
      await sendInUi(alice.page, text);
      await waitForMessage(alice.page, text);
    }
    await bob.page.getByRole('button', { name: 'Refresh' }).click();
    const badge = groupItem(bob.page, groupName).locator('.unread');
    await badge.filter({ hasText: /^3$/ }).waitFor({ timeout: 10_000 });
    assert.match(await groupItem(bob.page, groupName).locator('.group-last').innerText(),
      /third news$/);
    assert.equal(await groupItem(alice.page, groupName).locator('.unread').count(), 0,
      'what alice sent is not unread for her');
    await screenshot(bob.page, 'unread-bob-has-three');

    await openGroupInUi(bob.page, groupName);
    await waitForMessage(bob.page, 'third news');
    await badge.waitFor({ state: 'detached', timeout: 10_000 });

    await bob.page.evaluate(() => { location.hash = '#/'; }); // back to the list, nothing open
    await bob.page.reload();
    await groupItem(bob.page, groupName).waitFor();
    await bob.page.getByRole('button', { name: 'Refresh' }).click();
    await bob.page.waitForTimeout(500);
    assert.equal(await badge.count(), 0, 'read on the server, not only on screen');

    assert.deepEqual([...alice.problems, ...bob.problems], []);
    await alice.context.close();
    await bob.context.close();
  });
});
