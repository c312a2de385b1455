// Search over the hub with @microsoft/signalr: SearchMessages(query, groupId, before, limit)
// answers what GET /api/Messages/search answers, over JSON and MessagePack, and a bad call
// rejects with the message REST gives for it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';

import { expectError, request, uniqueName } from '../integration/server.mjs';
import { assertSameMessage, createSharedGroup, restSend, useHubServer } from './hub.mjs';

/** GET /api/Messages/search with these parameters, each percent-encoded (spaces as %20). */
function restSearch(url, token, params) {
  const query = Object.entries(params)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
  return request(url, 'GET', `/api/Messages/search?${query}`, { token });
}

/** A word of lower-case letters no other test (nor run) uses, so hits are this test's only. */
function uniqueWord() {
  return `kw${[...randomBytes(10)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('')}`;
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('search over the hub', { timeout: 60_000 }, () => {
  // Many searches from one user here; the REST suite tests the limit.
  const { server, hubs, users: { alice, bob, carol } } = useHubServer(
    { users: ['alice', 'bob', 'carol'], serverArgs: ['--searches-per-minute', '100000'] });

  test('SearchMessages answers what REST answers, over JSON and MessagePack', async () => {
    const word = uniqueWord();
    const groupId = await createSharedGroup(server.url, alice, bob);
    const bobsOwn = await createSharedGroup(server.url, bob);
    const aliceClient = await hubs.connect(alice.token, { label: 'alice' });
    const first = await restSend(server.url, alice.token, groupId, `we ${word} today`);
    const second = await aliceClient.invoke('SendMessage', groupId, `${word.toUpperCase()} again`);
    await restSend(server.url, alice.token, groupId, `${word}ing is not it`);
    const third = await restSend(server.url, bob.token, bobsOwn, `${word} elsewhere`);

    const rest = await restSearch(server.url, bob.token, { q: word });
    assert.equal(rest.status, 200, rest.text);
    assert.deepEqual(rest.body, [third, second, first], 'REST, newest first');

    const capitalised = word[0].toUpperCase() + word.slice(1);
    for (const protocol of ['json', 'messagepack']) {
      const client = await hubs.connect(bob.token, { label: `bob (${protocol})`, protocol });
      const expectHits = (hits, expected, what) => {
        const label = `${client.label}, ${what}`;
        assert.ok(Array.isArray(hits), `${label}: an array, got ${JSON.stringify(hits)}`);
        assert.deepEqual(hits.map((dto) => dto?.messageId), expected.map((dto) => dto.messageId),
          `${label}: the hits, newest first`);
        hits.forEach((dto, i) => assertSameMessage(dto, expected[i], protocol, `${label} #${i}`));
      };
      expectHits(await client.invoke('SearchMessages', word, null, null, null),
        [third, second, first], 'every group');
      expectHits(await client.invoke('SearchMessages', capitalised, groupId, null, null),
        [second, first], 'one group, in another case');
      expectHits(await client.invoke('SearchMessages', word, null, second.messageId, 1),
        [first], 'a page before the second hit');
      expectHits(await client.invoke('SearchMessages', `elsewhere ${word}`, null, null, null),
        [third], 'two words');
      expectHits(await client.invoke('SearchMessages', word.slice(0, -1), null, null, null),
        [], 'a prefix is not the word');
    }
  });

  test('an edit over the hub is found by its new text, a deletion not at all', async () => {
    const [old, fresh, gone] = [uniqueWord(), uniqueWord(), uniqueWord()];
    const groupId = await createSharedGroup(server.url, alice);
    const client = await hubs.connect(alice.token, { label: 'alice' });
    const said = await client.invoke('SendMessage', groupId, `it is ${old}`);
    const doomed = await client.invoke('SendMessage', groupId, `${gone} soon`);
    assert.deepEqual(await client.invoke('SearchMessages', gone, null, null, null), [doomed]);

    const edited = await client.invoke('EditMessage', said.messageId, `it is ${fresh}`);
    await client.invoke('DeleteMessage', doomed.messageId);
    assert.deepEqual(await client.invoke('SearchMessages', old, null, null, null), []);
    assert.deepEqual(await client.invoke('SearchMessages', fresh, groupId, null, null), [edited]);
    assert.deepEqual(await client.invoke('SearchMessages', gone, null, null, null), []);
  });

  test('a bad call rejects with the server\'s message and the connection goes on', async () => {
    const word = uniqueWord();
    const publicGroup = await createSharedGroup(server.url, alice);
    const created = await request(server.url, 'POST', '/api/Groups',
      { token: alice.token, json: { name: uniqueName('private'), isPrivate: true } });
    assert.equal(created.status, 200, created.text);
    const privateGroup = created.body.groupId;
    await restSend(server.url, alice.token, publicGroup, `${word} not for carol`);
    await restSend(server.url, alice.token, privateGroup, `${word} nor this`);

    const client = await hubs.connect(carol.token, { label: 'carol' });
    const cases = [
      ['a blank query', 400, { q: '   ' }, ['   ', null, null, null]],
      ['a public group not joined', 403, { q: word, groupId: publicGroup },
        [word, publicGroup, null, null]],
      ['a private group of others', 404, { q: word, groupId: privateGroup },
        [word, privateGroup, null, null]],
      ['an unknown group', 404, { q: word, groupId: 999999 }, [word, 999999, null, null]],
      ['limit 0', 400, { q: word, limit: 0 }, [word, null, null, 0]],
      ['limit 101', 400, { q: word, limit: 101 }, [word, null, null, 101]],
      ['before 0', 400, { q: word, before: 0 }, [word, null, 0, null]],
    ];
    for (const [what, status, params, args] of cases) {
      const rest = await restSearch(server.url, carol.token, params);
      expectError(rest, status, `REST, ${what}`);
      await client.invokeRejects(new RegExp(escapeRegExp(rest.body.message)), 'SearchMessages',
        ...args);
    }
    assert.deepEqual(await client.invoke('SearchMessages', word, null, null, null), [],
      'carol is in neither group');
  });
});
