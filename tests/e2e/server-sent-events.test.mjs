// Server-Sent Events at the HTTP level, with a raw http.request: the stream must reach the
// client as it is written, nothing held back in a buffer (EventSource fires `open` only once
// bytes arrive, and a chat message that waits for a buffer to fill is a lost message), with
// the headers that keep proxies and browsers from caching or compressing it. Sends go over
// POST, as the clients send them. Ending the GET ends the connection.
import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, test } from 'node:test';

import {
  HUB_PATH, RS, WAIT_MS, createSharedGroup, negotiate, useHubServer, waitFor, withTimeout,
} from './hub.mjs';

const MESSAGEPACK_OVER_SSE = "Cannot use the 'messagepack' protocol on the current transport. " +
                             "The transport does not support 'Binary' transfer format.";

/**
 * GET /MessageHub?id=<token>&access_token=<jwt> with Accept: text/event-stream (as both
 * clients send it), held open. `raw` is everything received, `chunks` each piece with its
 * arrival time, `events` the data of each event (data lines joined with \n).
 */
class EventStream {
  constructor() {
    this.raw = '';
    this.chunks = [];
    this.events = [];
    this.ended = false;
    this.buffer = '';
    this.data = undefined;
  }

  /** Resolves once the response headers are in: { stream, response } (the stream may have been refused). */
  static open(server, { id, jwt, headers = {} }) {
    const stream = new EventStream();
    const query = [id === undefined ? '' : `id=${id}`, jwt === undefined ? '' : `access_token=${encodeURIComponent(jwt)}`]
      .filter(Boolean).join('&');
    stream.startedAt = Date.now();
    return withTimeout(new Promise((resolve, reject) => {
      const request = http.request({
        host: '127.0.0.1', port: server.port, path: `${HUB_PATH}?${query}`,
        headers: { accept: 'text/event-stream', 'cache-control': 'no-cache',
                   'accept-encoding': 'gzip, deflate, br', ...headers },
      });
      stream.request = request;
      request.on('error', (error) => {
        stream.ended = true;
        reject(error);
      });
      request.on('response', (response) => {
        stream.respondedAt = Date.now();
        response.setEncoding('utf8');
        response.on('data', (text) => stream.#take(text));
        response.on('end', () => { stream.ended = true; });
        response.on('close', () => { stream.ended = true; });
        response.on('error', () => { stream.ended = true; });
        resolve({ stream, response });
      });
      request.end();
    }), 'Server-Sent Events GET').catch((error) => {
      stream.close();
      throw error;
    });
  }

  #take(text) {
    this.chunks.push({ at: Date.now(), text });
    this.raw += text;
    this.buffer += text;
    // Lines end in CRLF, LF or CR; a blank line ends an event; ':' starts a comment.
    for (;;) {
      const match = /\r\n|\n|\r(?!$)/.exec(this.buffer);
      if (!match) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      if (line === '') {
        if (this.data !== undefined) this.events.push({ at: Date.now(), data: this.data });
        this.data = undefined;
      } else if (line.startsWith('data:')) {
        const value = line.slice(5).replace(/^ /, '');
        this.data = this.data === undefined ? value : `${this.data}\n${value}`;
      }
    }
  }

  /** The hub records received, with their arrival time: [{ at, record }]. */
  records() {
    return this.events.flatMap(({ at, data }) => data.split(RS).filter((part) => part !== '')
      .map((part) => ({ at, record: JSON.parse(part) })));
  }

  next(predicate, what) {
    return waitFor(() => this.records().find(({ record }) => predicate(record)),
                   () => `${what}; received so far: ${JSON.stringify(this.raw)}`);
  }

  close() {
    this.request?.destroy();
  }
}

/** POST /MessageHub?id=<token> with `body`; resolves the status. */
async function post(server, id, jwt, body) {
  const response = await fetch(`${server.url}${HUB_PATH}?id=${id}`, {
    method: 'POST', body, headers: { authorization: `Bearer ${jwt}`, 'content-type': 'text/plain;charset=UTF-8' },
    signal: AbortSignal.timeout(WAIT_MS),
  });
  await response.arrayBuffer();
  return response.status;
}

describe('Server-Sent Events, on the wire', { timeout: 60_000 }, () => {
  const { server, hubs, users: { alice, bob } } = useHubServer({ users: ['alice', 'bob'] });
  const opened = [];
  const open = async (options) => {
    const result = await EventStream.open(server, options);
    opened.push(result.stream);
    return result;
  };
  const token = async (jwt = alice.token) => {
    const response = await negotiate(server.url, jwt);
    assert.equal(response.status, 200, response.text);
    return response.body.connectionToken;
  };

  test('headers, the comment at once, each message as its own event within a second, the GET\'s end ends it', async () => {
    try {
      const groupId = await createSharedGroup(server.url, alice, bob);
      const id = await token();
      const { stream, response } = await open({ id, jwt: alice.token });
      assert.equal(response.statusCode, 200, `GET → ${response.statusCode}`);
      const h = response.headers;
      assert.match(h['content-type'] ?? '', /^text\/event-stream/, 'Content-Type');
      assert.match(h['cache-control'] ?? '', /no-cache/, `Cache-Control: ${h['cache-control']}`);
      assert.match(h['cache-control'] ?? '', /no-store/, `Cache-Control: ${h['cache-control']}`);
      assert.equal(h['content-length'], undefined, 'a stream has no Content-Length');
      assert.ok([undefined, 'identity'].includes(h['content-encoding']),
                `not compressed, though the request accepts gzip: Content-Encoding ${h['content-encoding']}`);

      await waitFor(() => stream.chunks.length > 0, 'the first bytes of the stream', 1500);
      assert.ok(stream.raw.startsWith(':\r\n'), `the stream opens with the comment line ":" CRLF: ${JSON.stringify(stream.raw)}`);
      assert.ok(stream.chunks[0].at - stream.startedAt < 1500,
                `the first bytes came ${stream.chunks[0].at - stream.startedAt} ms after the GET`);

      assert.equal(await post(server, id, alice.token, `{"protocol":"json","version":1}${RS}`), 200, 'handshake POST');
      await stream.next((r) => Object.keys(r).length === 0, 'the handshake response {}');
      assert.ok(stream.raw.includes(`data: {}${RS}\r\n\r\n`),
                `one event: "data: " + the record + CRLF, then an empty line: ${JSON.stringify(stream.raw)}`);
      const join = JSON.stringify({ type: 1, invocationId: '1', target: 'ConnectToGroup', arguments: [groupId] });
      assert.equal(await post(server, id, alice.token, join + RS), 200, 'ConnectToGroup POST');
      const { record: joined } = await stream.next((r) => r.type === 3 && r.invocationId === '1', 'ConnectToGroup Completion');
      assert.equal(joined.error, undefined, JSON.stringify(joined));

      // Messages from another client, one by one: each must come out on its own, at once.
      const sender = await hubs.connect(bob.token, { label: 'bob (WebSockets)' });
      for (let k = 1; k <= 3; k += 1) {
        const dto = await sender.invoke('SendMessage', groupId, `live ${k}`);
        const storedAt = Date.now();
        const { at, record } = await stream.next(
          (r) => r.type === 1 && r.target === 'MessageReceived' && r.arguments?.[0]?.messageId === dto.messageId,
          `MessageReceived of message ${k}`);
        assert.deepEqual(record.arguments, [dto], `message ${k}: the stored MessageDto`);
        assert.ok(at - storedAt < 1000, `message ${k} came ${at - storedAt} ms after it was stored: held in a buffer?`);
      }

      // The client goes away: the server ends the connection (its token is then unknown).
      stream.close();
      await waitFor(async () => (await post(server, id, alice.token, `{"type":6}${RS}`)) === 404,
                    'a POST to the connection whose event stream was closed to get 404');
    } finally {
      for (const stream of opened) stream.close();
    }
  });

  test('missing id 400, unknown id 404, another user\'s id 404, a second stream 409, the first one unharmed', async () => {
    try {
      const missing = await open({ jwt: alice.token });
      assert.equal(missing.response.statusCode, 400, 'no id');
      const unknown = await open({ id: 'NoSuchConnection0000', jwt: alice.token });
      assert.equal(unknown.response.statusCode, 404, 'unknown id');
      const id = await token();
      const first = await open({ id, jwt: alice.token });
      assert.equal(first.response.statusCode, 200, 'the owner opens it');
      const foreign = await open({ id, jwt: bob.token });
      assert.equal(foreign.response.statusCode, 404, "another user's connection");
      const second = await open({ id, jwt: alice.token });
      assert.equal(second.response.statusCode, 409, 'a second stream while the first is open');
      assert.ok(!first.stream.ended, 'the first stream is still open');
      assert.equal(await post(server, id, alice.token, `{"protocol":"json","version":1}${RS}`), 200);
      await first.stream.next((r) => Object.keys(r).length === 0, 'the handshake response on the first stream');
    } finally {
      for (const stream of opened) stream.close();
    }
  });

  test('the MessagePack protocol is refused at the handshake with the reference\'s error, and the stream ends', async () => {
    try {
      const id = await token();
      const { stream, response } = await open({ id, jwt: alice.token });
      assert.equal(response.statusCode, 200);
      assert.equal(await post(server, id, alice.token, `{"protocol":"messagepack","version":1}${RS}`), 200);
      const { record } = await stream.next((r) => 'error' in r, 'a handshake error');
      assert.deepEqual(record, { error: MESSAGEPACK_OVER_SSE });
      await waitFor(() => stream.ended, 'the server to end the stream after the handshake error');
    } finally {
      for (const stream of opened) stream.close();
    }
  });
});
