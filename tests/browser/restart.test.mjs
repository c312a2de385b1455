// The connection drops (server restart, network loss) in the middle of a chat: both
// clients say so, reconnect by themselves, fill in what they missed, and a message typed
// while the server was down is delivered exactly once.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { getHistory, loginSession } from '../integration/server.mjs';
import {
  DEFAULT_PASSWORD, assertContiguous, createGroupInUi, expectOnline, joinGroupInUi, registerInUi,
  screenshot, sendInUi, shownMessages, uniqueName, useBrowserServer, waitForMessage,
} from './harness.mjs';

const texts = (messages) => messages.map((message) => message.text);

describe('web client: recovering from dropped connections', () => {
  const { server, newPerson } = useBrowserServer();
  let alice;
  let bob;
  let aliceName;
  let groupName;
  before(async () => {
    alice = await newPerson();
    bob = await newPerson();
    aliceName = uniqueName('alice');
    groupName = `Ops room ${aliceName.slice(-6)}`;
    await registerInUi(alice.page, aliceName, DEFAULT_PASSWORD);
    await createGroupInUi(alice.page, groupName);
    await registerInUi(bob.page, uniqueName('bob'), DEFAULT_PASSWORD);
    await joinGroupInUi(bob.page, groupName);
  });

  test('a server restart mid-chat loses and duplicates nothing', async () => {
    await sendInUi(alice.page, 'before the restart');
    await waitForMessage(bob.page, 'before the restart');
    await sendInUi(bob.page, 'still here');
    await waitForMessage(alice.page, 'still here');

    await server.stop();
    for (const person of [alice, bob]) {
      await person.page.locator('.status-pill[data-state="reconnecting"]').waitFor({ timeout: 15_000 });
      await person.page.getByText('Connection lost.').waitFor();
    }
    // Typed while the server is down: queued, shown as waiting.
    await sendInUi(alice.page, 'typed while the server was down');
    await alice.page.locator('.messages.pending .message', { hasText: 'typed while the server was down' })
      .waitFor();
    await screenshot(alice.page, 'restart-offline-alice');

    await server.start();
    for (const person of [alice, bob]) await expectOnline(person.page, 45_000);
    await waitForMessage(alice.page, 'typed while the server was down', 20_000);
    await waitForMessage(bob.page, 'typed while the server was down', 20_000);
    await alice.page.locator('.messages.pending .message').waitFor({ state: 'detached' });

    // Live again, both ways.
    await sendInUi(bob.page, 'after the restart');
    await waitForMessage(alice.page, 'after the restart');
    await sendInUi(alice.page, 'welcome back');
    await waitForMessage(bob.page, 'welcome back');

    const expected = ['before the restart', 'still here', 'typed while the server was down',
                      'after the restart', 'welcome back'];
    for (const person of [alice, bob]) {
      const shown = await shownMessages(person.page);
      assertContiguous(shown, 'after restart');
      assert.deepEqual(texts(shown), expected);
    }
    // The server stored the offline message once.
    const { accessToken } = await loginSession(server.url, aliceName);
    const groupId = Number(new URL(alice.page.url()).hash.replace('#/groups/', ''));
    const stored = await getHistory(server.url, accessToken.token, groupId);
    assert.deepEqual(stored.body.map((m) => m.message), expected);
    await screenshot(alice.page, 'restart-recovered-alice');
    await screenshot(bob.page, 'restart-recovered-bob');
  });

  test('a client that lost its network catches up on what it missed', async () => {
    const before = (await shownMessages(bob.page)).length;
    await bob.context.setOffline(true);
    await bob.page.locator('.status-pill[data-state="reconnecting"]').waitFor({ timeout: 10_000 });
    await sendInUi(alice.page, 'sent while bob was offline 1');
    await sendInUi(alice.page, 'sent while bob was offline 2');
    await waitForMessage(alice.page, 'sent while bob was offline 2');
    await screenshot(bob.page, 'network-offline-bob');
    await bob.context.setOffline(false);
    await waitForMessage(bob.page, 'sent while bob was offline 2', 20_000);
    await expectOnline(bob.page);
    const shown = await shownMessages(bob.page);
    assertContiguous(shown, 'bob after catching up');
    assert.equal(shown.length, before + 2);
    assert.deepEqual([...alice.problems, ...bob.problems], []);
  });
});
