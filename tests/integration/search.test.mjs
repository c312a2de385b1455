// GET /api/Messages/search: every word of q as a whole word, in any case, in the caller's
// groups only; newest first, paged with before and limit; edits, deletions and leaving; the
// refusals and the per-user limit.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import {
  createGroup, expectError, getHistory, joinGroup, leaveGroup, newUser, request, sendMessage,
  startServer, uniqueName,
} from './server.mjs';

/** GET /api/Messages/search with these parameters, each percent-encoded (spaces as %20). */
function search(url, token, params = {}) {
  const query = Object.entries(params)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
  return request(url, 'GET', `/api/Messages/search${query === '' ? '' : `?${query}`}`, { token });
}

/** Searches, asserts 200 and an array, returns the hits. */
async function found(url, token, params) {
  const response = await search(url, token, params);
  assert.equal(response.status, 200, `search ${JSON.stringify(params)}: ${response.text}`);
  assert.ok(Array.isArray(response.body), response.text);
  return response.body;
}

async function send(url, token, groupId, message) {
  const response = await sendMessage(url, token, groupId, message);
  assert.equal(response.status, 200, `send ${message}: ${response.text}`);
  return response.body;
}

async function history(url, token, groupId) {
  const response = await getHistory(url, token, groupId, 'limit=1000');
  assert.equal(response.status, 200, `history: ${response.text}`);
  return response.body;
}

async function createPrivateGroup(url, token) {
  const response = await request(url, 'POST', '/api/Groups',
    { token, json: { name: uniqueName('private'), isPrivate: true } });
  assert.equal(response.status, 200, response.text);
  return response.body.groupId;
}

const restEdit = (url, token, messageId, message) =>
  request(url, 'PUT', `/api/Messages/${messageId}`, { token, json: { message } });
const restDelete = (url, token, messageId) =>
  request(url, 'DELETE', `/api/Messages/${messageId}`, { token });

/** A word of lower-case letters no other test (nor run) uses, so hits are this test's only. */
function uniqueWord() {
  return `kw${[...randomBytes(10)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('')}`;
}

const texts = (messages) => messages.map((message) => message.message);
const ids = (messages) => messages.map((message) => message.messageId);

describe('message search', () => {
  let server;
  let alice; // owns the groups
  let bob; // joins some of them
  let eve; // never a member
  before(async () => {
    // Many searches from one user here; the limit has a test of its own below.
    server = await startServer(['--searches-per-minute', '100000']);
    [alice, bob, eve] = await Promise.all(
      ['alice', 'bob', 'eve'].map((name) => newUser(server.url, name)));
  });
  after(async () => { await server?.stop(); });

  test('every word must appear as a whole word, in any case; newest first', async () => {
    const groupId = await createGroup(server.url, alice.token);
    const word = uniqueWord();
    const other = uniqueWord();
    const today = await send(server.url, alice.token, groupId, `we ${word} today`);
    const shouted = await send(server.url, alice.token, groupId,
      `${word.toUpperCase()} on ${other}`);
    await send(server.url, alice.token, groupId, `${word}ed yesterday`);
    await send(server.url, alice.token, groupId, `un${word} ${other}`);
    const both = await send(server.url, alice.token, groupId, `${other} and then ${word}`);

    // Exactly the MessageDtos that send returned (and history gives).
    assert.deepEqual(await found(server.url, alice.token, { q: word }), [both, shouted, today]);
    const capitalised = word[0].toUpperCase() + word.slice(1);
    assert.deepEqual(texts(await found(server.url, alice.token, { q: capitalised })),
      texts([both, shouted, today]), 'the case of the query does not matter');
    assert.deepEqual(await found(server.url, alice.token, { q: word.slice(0, -1) }), [],
      'a prefix is not the word');
    assert.deepEqual(await found(server.url, alice.token, { q: `${word}e` }), [],
      'nor is a longer word');
    assert.deepEqual(await found(server.url, alice.token, { q: `${word} ${other}` }),
      [both, shouted], 'both words');
    assert.deepEqual(await found(server.url, alice.token,
      { q: `  ${other.toUpperCase()}   ${word} ` }), [both, shouted],
      'in any order and case, with any spaces between');
    assert.deepEqual(await found(server.url, alice.token, { q: `${word} ${uniqueWord()}` }), [],
      'one word missing is no hit');
    assert.deepEqual(texts(await found(server.url, alice.token, { q: other })),
      [`${other} and then ${word}`, `un${word} ${other}`, `${word.toUpperCase()} on ${other}`]);
  });

  test('only the groups the caller is a member of, public or private', async () => {
    const word = uniqueWord();
    const shared = await createGroup(server.url, alice.token);
    assert.equal((await joinGroup(server.url, bob.token, shared)).status, 200);
    const alicesOwn = await createGroup(server.url, alice.token);
    const bobsPrivate = await createPrivateGroup(server.url, bob.token);
    const fromAlice = await send(server.url, alice.token, shared, `${word} from alice`);
    const inPublic = await send(server.url, alice.token, alicesOwn, `${word} alice alone`);
    const fromBob = await send(server.url, bob.token, shared, `${word} from bob`);
    const inPrivate = await send(server.url, bob.token, bobsPrivate, `${word} bob alone`);

    assert.deepEqual(await found(server.url, alice.token, { q: word }),
      [fromBob, inPublic, fromAlice]);
    assert.deepEqual(await found(server.url, bob.token, { q: word }),
      [inPrivate, fromBob, fromAlice]);
    assert.deepEqual(await found(server.url, eve.token, { q: word }), [], 'eve is in none');
  });

  test('after leaving a group its messages are no longer found', async () => {
    const word = uniqueWord();
    const groupId = await createGroup(server.url, alice.token);
    assert.equal((await joinGroup(server.url, bob.token, groupId)).status, 200);
    const said = await send(server.url, alice.token, groupId, `${word} before bob leaves`);
    assert.deepEqual(await found(server.url, bob.token, { q: word }), [said]);
    assert.deepEqual(await found(server.url, bob.token, { q: word, groupId }), [said]);

    assert.equal((await leaveGroup(server.url, bob.token, groupId)).status, 200);
    assert.deepEqual(await found(server.url, bob.token, { q: word }), [], 'left');
    expectError(await search(server.url, bob.token, { q: word, groupId }), 403, 'left, by group');
    assert.deepEqual(await found(server.url, alice.token, { q: word }), [said], 'alice stays');

    assert.equal((await joinGroup(server.url, bob.token, groupId)).status, 200);
    assert.deepEqual(await found(server.url, bob.token, { q: word }), [said], 'joined again');
  });

  test('an edited message is found by its new text only; a deleted one never', async () => {
    const groupId = await createGroup(server.url, alice.token);
    const word = uniqueWord();
    const old = uniqueWord();
    const fresh = uniqueWord();
    const kept = await send(server.url, alice.token, groupId, `${word} stays as it is`);
    const changing = await send(server.url, alice.token, groupId, `${word} was ${old}`);
    const doomed = await send(server.url, alice.token, groupId, `${word} is ${old} and doomed`);
    assert.deepEqual(await found(server.url, alice.token, { q: old }), [doomed, changing]);

    const edited = await restEdit(server.url, alice.token, changing.messageId,
      `${word} is ${fresh}`);
    assert.equal(edited.status, 200, edited.text);
    const deleted = await restDelete(server.url, alice.token, doomed.messageId);
    assert.equal(deleted.status, 200, deleted.text);

    const stored = await history(server.url, alice.token, groupId);
    const storedEdit = stored.find((dto) => dto.messageId === changing.messageId);
    assert.equal(storedEdit.message, `${word} is ${fresh}`);
    assert.deepEqual(await found(server.url, alice.token, { q: old }), [],
      'not by the old text');
    assert.deepEqual(await found(server.url, alice.token, { q: fresh }), [storedEdit],
      'the edited message, with editedOn and changeSeq');
    assert.deepEqual(await found(server.url, alice.token, { q: word }), [storedEdit, kept]);
    assert.deepEqual(await found(server.url, alice.token, { q: `${word} doomed` }), [],
      'the deleted one');

    // An edited message deleted afterwards is gone too.
    assert.equal((await restDelete(server.url, alice.token, changing.messageId)).status, 200);
    assert.deepEqual(await found(server.url, alice.token, { q: fresh }), []);
    assert.deepEqual(await found(server.url, alice.token, { q: word }), [kept]);
  });

  test('the groupId filter keeps one group\'s hits', async () => {
    const word = uniqueWord();
    const first = await createGroup(server.url, alice.token);
    const second = await createGroup(server.url, alice.token);
    const a1 = await send(server.url, alice.token, first, `${word} one`);
    const b1 = await send(server.url, alice.token, second, `${word} two`);
    const a2 = await send(server.url, alice.token, first, `${word} three`);
    const b2 = await send(server.url, alice.token, second, `${word} four`);
    assert.deepEqual(await found(server.url, alice.token, { q: word }), [b2, a2, b1, a1]);
    assert.deepEqual(await found(server.url, alice.token, { q: word, groupId: first }), [a2, a1]);
    assert.deepEqual(await found(server.url, alice.token, { q: word, groupId: second }), [b2, b1]);
    assert.deepEqual(await found(server.url, alice.token,
      { q: word, groupId: second, before: b2.messageId, limit: 1 }), [b1]);
    assert.deepEqual(await found(server.url, alice.token,
      { q: `${word} three`, groupId: second }), [], 'the hit is in the other group');
  });

  describe('paging over 5 hits among 8 messages', () => {
    let word;
    let hits; // the matching messages, oldest first
    let misses; // two of the others: after hits 2 and 4
    before(async () => {
      word = uniqueWord();
      const groupId = await createGroup(server.url, alice.token);
      hits = [];
      misses = [];
      for (let i = 1; i <= 5; i += 1) {
        hits.push(await send(server.url, alice.token, groupId, `${word} number ${i}`));
        if (i % 2 === 0) misses.push(await send(server.url, alice.token, groupId, `not it ${i}`));
      }
      await send(server.url, alice.token, groupId, 'not it either');
    });

    test('limit=2, then before the last one, to the end', async () => {
      const newestFirst = [...hits].reverse();
      const pages = [];
      let page = await found(server.url, alice.token, { q: word, limit: 2 });
      while (page.length > 0) {
        pages.push(texts(page));
        assert.ok(pages.length <= 3, `too many pages: ${JSON.stringify(pages)}`);
        const last = page[page.length - 1];
        page = await found(server.url, alice.token, { q: word, before: last.messageId, limit: 2 });
      }
      assert.deepEqual(pages, [
        [`${word} number 5`, `${word} number 4`],
        [`${word} number 3`, `${word} number 2`],
        [`${word} number 1`],
      ]);
      assert.deepEqual(await found(server.url, alice.token, { q: word }), newestFirst);
    });

    test('before is exclusive and may name any message', async () => {
      assert.deepEqual(ids(await found(server.url, alice.token,
        { q: word, before: hits[3].messageId })), ids([hits[2], hits[1], hits[0]]));
      // Before the message that is not a hit, after hit 4.
      assert.deepEqual(ids(await found(server.url, alice.token,
        { q: word, before: misses[1].messageId })), ids([hits[3], hits[2], hits[1], hits[0]]));
      assert.deepEqual(await found(server.url, alice.token,
        { q: word, before: hits[0].messageId }), []);
      assert.deepEqual(await found(server.url, alice.token, { q: word, before: 1 }), []);
      assert.deepEqual(ids(await found(server.url, alice.token, { q: word, limit: 1 })),
        [hits[4].messageId]);
      assert.deepEqual(ids(await found(server.url, alice.token, { q: word, limit: 100 })),
        ids([...hits].reverse()));
    });
  });

  test('limit defaults to 20 and goes up to 100', async () => {
    const word = uniqueWord();
    const groupId = await createGroup(server.url, alice.token);
    const sent = [];
    for (let i = 1; i <= 21; i += 1) {
      sent.push(await send(server.url, alice.token, groupId, `${word} ${i}`));
    }
    const newestFirst = ids(sent).reverse();
    assert.deepEqual(ids(await found(server.url, alice.token, { q: word })),
      newestFirst.slice(0, 20));
    assert.deepEqual(ids(await found(server.url, alice.token, { q: word, limit: 100 })),
      newestFirst);
  });

  test('refusals: q, limit and before out of bounds, each with a message', async () => {
    const groupId = await createGroup(server.url, alice.token);
    const word = uniqueWord();
    // 17 distinct words, short enough that 17 of them stay under 256 bytes.
    const many = [word,
      ...Array.from({ length: 16 }, (_, i) => `z${String.fromCharCode(97 + i)}z`)];
    const said = await send(server.url, alice.token, groupId, many.join(' '));

    expectError(await search(server.url, alice.token, {}), 400, 'no q');
    expectError(await search(server.url, alice.token, { limit: 5 }), 400, 'no q, a limit');
    for (const q of ['', '   ', ' \t ']) {
      expectError(await search(server.url, alice.token, { q }), 400, `q=${JSON.stringify(q)}`);
    }

    expectError(await search(server.url, alice.token, { q: 'a'.repeat(257) }), 400, '257 bytes');
    // Bytes, not characters: 129 é are 258 bytes.
    expectError(await search(server.url, alice.token, { q: 'é'.repeat(129) }), 400, '129 é');
    assert.deepEqual(await found(server.url, alice.token, { q: 'a'.repeat(256) }), [], '256 bytes');
    assert.deepEqual(await found(server.url, alice.token, { q: 'é'.repeat(128) }), [], '128 é');

    expectError(await search(server.url, alice.token, { q: many.join(' ') }), 400, '17 words');
    assert.deepEqual(await found(server.url, alice.token, { q: many.slice(0, 16).join(' ') }),
      [said], '16 words');

    for (const limit of ['0', '101', 'abc', '-1']) {
      expectError(await search(server.url, alice.token, { q: word, limit }), 400, `limit=${limit}`);
    }
    for (const limit of ['1', '100']) {
      assert.deepEqual(await found(server.url, alice.token, { q: word, limit }), [said],
        `limit=${limit}`);
    }
    for (const before of ['0', '-5', 'abc']) {
      expectError(await search(server.url, alice.token, { q: word, before }), 400,
        `before=${before}`);
    }
  });

  test('refusals: unknown, private and unjoined groups, and no token', async () => {
    const word = uniqueWord();
    const publicGroup = await createGroup(server.url, alice.token);
    const privateGroup = await createPrivateGroup(server.url, alice.token);
    await send(server.url, alice.token, publicGroup, `${word} in public`);
    await send(server.url, alice.token, privateGroup, `${word} in private`);

    expectError(await search(server.url, bob.token, { q: word, groupId: 999999 }), 404, 'unknown');
    expectError(await search(server.url, bob.token, { q: word, groupId: privateGroup }), 404,
      'a private group is not there for an outsider');
    expectError(await search(server.url, bob.token, { q: word, groupId: publicGroup }), 403,
      'a public group not joined');
    for (const id of ['abc', '0', '-3']) {
      expectError(await search(server.url, alice.token, { q: word, groupId: id }), [400, 404],
        `groupId=${id}`);
    }

    const anonymous = await search(server.url, undefined, { q: word });
    assert.equal(anonymous.status, 401, anonymous.text);
    const forged = await search(server.url, 'not.a.token', { q: word });
    assert.equal(forged.status, 401, forged.text);
  });
});

describe('searches with a low limit', () => {
  let server;
  before(async () => { server = await startServer(['--searches-per-minute', '0.01']); });
  after(async () => { await server?.stop(); });

  test('a burst of ten, then 429 with Retry-After', async () => {
    const user = await newUser(server.url, 'searcher');
    const groupId = await createGroup(server.url, user.token);
    const word = uniqueWord();
    await send(server.url, user.token, groupId, `${word} once`);
    const statuses = [];
    for (let i = 0; i < 11; i += 1) {
      statuses.push((await search(server.url, user.token, { q: word })).status);
    }
    assert.deepEqual(statuses, [...Array(10).fill(200), 429]);
    const refused = await search(server.url, user.token, { q: word });
    expectError(refused, 429, 'over the limit');
    assert.ok(Number(refused.headers.get('retry-after')) >= 1, 'Retry-After');
  });
});
