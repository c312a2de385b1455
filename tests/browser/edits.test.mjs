// Editing and deleting messages in the web client: one's own messages get Edit and Delete
// (the group's owner may delete anyone's), the other person sees the change live in place,
// history shows the latest text and the tombstones after a reload, and a client that was
// offline gets the changes it missed replayed, resubscribing from the highest seq or
// changeSeq it has seen.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { getHistory, loginSession } from '../integration/server.mjs';
import {
  expectOnline, screenshot, sendInUi, shownMessages, twoInAGroup, useBrowserServer, waitForMessage,
} from './harness.mjs';

const RECORD_SEPARATOR = '\x1e';

/** A stored message on screen, found by its seq. */
function bySeq(page, seq) {
  return page.locator(`.messages:not(.pending) .message[data-seq="${seq}"]`);
}

async function seqOf(page, text) {
  const item = page.locator('.messages:not(.pending) .message', {
    has: page.locator('.text', { hasText: text }),
  });
  return Number(await item.getAttribute('data-seq'));
}

function button(item, name) {
  return item.getByRole('button', { name, exact: true });
}

/** The afterSeq of every ConnectToGroup(groupId, afterSeq) the page sent over the hub. */
function recordConnectToGroup(page) {
  const calls = [];
  page.on('websocket', (socket) => {
    if (!socket.url().includes('/MessageHub')) return;
    socket.on('framesent', ({ payload }) => {
      if (typeof payload !== 'string') return;
      for (const record of payload.split(RECORD_SEPARATOR)) {
        if (record === '') continue;
        let message;
        try {
          message = JSON.parse(record);
        } catch {
          continue;
        }
        if (message.type === 1 && message.target === 'ConnectToGroup') {
          calls.push({ groupId: message.arguments[0], afterSeq: message.arguments[1] });
        }
      }
    });
  });
  return calls;
}

/** The highest seq or changeSeq in the group's history, as the server has it. */
async function highestSeq(serverUrl, userName, groupId) {
  const { accessToken } = await loginSession(serverUrl, userName);
  const history = await getHistory(serverUrl, accessToken.token, groupId, '?limit=1000');
  assert.equal(history.status, 200, history.text);
  return Math.max(0, ...history.body.map((message) => Math.max(message.seq, message.changeSeq ?? 0)));
}

async function waitForConnect(calls, count, label) {
  const deadline = Date.now() + 20_000;
  while (calls.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.ok(calls.length >= count, `${label}: ${calls.length} ConnectToGroup calls, wanted ${count}`);
  return calls[count - 1];
}

describe('web client: editing and deleting messages', () => {
  const { server, newPerson } = useBrowserServer();
  let alice;
  let bob;
  let bobName;
  let groupId;
  let bobConnects;
  let meetSeq;

  before(async () => {
    ({ alice, bob, bobName } = await twoInAGroup(newPerson, 'Edits'));
    groupId = Number(new URL(alice.page.url()).hash.replace('#/groups/', ''));
    assert.ok(Number.isInteger(groupId) && groupId > 0, alice.page.url());
    bobConnects = recordConnectToGroup(bob.page); // from bob's next connection on
  });

  test('edits and deletes show live, in place, and stay after a reload', async () => {
    await sendInUi(alice.page, 'Meet at 5?');
    await waitForMessage(bob.page, 'Meet at 5?');
    await sendInUi(alice.page, 'Bring the slides');
    await waitForMessage(bob.page, 'Bring the slides');
    await sendInUi(bob.page, 'I will bring snaks');
    await waitForMessage(alice.page, 'I will bring snaks');
    meetSeq = await seqOf(alice.page, 'Meet at 5?');
    const slidesSeq = await seqOf(alice.page, 'Bring the slides');
    const snacksSeq = await seqOf(alice.page, 'I will bring snaks');
    assert.deepEqual([slidesSeq, snacksSeq], [meetSeq + 1, meetSeq + 2]);

    // Who may do what: the sender edits and deletes; the owner (alice) also deletes.
    const aliceMeet = bySeq(alice.page, meetSeq);
    const bobMeet = bySeq(bob.page, meetSeq);
    const aliceSnacks = bySeq(alice.page, snacksSeq);
    const bobSnacks = bySeq(bob.page, snacksSeq);
    assert.equal(await button(aliceMeet, 'Edit').count(), 1);
    assert.equal(await button(aliceMeet, 'Delete').count(), 1);
    assert.equal(await button(bobSnacks, 'Edit').count(), 1);
    assert.equal(await button(bobSnacks, 'Delete').count(), 1);
    assert.equal(await button(bobMeet, 'Edit').count(), 0, 'bob cannot edit what alice wrote');
    assert.equal(await button(bobMeet, 'Delete').count(), 0, 'bob does not own the group');
    await button(aliceSnacks, 'Delete').waitFor({ timeout: 10_000 }); // once alice's roles are known
    assert.equal(await button(aliceSnacks, 'Edit').count(), 0, 'the owner cannot edit what bob wrote');

    // Escape leaves the editor and changes nothing.
    await aliceMeet.hover();
    await screenshot(alice.page, 'edits-alice-actions');
    await button(aliceMeet, 'Edit').click();
    const editor = alice.page.getByLabel('Edit message', { exact: true });
    assert.equal(await editor.inputValue(), 'Meet at 5?');
    await editor.fill('Meet never');
    await editor.press('Escape');
    await editor.waitFor({ state: 'detached' });
    assert.equal(await aliceMeet.locator('.text').innerText(), 'Meet at 5?');
    assert.equal(await aliceMeet.locator('.edited').count(), 0);

    // Enter saves; bob sees the new text and "(edited)" live, in the same place.
    await button(aliceMeet, 'Edit').click();
    await editor.fill('Meet at 6 instead?');
    await screenshot(alice.page, 'edits-alice-editing');
    await editor.press('Enter');
    await aliceMeet.locator('.text', { hasText: 'Meet at 6 instead?' }).waitFor({ timeout: 10_000 });
    await editor.waitFor({ state: 'detached' });
    assert.equal(await aliceMeet.locator('.edited').innerText(), '(edited)');
    await bobMeet.locator('.text', { hasText: 'Meet at 6 instead?' }).waitFor({ timeout: 10_000 });
    assert.equal(await bobMeet.locator('.edited').innerText(), '(edited)');
    assert.equal(await bob.page.getByText('Meet at 5?').count(), 0, 'the old text is gone');
    await screenshot(bob.page, 'edits-bob-sees-edit');

    // Delete asks first, in the page; Cancel keeps the message.
    const aliceSlides = bySeq(alice.page, slidesSeq);
    const bobSlides = bySeq(bob.page, slidesSeq);
    await button(aliceSlides, 'Delete').click();
    const question = aliceSlides.getByRole('group', { name: 'Delete this message?' });
    await question.waitFor();
    await button(question, 'Cancel').click();
    await question.waitFor({ state: 'detached' });
    assert.equal(await aliceSlides.locator('.text').innerText(), 'Bring the slides');

    await button(aliceSlides, 'Delete').click();
    await question.waitFor();
    await screenshot(alice.page, 'edits-alice-confirms-delete');
    await button(question, 'Delete').click();
    await aliceSlides.locator('.deleted', { hasText: 'This message was deleted' }).waitFor({ timeout: 10_000 });
    await bobSlides.locator('.deleted', { hasText: 'This message was deleted' }).waitFor({ timeout: 10_000 });
    for (const item of [aliceSlides, bobSlides]) {
      assert.equal(await item.getByRole('button').count(), 0, 'a tombstone has no buttons');
      assert.equal(await item.locator('.text').count(), 0);
    }
    assert.equal(await bob.page.getByText('Bring the slides').count(), 0);

    // The owner deletes bob's message.
    await button(aliceSnacks, 'Delete').click();
    await button(aliceSnacks.getByRole('group', { name: 'Delete this message?' }), 'Delete').click();
    await bobSnacks.locator('.deleted').waitFor({ timeout: 10_000 });
    await aliceSnacks.locator('.deleted').waitFor({ timeout: 10_000 });
    await screenshot(bob.page, 'edits-bob-sees-deletes');

    // After a reload, history has the latest text and the tombstones in place.
    await bob.page.reload();
    await expectOnline(bob.page);
    await waitForMessage(bob.page, 'Meet at 6 instead?');
    await bySeq(bob.page, snacksSeq).locator('.deleted').waitFor();
    const shown = await shownMessages(bob.page);
    assert.deepEqual(shown.map(({ seq, text, own }) => ({ seq, text, own })), [
      { seq: meetSeq, text: 'Meet at 6 instead?', own: false },
      { seq: slidesSeq, text: '', own: false },
      { seq: snacksSeq, text: '', own: true },
    ]);
    assert.ok(shown[2].author.startsWith(bobName), 'a tombstone still says who wrote it');
    assert.equal(await bobMeet.locator('.edited').innerText(), '(edited)');
    assert.equal(await bobSlides.locator('.deleted').innerText(), 'This message was deleted');
    assert.equal(await bobSnacks.getByRole('button').count(), 0);
    assert.equal(await button(bobMeet, 'Edit').count(), 0);
    await screenshot(bob.page, 'edits-bob-after-reload');

    // It subscribed from the newest change in that history, not from the newest message.
    const highest = await highestSeq(server.url, bobName, groupId);
    assert.ok(highest > snacksSeq, `the edits and deletes took seqs of their own: ${highest}`);
    const first = await waitForConnect(bobConnects, 1, 'after the reload');
    assert.deepEqual(first, { groupId, afterSeq: highest });

    assert.deepEqual([...alice.problems, ...bob.problems], []);
  });

  test('a client that was offline gets the changes it missed, then resumes after them', async () => {
    const connectsBefore = bobConnects.length;
    const cursor = await highestSeq(server.url, bobName, groupId);

    await bob.context.setOffline(true);
    await bob.page.locator('.status-pill[data-state="reconnecting"]').waitFor({ timeout: 10_000 });
    await sendInUi(alice.page, 'See you there');
    await waitForMessage(alice.page, 'See you there');
    const aliceMeet = bySeq(alice.page, meetSeq);
    await button(aliceMeet, 'Edit').click();
    const editor = alice.page.getByLabel('Edit message', { exact: true });
    await editor.fill('Meet at 6:30');
    await editor.press('Enter');
    await aliceMeet.locator('.text', { hasText: 'Meet at 6:30' }).waitFor({ timeout: 10_000 });

    await bob.context.setOffline(false);
    await expectOnline(bob.page);
    await waitForMessage(bob.page, 'See you there', 20_000);
    const bobMeet = bySeq(bob.page, meetSeq);
    await bobMeet.locator('.text', { hasText: 'Meet at 6:30' }).waitFor({ timeout: 20_000 });
    assert.equal(await bobMeet.locator('.edited').innerText(), '(edited)');
    const resumed = await waitForConnect(bobConnects, connectsBefore + 1, 'after going online');
    assert.deepEqual(resumed, { groupId, afterSeq: cursor });

    // The edit came after the newest message, so the cursor is now its changeSeq.
    const latest = await highestSeq(server.url, bobName, groupId);
    const newestMessage = await seqOf(bob.page, 'See you there');
    assert.equal(latest, newestMessage + 1, 'the edit took the seq after the message');
    await bob.context.setOffline(true);
    await bob.page.locator('.status-pill[data-state="reconnecting"]').waitFor({ timeout: 10_000 });
    await bob.context.setOffline(false);
    await expectOnline(bob.page);
    const again = await waitForConnect(bobConnects, connectsBefore + 2, 'after going online again');
    assert.deepEqual(again, { groupId, afterSeq: latest });
    await screenshot(bob.page, 'edits-bob-caught-up');

    const texts = (await shownMessages(bob.page)).map((message) => message.text);
    assert.deepEqual(texts, ['Meet at 6:30', '', '', 'See you there']);
    assert.deepEqual([...alice.problems, ...bob.problems], []);
    await alice.context.close();
    await bob.context.close();
  });
});
