// Long polling at the HTTP level, with raw fetch: negotiate, then GET (poll), POST (send) and
// DELETE (end) on /MessageHub?id=<connectionToken>, with the status codes of ASP.NET's
// HttpConnectionDispatcher, which the JS clients rely on: the first poll answers 200 empty at
// once; a poll is held until there are bytes to return, or answers 200 empty after the poll
// timeout; 204 tells the client to stop polling (a newer poll took over, or the connection
// ended); 404 is a connection that is not there (unknown, another user's, or gone), 400 a
// request without an id.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { authed } from '../integration/server.mjs';
import {
  HUB_PATH, RS, RawHub, WAIT_MS, createSharedGroup, history, negotiate, restSend, sleep, useHubServer,
  waitFor,
} from './hub.mjs';

const POLL_TIMEOUT_S = 2;
const MAX_RECORD = 4096;

/** Whether `promise` is still pending after `ms`. */
async function stillPending(promise, ms) {
  const pending = Symbol('pending');
  const outcome = await Promise.race([promise.then(() => 'settled', () => 'settled'), sleep(ms, pending)]);
  return outcome === pending;
}

/** A long-polling hub connection driven request by request. `records` holds what the polls returned. */
class LongPoll {
  constructor(server, jwt, negotiated, label) {
    this.server = server;
    this.jwt = jwt;
    this.connectionId = negotiated.connectionId;
    this.token = negotiated.connectionToken;
    this.label = label;
    this.records = [];
    this.pending = '';
  }

  static async open(server, jwt, label = 'long poll') {
    const response = await negotiate(server.url, jwt);
    assert.equal(response.status, 200, `${label}: negotiate → ${response.status} ${response.text}`);
    assert.equal(typeof response.body?.connectionToken, 'string', `${label}: ${response.text}`);
    return new LongPoll(server, jwt, response.body, label);
  }

  #url(id, extra = '') {
    const query = [id === null ? '' : `id=${id}`, extra].filter(Boolean).join('&');
    return `${this.server.url}${HUB_PATH}${query ? `?${query}` : ''}`;
  }

  #headers(jwt) {
    return jwt === null ? {} : authed(jwt);
  }

  /**
   * One poll (GET, as the clients send it, with `_=<now>`). Resolves
   * { status, headers, text, ms }; the records of a 200 are added to `records`.
   */
  async poll({ id = this.token, jwt = this.jwt } = {}) {
    const started = Date.now();
    const response = await fetch(this.#url(id, `_=${started}`), {
      headers: this.#headers(jwt), signal: AbortSignal.timeout(POLL_TIMEOUT_S * 1000 + WAIT_MS),
    });
    const text = Buffer.from(await response.arrayBuffer()).toString('utf8');
    const result = { status: response.status, headers: response.headers, text, ms: Date.now() - started };
    if (response.status === 200 && id === this.token && jwt === this.jwt) this.#take(text);
    return result;
  }

  #take(text) {
    this.pending += text;
    const parts = this.pending.split(RS);
    this.pending = parts.pop();
    for (const part of parts) this.records.push(JSON.parse(part));
  }

  /** POSTs `body` (protocol bytes) as the send channel; resolves { status, text }. */
  async post(body, { id = this.token, jwt = this.jwt } = {}) {
    const response = await fetch(this.#url(id), {
      method: 'POST', body, headers: { 'content-type': 'text/plain;charset=UTF-8', ...this.#headers(jwt) },
      signal: AbortSignal.timeout(WAIT_MS),
    });
    return { status: response.status, text: await response.text() };
  }

  async delete({ id = this.token, jwt = this.jwt } = {}) {
    const response = await fetch(this.#url(id), {
      method: 'DELETE', headers: this.#headers(jwt), signal: AbortSignal.timeout(WAIT_MS),
    });
    return { status: response.status, text: await response.text() };
  }

  /** POSTs these objects as JSON records, in one request; asserts 200. */
  async send(...records) {
    const posted = await this.post(records.map((record) => JSON.stringify(record) + RS).join(''));
    assert.equal(posted.status, 200, `${this.label}: POST → ${posted.status} ${posted.text}`);
  }

  /** Polls until a record matching `predicate` has arrived; returns it. */
  async pollFor(predicate, what) {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const found = this.records.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) assert.fail(`${this.label}: no ${what}; records: ${JSON.stringify(this.records)}`);
      const polled = await this.poll();
      assert.equal(polled.status, 200, `${this.label}: a poll while waiting for ${what}: ${polled.status} ${polled.text}`);
    }
  }

  /** The first poll (200, empty, at once), the JSON handshake, and the poll with its response. */
  async handshake() {
    const first = await this.poll();
    assert.equal(first.status, 200, `${this.label}: first poll → ${first.status} ${first.text}`);
    assert.equal(first.text, '', `${this.label}: the first poll returns nothing`);
    assert.ok(first.ms < 1500, `${this.label}: the first poll answers at once, not after ${first.ms} ms`);
    await this.send({ protocol: 'json', version: 1 });
    const reply = await this.poll();
    assert.equal(reply.status, 200, `${this.label}: poll after the handshake → ${reply.status}`);
    assert.ok(reply.text.startsWith(`{}${RS}`), `${this.label}: the handshake response: ${JSON.stringify(reply.text)}`);
    return { first, reply };
  }

  /** Invokes GetConnectionId and polls for its Completion: the connection still works. */
  async assertAlive(invocationId) {
    await this.send({ type: 1, invocationId, target: 'GetConnectionId', arguments: [] });
    const completion = await this.pollFor((r) => r.type === 3 && r.invocationId === invocationId,
                                          `Completion of GetConnectionId (${invocationId})`);
    assert.equal(completion.result, this.connectionId, `${this.label}: GetConnectionId`);
  }
}

function assertNoCache(response, what) {
  const cacheControl = response.headers.get('cache-control') ?? '';
  assert.match(cacheControl, /no-cache/, `${what}: Cache-Control ${cacheControl}`);
  assert.match(cacheControl, /no-store/, `${what}: Cache-Control ${cacheControl}`);
}

describe('long polling, request by request', { timeout: 90_000 }, () => {
  const { server, users: { alice, bob } } = useHubServer({
    users: ['alice', 'bob'],
    serverArgs: ['--hub-long-poll-timeout', String(POLL_TIMEOUT_S), '--hub-max-record-bytes', String(MAX_RECORD)],
  });
  const open = (label) => LongPoll.open(server, alice.token, label);

  test('the first poll answers 200 empty at once; the handshake response comes on the next', async () => {
    const lp = await open('handshake');
    const { first, reply } = await lp.handshake();
    assert.equal(first.headers.get('content-length'), '0', 'the first poll is empty');
    assertNoCache(first, 'first poll');
    assertNoCache(reply, 'data poll');
    assert.match(reply.headers.get('content-type') ?? '', /^application\/octet-stream/, 'data poll Content-Type');
    assert.deepEqual(lp.records[0], {}, 'the handshake response is {}');
  });

  test('a held poll answers as soon as a message arrives', async () => {
    const groupId = await createSharedGroup(server.url, alice);
    const lp = await open('held poll');
    await lp.handshake();
    await lp.send({ type: 1, invocationId: '1', target: 'ConnectToGroup', arguments: [groupId] });
    const joined = await lp.pollFor((r) => r.type === 3 && r.invocationId === '1', 'Completion of ConnectToGroup');
    assert.equal(joined.error, undefined, JSON.stringify(joined));

    const held = lp.poll();
    assert.ok(await stillPending(held, 300), 'a poll with nothing to return is held');
    const dto = await restSend(server.url, alice.token, groupId, 'wakes the poll');
    const woken = await held;
    assert.equal(woken.status, 200, `${woken.status} ${woken.text}`);
    assert.match(woken.headers.get('content-type') ?? '', /^application\/octet-stream/);
    const pushed = lp.records.find((r) => r.type === 1 && r.target === 'MessageReceived');
    assert.ok(pushed, `the held poll returned the message: ${JSON.stringify(woken.text)}`);
    assert.deepEqual(pushed.arguments, [dto], 'MessageReceived carries the stored MessageDto');
  });

  test('a poll with nothing to return answers 200 empty after --hub-long-poll-timeout', async () => {
    const lp = await open('poll timeout');
    await lp.handshake();
    const idle = await lp.poll();
    assert.equal(idle.status, 200, `${idle.status} ${idle.text}`);
    assert.equal(idle.text, '', 'empty');
    assert.ok(idle.ms >= POLL_TIMEOUT_S * 1000 - 200, `held for the poll timeout, answered after ${idle.ms} ms`);
    assert.ok(idle.ms < POLL_TIMEOUT_S * 1000 + 3000, `answered ${idle.ms} ms after it came`);
    await lp.assertAlive('after-timeout');
  });

  test('a second poll takes over: the first answers 204, the second gets what comes next', async () => {
    const lp = await open('two polls');
    await lp.handshake();
    const older = lp.poll();
    assert.ok(await stillPending(older, 300), 'the first poll is held');
    const newer = lp.poll();
    const replaced = await older;
    assert.equal(replaced.status, 204, `the older poll: ${replaced.status} ${replaced.text}`);
    assert.ok(await stillPending(newer, 100), 'the newer poll is held in its place');
    await lp.send({ type: 1, invocationId: 'id', target: 'GetConnectionId', arguments: [] });
    const answered = await newer;
    assert.equal(answered.status, 200, `${answered.status} ${answered.text}`);
    const completion = lp.records.find((r) => r.type === 3 && r.invocationId === 'id');
    assert.equal(completion?.result, lp.connectionId, `the newer poll got the Completion: ${JSON.stringify(answered.text)}`);
  });

  test('DELETE answers 202 and ends the held poll with 204; then the connection is gone (404)', async () => {
    const lp = await open('DELETE');
    await lp.handshake();
    const held = lp.poll();
    assert.ok(await stillPending(held, 300), 'the poll is held');
    const deleted = await lp.delete();
    assert.equal(deleted.status, 202, `DELETE → ${deleted.status} ${deleted.text}`);
    const ended = await held;
    assert.equal(ended.status, 204, `the held poll after DELETE: ${ended.status} ${ended.text}`);
    // ASP.NET removes the connection without waiting: a poll that still finds it while it is
    // being disposed gets 204, any later one 404.
    const next = await lp.poll();
    assert.ok([204, 404].includes(next.status), `a poll after DELETE: ${next.status} ${next.text}`);
    await waitFor(async () => (await lp.poll()).status === 404, 'polls of the deleted connection to get 404');
    const posted = await lp.post(`{"type":6}${RS}`);
    assert.equal(posted.status, 404, `POST after DELETE: ${posted.status} ${posted.text}`);
    assert.equal((await lp.delete()).status, 404, 'a second DELETE');
  });

  test('an unknown id is 404, a missing id 400, another user\'s id 404, no token 401', async () => {
    const lp = await open('statuses');
    await lp.handshake();
    for (const [method, call] of [['GET', (o) => lp.poll(o)], ['POST', (o) => lp.post(`{"type":6}${RS}`, o)],
                                  ['DELETE', (o) => lp.delete(o)]]) {
      assert.equal((await call({ id: 'NoSuchConnection0000' })).status, 404, `${method} with an unknown id`);
      assert.equal((await call({ id: null })).status, 400, `${method} without an id`);
      assert.equal((await call({ jwt: bob.token })).status, 404, `${method} by another user`);
      assert.equal((await call({ jwt: null })).status, 401, `${method} without a token`);
    }
    // None of that touched the connection.
    await lp.assertAlive('after-refusals');
  });

  test('a WebSocket connection refuses POST (405) and DELETE (400)', async () => {
    const ws = await RawHub.open(server, alice.token, { label: 'WebSocket' });
    try {
      await ws.handshake();
      const lp = new LongPoll(server, alice.token, ws.negotiated, 'the WebSocket token over HTTP');
      const posted = await lp.post(`{"type":6}${RS}`);
      assert.equal(posted.status, 405, `POST on a WebSocket connection: ${posted.status} ${posted.text}`);
      const deleted = await lp.delete();
      assert.equal(deleted.status, 400, `DELETE on a WebSocket connection: ${deleted.status} ${deleted.text}`);
      ws.sendRecords({ type: 1, invocationId: 'still', target: 'GetConnectionId', arguments: [] });
      assert.equal((await ws.completion('still')).result, ws.negotiated.connectionId, 'the WebSocket still works');
    } finally {
      ws.close();
    }
  });

  test('a POSTed record over --hub-max-record-bytes ends the connection with a Close message', async () => {
    const groupId = await createSharedGroup(server.url, alice);
    const storedBefore = (await history(server.url, alice.token, groupId)).length;
    const lp = await open('oversize record');
    await lp.handshake();
    const record = JSON.stringify({ type: 1, invocationId: 'big', target: 'SendMessage',
                                    arguments: [groupId, 'x'.repeat(MAX_RECORD + 1000)] });
    const posted = await lp.post(record + RS);
    assert.equal(posted.status, 200, `the POST itself is read to the end, as ASP.NET does: ${posted.status} ${posted.text}`);
    const close = await lp.pollFor((r) => r.type === 7, 'a Close message after the oversize record');
    assert.match(close.error ?? '', /^Connection closed with an error\./, JSON.stringify(close));
    const after = await lp.poll();
    assert.ok([204, 404].includes(after.status), `a poll after the Close: ${after.status} ${after.text}`);
    assert.ok(!lp.records.some((r) => r.type === 3 && r.invocationId === 'big'), 'the oversize invocation is not run');
    assert.equal((await history(server.url, alice.token, groupId)).length, storedBefore, 'nothing was stored');
  });
});

describe('long polling: a connection nobody polls (--hub-client-timeout 3)', { timeout: 60_000 }, () => {
  const { server, users: { alice } } = useHubServer({
    users: ['alice'],
    serverArgs: ['--hub-client-timeout', '3', '--hub-long-poll-timeout', String(POLL_TIMEOUT_S)],
  });

  test('ends after the client timeout, while one that keeps polling (and never pings) stays', async () => {
    const idle = await LongPoll.open(server, alice.token, 'nobody polls it');
    const busy = await LongPoll.open(server, alice.token, 'keeps polling');
    await idle.handshake();
    await busy.handshake();
    const until = Date.now() + 5500;
    while (Date.now() < until) {
      const polled = await busy.poll();
      assert.equal(polled.status, 200, `${busy.label}: ${polled.status} ${polled.text}`);
    }
    const late = await idle.poll();
    assert.ok([204, 404].includes(late.status),
              `${idle.label}: a poll 5.5 s later should find the connection ended, got ${late.status} ${late.text}`);
    await busy.assertAlive('still-here');
  });
});
