// The web client on a phone-sized screen: the group list and the chat are two views.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  DEFAULT_PASSWORD, createGroupInUi, registerInUi, screenshot, sendInUi, shownMessages, uniqueName,
  useBrowserServer, waitForMessage,
} from './harness.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

async function fitsWidth(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

describe('web client: phone-sized screen', () => {
  const { server, newPerson } = useBrowserServer();

  test('log in, list groups, chat and go back, all within 390×844', async () => {
    const person = await newPerson(PHONE);
    const { page } = person;
    await page.goto('/');
    await page.getByLabel('User name').waitFor();
    assert.ok(await fitsWidth(page), 'log-in form fits');
    await screenshot(page, 'phone-login');

    const userName = uniqueName('phone');
    await registerInUi(page, userName, DEFAULT_PASSWORD);
    const groupName = `Pocket chat ${userName.slice(-6)}`;
    await createGroupInUi(page, groupName);

    // The chat replaces the list.
    assert.equal(await page.locator('.groups').isVisible(), false, 'the list is hidden in a chat');
    await sendInUi(page, 'Hello from a small screen, with a long line that has to wrap neatly '
                         + 'inside its bubble instead of widening the page.');
    await waitForMessage(page, 'Hello from a small screen');
    await sendInUi(page, 'Second one');
    await waitForMessage(page, 'Second one');
    assert.equal((await shownMessages(page)).length, 2);
    assert.ok(await fitsWidth(page), 'chat fits');
    const input = page.getByLabel('Message', { exact: true });
    const box = await input.boundingBox();
    assert.ok(box && box.y + box.height <= 844, 'the composer is on screen');
    await screenshot(page, 'phone-chat');

    await page.getByRole('button', { name: '‹ Groups' }).click();
    await page.locator('.groups').waitFor();
    assert.equal(await page.locator('.chat').isVisible(), false, 'the chat is hidden in the list');
    assert.ok(await fitsWidth(page), 'list fits');
    await screenshot(page, 'phone-groups');
    assert.deepEqual(person.problems, []);
    await person.context.close();
  });
});
