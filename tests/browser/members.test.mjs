// The member list in the web client: who is in the open group, the owner marked, and who
// is online, which the hub's MemberOffline changes when someone's browser goes away.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { screenshot, twoInAGroup, useBrowserServer } from './harness.mjs';

describe('web client: members', () => {
  const { newPerson } = useBrowserServer();

  test('shows the members, the owner, and who is online', async () => {
    const { alice, bob, bobName, aliceName } = await twoInAGroup(newPerson, 'Members');

    const toggle = alice.page.locator('.members-toggle');
    await toggle.click();
    const panel = alice.page.locator('#members');
    const row = (name) => panel.locator('.member', { hasText: name });
    await row(bobName).waitFor();
    await alice.page.locator('.member.online', { hasText: bobName }).waitFor();
    await alice.page.locator('.member.online', { hasText: aliceName }).waitFor();
    assert.equal(await row(aliceName).locator('.badge').textContent(), 'Owner');
    assert.equal(await row(bobName).locator('.badge').count(), 0);
    assert.match(await toggle.innerText(), /2 online/);
    await screenshot(alice.page, 'members-both-online');

    // Bob closes his browser: once the grace (5 s) is over, MemberOffline reaches alice's
    // open list, with no reload.
    await bob.context.close();
    await alice.page.locator('.member:not(.online)', { hasText: bobName }).waitFor({ timeout: 15_000 });
    assert.match(await toggle.innerText(), /1 online/);

    assert.deepEqual([...alice.problems, ...bob.problems], []);
    await alice.context.close();
  });
});
