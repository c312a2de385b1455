// /api/Messages/groups/{groupId}: sending, history, paging and idempotent sends.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  createGroup, expectError, getHistory, joinGroup, leaveGroup, newUser, request, sendMessage,
  startServer,
} from './server.mjs';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$/;
const DTO_KEYS = ['groupId', 'message', 'messageId', 'playerId', 'playerName', 'sentOn', 'seq'];

function assertMessageDto(dto, expected) {
  assert.deepEqual(Object.keys(dto).sort(), DTO_KEYS, JSON.stringify(dto));
  assert.ok(Number.isInteger(dto.messageId) && dto.messageId > 0, `messageId ${dto.messageId}`);
  assert.match(dto.sentOn, ISO_UTC);
  const sentOn = Date.parse(dto.sentOn);
  assert.ok(Math.abs(sentOn - Date.now()) < 60_000, `sentOn ${dto.sentOn} is about now`);
  for (const [key, value] of Object.entries(expected)) assert.equal(dto[key], value, key);
}

async function send(url, token, groupId, message, clientMessageId) {
  const response = await sendMessage(url, token, groupId, message, clientMessageId);
  assert.equal(response.status, 200, `send ${message}: ${response.text}`);
  return response.body;
}

async function history(url, token, groupId, query) {
  const response = await getHistory(url, token, groupId, query);
  assert.equal(response.status, 200, `history ${query}: ${response.text}`);
  assert.ok(Array.isArray(response.body), response.text);
  return response.body;
}

const seqs = (messages) => messages.map((message) => message.seq);
const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('messages', () => {
  let server;
  let alice; // owns the groups
  let bob; // joins some of them
  let eve; // never a member
  before(async () => {
    server = await startServer();
    [alice, bob, eve] = await Promise.all(
      ['alice', 'bob', 'eve'].map((name) => newUser(server.url, name)));
  });
  after(async () => { await server?.stop(); });

  test('a non-member can neither send nor read', async () => {
    const groupId = await createGroup(server.url, alice.token);
    expectError(await sendMessage(server.url, eve.token, groupId, 'hello'), 403, 'send');
    expectError(await getHistory(server.url, eve.token, groupId), 403, 'history');
  });

  test('an unknown group is not found', async () => {
    expectError(await sendMessage(server.url, alice.token, 999999, 'hello'), 404, 'send');
    expectError(await getHistory(server.url, alice.token, 999999), 404, 'history');
  });

  test('a non-numeric group id is rejected', async () => {
    for (const id of ['abc', '0', '-3']) {
      expectError(await sendMessage(server.url, alice.token, id, 'hello'), [400, 404], `send ${id}`);
      expectError(await getHistory(server.url, alice.token, id), [400, 404], `history ${id}`);
    }
  });

  test('send returns the stored MessageDto with seq 1, 2, 3', async () => {
    const groupId = await createGroup(server.url, alice.token);
    assert.equal((await joinGroup(server.url, bob.token, groupId)).status, 200);
    const sent = [
      await send(server.url, alice.token, groupId, 'first'),
      await send(server.url, bob.token, groupId, 'second'),
      await send(server.url, alice.token, groupId, 'third ✓ with ünïcödé'),
    ];
    assertMessageDto(sent[0], {
      groupId, seq: 1, playerId: alice.id, playerName: alice.userName, message: 'first',
    });
    assertMessageDto(sent[1], {
      groupId, seq: 2, playerId: bob.id, playerName: bob.userName, message: 'second',
    });
    assertMessageDto(sent[2], {
      groupId, seq: 3, playerId: alice.id, playerName: alice.userName,
      message: 'third ✓ with ünïcödé',
    });
    assert.equal(new Set(sent.map((dto) => dto.messageId)).size, 3, 'distinct messageIds');
    assert.ok(Date.parse(sent[0].sentOn) <= Date.parse(sent[2].sentOn));
  });

  test('seq counts per group', async () => {
    const first = await createGroup(server.url, alice.token);
    const second = await createGroup(server.url, alice.token);
    await send(server.url, alice.token, first, 'a');
    await send(server.url, alice.token, first, 'b');
    assert.equal((await send(server.url, alice.token, second, 'c')).seq, 1);
  });

  test('history is oldest first and matches what send returned', async () => {
    const groupId = await createGroup(server.url, alice.token);
    assert.deepEqual(await history(server.url, alice.token, groupId), []);
    const sent = [];
    for (const text of ['one', 'two', 'three']) sent.push(await send(server.url, alice.token, groupId, text));
    const listed = await history(server.url, alice.token, groupId);
    assert.deepEqual(listed, sent);
    for (const dto of listed) assert.match(dto.sentOn, ISO_UTC);
  });

  test('blank or missing messages are rejected', async () => {
    const groupId = await createGroup(server.url, alice.token);
    for (const message of ['', '   ', '\n\t']) {
      expectError(await sendMessage(server.url, alice.token, groupId, message), 400,
                  JSON.stringify(message));
    }
    const missing = await request(server.url, 'POST', `/api/Messages/groups/${groupId}`,
                                  { token: alice.token, json: {} });
    expectError(missing, 400, 'no message field');
    const numeric = await request(server.url, 'POST', `/api/Messages/groups/${groupId}`,
                                  { token: alice.token, json: { message: 7 } });
    expectError(numeric, 400, 'numeric message');
    assert.deepEqual(await history(server.url, alice.token, groupId), [], 'nothing stored');
  });

  test('control characters other than tab and line breaks are rejected, and nothing stored',
       async () => {
    const groupId = await createGroup(server.url, alice.token);
    for (const message of ['a\u0000b', 'bell\u0007', 'clear\u001b[2J', 'del\u007f']) {
      const response = await sendMessage(server.url, alice.token, groupId, message);
      expectError(response, 400, JSON.stringify(message));
      assert.match(response.body.message, /control characters/);
    }
    assert.deepEqual(await history(server.url, alice.token, groupId), [], 'nothing stored');
    const fine = await sendMessage(server.url, alice.token, groupId, 'line one\r\nline\ttwo');
    assert.equal(fine.status, 200, fine.text);
  });

  test('messages over 4000 characters are too large; 4000 are fine', async () => {
    const groupId = await createGroup(server.url, alice.token);
    expectError(await sendMessage(server.url, alice.token, groupId, 'm'.repeat(4001)), 413,
                '4001 characters');
    assert.equal((await send(server.url, alice.token, groupId, 'm'.repeat(4000))).seq, 1);
    // Characters, not bytes.
    assert.equal((await send(server.url, alice.token, groupId, 'é'.repeat(4000))).seq, 2);
  });

  test('a body that is not JSON is rejected', async () => {
    const groupId = await createGroup(server.url, alice.token);
    const path = `/api/Messages/groups/${groupId}`;
    expectError(await request(server.url, 'POST', path, {
      token: alice.token, body: 'hello', headers: { 'content-type': 'text/plain' },
    }), 415, 'text/plain');
    expectError(await request(server.url, 'POST', path, {
      token: alice.token, body: '{"message":', headers: { 'content-type': 'application/json' },
    }), 400, 'invalid JSON');
  });

  test('a member who left can neither send nor read any more', async () => {
    const groupId = await createGroup(server.url, alice.token);
    assert.equal((await joinGroup(server.url, bob.token, groupId)).status, 200);
    await send(server.url, bob.token, groupId, 'before leaving');
    assert.equal((await leaveGroup(server.url, bob.token, groupId)).status, 200);
    expectError(await sendMessage(server.url, bob.token, groupId, 'after leaving'), 403, 'send');
    expectError(await getHistory(server.url, bob.token, groupId), 403, 'history');
    // The messages stay.
    assert.deepEqual(seqs(await history(server.url, alice.token, groupId)), [1]);
  });

  describe('paging over 25 messages', () => {
    let groupId;
    before(async () => {
      groupId = await createGroup(server.url, alice.token);
      for (let i = 1; i <= 25; i += 1) await send(server.url, alice.token, groupId, `message ${i}`);
    });

    test('no parameters: all of them, oldest first', async () => {
      const all = await history(server.url, alice.token, groupId);
      assert.deepEqual(seqs(all), range(1, 25));
      assert.deepEqual(all.map((dto) => dto.message), range(1, 25).map((i) => `message ${i}`));
    });

    test('limit=10: the newest 10', async () => {
      assert.deepEqual(seqs(await history(server.url, alice.token, groupId, 'limit=10')),
                       range(16, 25));
    });

    test('before=16&limit=10: the 10 before seq 16', async () => {
      assert.deepEqual(seqs(await history(server.url, alice.token, groupId, 'before=16&limit=10')),
                       range(6, 15));
    });

    test('after=20: everything after seq 20', async () => {
      assert.deepEqual(seqs(await history(server.url, alice.token, groupId, 'after=20')),
                       range(21, 25));
    });

    test('after=5&limit=3: the 3 after seq 5', async () => {
      assert.deepEqual(seqs(await history(server.url, alice.token, groupId, 'after=5&limit=3')),
                       range(6, 8));
    });

    test('pages at the ends', async () => {
      assert.deepEqual(await history(server.url, alice.token, groupId, 'after=25'), []);
      assert.deepEqual(await history(server.url, alice.token, groupId, 'before=1'), []);
      assert.deepEqual(seqs(await history(server.url, alice.token, groupId, 'before=3')), [1, 2]);
      assert.deepEqual(seqs(await history(server.url, alice.token, groupId, 'limit=1000')),
                       range(1, 25));
    });

    test('invalid limit, before or after values are rejected', async () => {
      for (const query of ['limit=0', 'limit=1001', 'limit=abc', 'limit=-1', 'limit=', 'before=abc',
                           'after=abc', 'limit=1.5']) {
        expectError(await getHistory(server.url, alice.token, groupId, query), 400, query);
      }
    });
  });

  describe('clientMessageId', () => {
    test('sending the same clientMessageId twice stores the message once', async () => {
      const groupId = await createGroup(server.url, alice.token);
      await send(server.url, alice.token, groupId, 'unrelated');
      const first = await send(server.url, alice.token, groupId, 'once', 'client-id-1');
      const again = await send(server.url, alice.token, groupId, 'once', 'client-id-1');
      assert.equal(again.messageId, first.messageId);
      assert.equal(again.seq, first.seq);
      assert.equal(first.seq, 2);
      assert.deepEqual(seqs(await history(server.url, alice.token, groupId)), [1, 2]);

      const other = await send(server.url, alice.token, groupId, 'once', 'client-id-2');
      assert.equal(other.seq, 3);
      const plain = await send(server.url, alice.token, groupId, 'once');
      assert.equal(plain.seq, 4);
      assert.deepEqual(seqs(await history(server.url, alice.token, groupId)), [1, 2, 3, 4]);
    });

    test('an empty or over-long clientMessageId is rejected', async () => {
      const groupId = await createGroup(server.url, alice.token);
      expectError(await sendMessage(server.url, alice.token, groupId, 'x', ''), 400, 'empty id');
      expectError(await sendMessage(server.url, alice.token, groupId, 'x', 'i'.repeat(65)), 400,
                  '65-character id');
    });
  });
});
