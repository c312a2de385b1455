// Two people chat through the web client: live both ways, history after a reload, and
// older pages loaded when scrolling up.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  createGroup, loginSession, register, sendMessage,
} from '../integration/server.mjs';
import {
  DEFAULT_PASSWORD, assertContiguous, createGroupInUi, expectOnline, joinGroupInUi, logInInUi,
  registerInUi, screenshot, sendInUi, shownMessages, uniqueName, useBrowserServer, waitForMessage,
} from './harness.mjs';

describe('web client: chatting', () => {
  const { server, newPerson } = useBrowserServer();

  test('two people chat live both ways; a reload keeps the session and the history', async () => {
    const alice = await newPerson();
    const bob = await newPerson();
    const aliceName = uniqueName('alice');
    const bobName = uniqueName('bob');
    const groupName = `Book club ${aliceName.slice(-6)}`;

    await registerInUi(alice.page, aliceName, DEFAULT_PASSWORD);
    await createGroupInUi(alice.page, groupName);
    await registerInUi(bob.page, bobName, DEFAULT_PASSWORD);
    await joinGroupInUi(bob.page, groupName);

    await sendInUi(alice.page, 'Hi Bob! Did you finish the book?');
    await waitForMessage(bob.page, 'Hi Bob! Did you finish the book?');
    await sendInUi(bob.page, 'Almost. The ending is\non its way.');
    await waitForMessage(alice.page, 'The ending is');
    await sendInUi(alice.page, 'No spoilers then 🙂');
    await waitForMessage(bob.page, 'No spoilers then');

    for (const [person, me, other] of [[alice, aliceName, bobName], [bob, bobName, aliceName]]) {
      const shown = await shownMessages(person.page);
      assertContiguous(shown, me);
      assert.deepEqual(shown.map((m) => m.text),
                       ['Hi Bob! Did you finish the book?', 'Almost. The ending is\non its way.',
                        'No spoilers then 🙂']);
      for (const message of shown) {
        const mine = message.author.startsWith(me);
        assert.equal(message.own, mine, `${me}: own flag of ${JSON.stringify(message)}`);
        assert.ok(message.author.includes(mine ? me : other), JSON.stringify(message));
      }
      // Local time is shown.
      assert.match(await person.page.locator('.message time').first().innerText(), /\d/);
    }
    await screenshot(alice.page, 'chat-alice');
    await screenshot(bob.page, 'chat-bob');

    // A reload keeps the login and the open group, and shows the history.
    await bob.page.reload();
    await expectOnline(bob.page);
    await waitForMessage(bob.page, 'No spoilers then');
    assert.equal((await shownMessages(bob.page)).length, 3);
    await sendInUi(bob.page, 'Back after a reload');
    await waitForMessage(alice.page, 'Back after a reload');
    await screenshot(bob.page, 'chat-bob-after-reload');

    assert.deepEqual([...alice.problems, ...bob.problems], []);
    await alice.context.close();
    await bob.context.close();
  });

  test('older messages load when scrolling up, without gaps or duplicates', async () => {
    const userName = uniqueName('reader');
    await register(server.url, userName);
    const { accessToken } = await loginSession(server.url, userName);
    const token = accessToken.token;
    const groupName = `Archive ${userName.slice(-6)}`;
    const groupId = await createGroup(server.url, token, groupName); // the creator is a member
    for (let i = 1; i <= 120; i += 1) {
      assert.equal((await sendMessage(server.url, token, groupId, `archived message ${i}`)).status, 200);
    }

    const reader = await newPerson();
    await logInInUi(reader.page, userName, DEFAULT_PASSWORD);
    await reader.page.locator('.group-open', { hasText: groupName }).click();
    await waitForMessage(reader.page, 'archived message 120');
    let shown = await shownMessages(reader.page);
    assert.equal(shown.length, 50, 'the newest 50 first');
    assert.equal(shown[0].seq, 71);

    const scroller = reader.page.locator('.scroller');
    for (const expected of [100, 120]) {
      await scroller.evaluate((element) => { element.scrollTop = 0; });
      await reader.page.waitForFunction(
        (count) => document.querySelectorAll('.messages:not(.pending) .message').length === count,
        expected);
    }
    shown = await shownMessages(reader.page);
    assertContiguous(shown, 'after paging');
    assert.deepEqual(shown.map((m) => m.text), shown.map((m) => `archived message ${m.seq}`));
    await reader.page.getByText('This is the start of the conversation.').waitFor();
    await scroller.evaluate((element) => { element.scrollTop = 0; });
    await screenshot(reader.page, 'history-paging');
    assert.deepEqual(reader.problems, []);
    await reader.context.close();
  });
});
