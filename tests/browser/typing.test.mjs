// "X is typing…" in the web client: shown to the other person while someone types, gone
// when their message arrives, and gone by itself a few seconds after they stop.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { screenshot, twoInAGroup, useBrowserServer, waitForMessage } from './harness.mjs';

describe('web client: typing', () => {
  const { newPerson } = useBrowserServer();

  test('the other person sees who is typing until the message comes or they stop', async () => {
    const { alice, bob, bobName } = await twoInAGroup(newPerson, 'Typing');

    const aliceSees = alice.page.locator('#typing');
    const bobInput = bob.page.getByLabel('Message', { exact: true });
    await bobInput.pressSequentially('Hello Al', { delay: 30 });
    await aliceSees.filter({ hasText: `${bobName} is typing…` }).waitFor({ timeout: 10_000 });
    assert.equal(await bob.page.locator('#typing').innerText(), '', 'bob does not see himself');
    await screenshot(alice.page, 'typing-alice-sees-bob');

    await bobInput.pressSequentially('ice!', { delay: 30 });
    await bobInput.press('Enter');
    await waitForMessage(alice.page, 'Hello Alice!');
    assert.equal(await aliceSees.innerText(), '', 'the message ends the indication');

    // Typing and then stopping: the line clears by itself (5 s after the last indication).
    await bobInput.pressSequentially('Wait', { delay: 30 });
    await aliceSees.filter({ hasText: 'is typing' }).waitFor({ timeout: 10_000 });
    const shownAt = Date.now();
    await alice.page.waitForFunction(() => document.querySelector('#typing')?.textContent === '',
      null, { timeout: 15_000 });
    const shownFor = Date.now() - shownAt;
    assert.ok(shownFor > 2_000, `shown for ${shownFor} ms, not cleared at once`);

    assert.deepEqual([...alice.problems, ...bob.problems], []);
    await alice.context.close();
    await bob.context.close();
  });
});
