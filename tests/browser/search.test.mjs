// Message search in the web client: the words typed above the group list find exactly the
// messages with each of them as a whole word, in any case, newest first, over the person's
// groups only (not a public group they never joined), marked in the text and shown as text,
// never as markup. A result opens its group; "Only in" keeps to the open group; More loads
// the next page; no match, and a query the server refuses, say so.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { createGroup, loginSession, newUser, request, sendMessage } from '../integration/server.mjs';
import {
  DEFAULT_PASSWORD, createGroupInUi, registerInUi, screenshot, sendInUi, uniqueName,
  useBrowserServer, waitForMessage,
} from './harness.mjs';

const PAGE_SIZE = 20;

/** The group open in the page, from its address (#/groups/<id>). */
function openGroupId(page) {
  return Number(new URL(page.url()).hash.replace('#/groups/', ''));
}

/**
 * Types `query` in the search box and presses Enter; resolves with the panel's state once
 * the answer for this query (over all groups, or `scope`: the group's id) is on screen.
 */
async function searchInUi(page, query, scope = 'all') {
  const box = page.getByLabel('Search messages', { exact: true });
  await box.fill(query);
  await box.press('Enter');
  return searchDone(page, query, scope);
}

async function searchDone(page, query, scope) {
  await page.waitForFunction(([q, s]) => {
    const panel = document.getElementById('search-results');
    return panel !== null && !panel.hidden && panel.dataset.query === q
      && panel.dataset.scope === String(s) && panel.dataset.state !== 'loading';
  }, [query, scope], { timeout: 10_000 });
  return page.locator('#search-results').getAttribute('data-state');
}

/** The results shown, in order. */
function shownHits(page) {
  return page.locator('#search-results .search-hit').evaluateAll((items) => items.map((item) => {
    const text = item.querySelector('.search-text');
    return {
      messageId: Number(item.getAttribute('data-message-id')),
      group: item.querySelector('.search-group')?.textContent ?? '',
      author: item.querySelector('.search-author')?.textContent ?? '',
      time: item.querySelector('time')?.textContent ?? '',
      text: text?.textContent ?? '',
      marks: [...(text?.querySelectorAll('mark') ?? [])].map((mark) => mark.textContent),
      elements: [...(text?.querySelectorAll('*') ?? [])].map((element) => element.tagName),
    };
  }));
}

const summary = (page) => page.locator('#search-results [role="status"]').innerText();
const more = (page) => page.getByTestId('search-more');

describe('web client: message search', () => {
  const { server, newPerson } = useBrowserServer();

  test('finds whole words in the own groups, opens a result, pages with More', async () => {
    const person = await newPerson();
    const { page } = person;
    const userName = uniqueName('searcher');
    const opsName = `Ops ${userName.slice(-6)}`;
    const elsewhereName = `Elsewhere ${userName.slice(-6)}`;

    await registerInUi(page, userName, DEFAULT_PASSWORD);
    await createGroupInUi(page, opsName);
    const opsId = openGroupId(page);
    assert.ok(Number.isInteger(opsId) && opsId > 0, page.url());
    for (const text of ['The deployment starts at noon', 'Lunch first?', 'Deployments happen on Fridays',
                        'Notes: <b>deployment</b> & rollback', 'DEPLOYMENT done, all green']) {
      await sendInUi(page, text);
      await waitForMessage(page, text);
    }
    await createGroupInUi(page, elsewhereName); // and so it is the open one
    await sendInUi(page, 'deployment rehearsal tomorrow');
    await waitForMessage(page, 'deployment rehearsal tomorrow');

    // Someone else's public group, which the searcher never joined.
    const other = await newUser(server.url, 'other');
    const otherGroup = await createGroup(server.url, other.token, `Theirs ${userName.slice(-6)}`);
    assert.equal((await sendMessage(server.url, other.token, otherGroup, 'deployment secrets of theirs')).status, 200);

    // Over all of the searcher's groups: whole words only, any case, newest first.
    assert.equal(await searchInUi(page, 'deployment'), 'loaded');
    const hits = await shownHits(page);
    assert.ok(!hits.some((hit) => hit.text.includes('secrets')), 'not from a group one is not in');
    assert.deepEqual(hits.map(({ group, author, text, marks, elements }) => ({ group, author, text, marks, elements })), [
      { group: elsewhereName, author: userName, text: 'deployment rehearsal tomorrow',
        marks: ['deployment'], elements: ['MARK'] },
      { group: opsName, author: userName, text: 'DEPLOYMENT done, all green',
        marks: ['DEPLOYMENT'], elements: ['MARK'] },
      { group: opsName, author: userName, text: 'Notes: <b>deployment</b> & rollback',
        marks: ['deployment'], elements: ['MARK'] },
      { group: opsName, author: userName, text: 'The deployment starts at noon',
        marks: ['deployment'], elements: ['MARK'] },
    ]);
    const ids = hits.map((hit) => hit.messageId);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
    for (const hit of hits) assert.match(hit.time, /\d/, 'the time is shown');
    assert.match(await summary(page), /^4 messages/);
    assert.equal(await more(page).isVisible(), false, 'a short page is the last');
    assert.equal(await page.locator('.groups').isVisible(), false, 'the results take the list\'s place');
    await screenshot(page, 'search-results');

    // A result opens its group; the results stay.
    const chosen = page.locator('#search-results .search-hit', { hasText: 'The deployment starts at noon' })
      .locator('.search-open');
    await chosen.click();
    await page.locator('.chat-title', { hasText: opsName }).waitFor();
    assert.equal(openGroupId(page), opsId);
    assert.equal(await chosen.getAttribute('aria-current'), 'true');
    await waitForMessage(page, 'Lunch first?');
    assert.equal(await page.locator('#search-results').isVisible(), true);
    await screenshot(page, 'search-opened-result');

    // Only in the open group: the same words there, and then both words of a query.
    const scope = page.locator('#search-in-group');
    assert.equal(await page.locator('label[for="search-in-group"]').innerText(), `Only in “${opsName}”`);
    await scope.check();
    assert.equal(await searchDone(page, 'deployment', opsId), 'loaded');
    assert.deepEqual((await shownHits(page)).map((hit) => [hit.group, hit.text]), [
      [opsName, 'DEPLOYMENT done, all green'],
      [opsName, 'Notes: <b>deployment</b> & rollback'],
      [opsName, 'The deployment starts at noon'],
    ]);
    assert.equal(await searchInUi(page, 'noon DEPLOYMENT', opsId), 'loaded');
    assert.deepEqual((await shownHits(page)).map((hit) => [hit.text, hit.marks]), [
      ['The deployment starts at noon', ['deployment', 'noon']],
    ]);

    // Nothing found, and a query the server refuses: both said in the panel.
    assert.equal(await searchInUi(page, 'zebra', opsId), 'loaded');
    assert.equal(await shownHits(page).then((shown) => shown.length), 0);
    assert.match(await summary(page), /No messages found/);
    const tooMany = Array.from({ length: 17 }, (_, i) => `word${i}`).join(' ');
    assert.equal(await searchInUi(page, tooMany, opsId), 'failed');
    const { accessToken } = await loginSession(server.url, userName);
    const refused = await request(server.url, 'GET',
      `/api/Messages/search?${new URLSearchParams({ q: tooMany, groupId: String(opsId) })}`,
      { token: accessToken.token });
    assert.equal(refused.status, 400, refused.text);
    const shownError = await page.locator('#search-results > .error').innerText();
    assert.ok(shownError.toLowerCase().includes(refused.body.message.replace(/\.$/, '').toLowerCase()),
      `the server's words: ${shownError} / ${refused.body.message}`);
    assert.equal((await shownHits(page)).length, 0);

    // More than a page: More brings the rest, in order, none twice.
    for (let i = 1; i <= PAGE_SIZE + 5; i += 1) {
      assert.equal((await sendMessage(server.url, accessToken.token, opsId, `weekly report ${i}`)).status, 200);
    }
    assert.equal(await searchInUi(page, 'report', opsId), 'loaded');
    const firstPage = await shownHits(page);
    assert.deepEqual(firstPage.map((hit) => hit.text),
      Array.from({ length: PAGE_SIZE }, (_, i) => `weekly report ${PAGE_SIZE + 5 - i}`));
    assert.match(await summary(page), /^20\+ messages/);
    await more(page).click();
    await page.locator('#search-results .search-hit').nth(PAGE_SIZE + 4).waitFor({ timeout: 10_000 });
    await page.locator('#search-results[data-state="loaded"]').waitFor();
    const all = await shownHits(page);
    assert.deepEqual(all.map((hit) => hit.text),
      Array.from({ length: PAGE_SIZE + 5 }, (_, i) => `weekly report ${PAGE_SIZE + 5 - i}`));
    assert.equal(new Set(all.map((hit) => hit.messageId)).size, all.length, 'none twice');
    assert.equal(await more(page).isVisible(), false, 'the second page was short: the last');
    assert.match(await summary(page), /^25 messages/);
    await screenshot(page, 'search-more');

    // Close brings the group list back.
    await page.getByRole('button', { name: 'Close the search' }).click();
    await page.locator('#search-results').waitFor({ state: 'hidden' });
    await page.locator('.groups').waitFor();

    assert.deepEqual(person.problems, []);
    await person.context.close();
  });
});
