// The drain on SIGTERM: the node stops accepting connections, /readyz answers 503 so that a
// load balancer sends work elsewhere, every hub client is told to reconnect (a Close with
// allowReconnect) once the sends it already made are stored and acknowledged, and the
// process exits 0 once they are gone, or when --shutdown-timeout runs out.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { authed, newUser, startServer } from '../integration/server.mjs';
import {
  HUB_PATH, HubClients, RS, RawHub, WAIT_MS, createSharedGroup, history, negotiate, sleep, waitFor,
} from './hub.mjs';

const SHUTDOWN_TIMEOUT_S = 5;

/**
 * One kept-alive HTTP/1.1 connection: get(path) writes a request on it and resolves
 * { status, body } (the body parsed as JSON). Opened before the signal, it is how a request
 * still reaches a server that no longer accepts connections.
 */
async function keptAliveConnection(port) {
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let buffered = Buffer.alloc(0);
  let waiting = null;
  const parse = () => {
    const end = buffered.indexOf('\r\n\r\n');
    if (end < 0 || waiting === null) return;
    const head = buffered.subarray(0, end).toString('latin1');
    const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    if (buffered.length < end + 4 + length) return;
    const body = buffered.subarray(end + 4, end + 4 + length).toString('utf8');
    buffered = buffered.subarray(end + 4 + length);
    const { resolve } = waiting;
    waiting = null;
    resolve({ status: Number(head.split(' ')[1]), body: JSON.parse(body) });
  };
  socket.on('data', (chunk) => { buffered = Buffer.concat([buffered, chunk]); parse(); });
  socket.on('close', () => waiting?.reject(new Error('the kept-alive connection was closed')));
  return {
    get(path) {
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
        socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      });
    },
    close: () => socket.destroy(),
  };
}

/** The records of a long poll's body. */
function records(text) {
  return text.split(RS).filter(Boolean).map((record) => JSON.parse(record));
}

/**
 * A long-polling hub connection, handshaken, with no poll waiting: what the server sends it
 * next waits until it polls. Returns the path it polls.
 */
async function openLongPoll(url, token) {
  const negotiated = await negotiate(url, token);
  assert.equal(negotiated.status, 200, negotiated.text);
  const hub = `${HUB_PATH}?id=${negotiated.body.connectionToken}`;
  const first = await fetch(`${url}${hub}`, { headers: authed(token) });
  assert.equal(first.status, 200, 'the first poll');
  await first.arrayBuffer();
  const handshake = await fetch(`${url}${hub}`, {
    method: 'POST', body: `{"protocol":"json","version":1}${RS}`,
    headers: { 'content-type': 'text/plain;charset=UTF-8', ...authed(token) },
  });
  assert.equal(handshake.status, 200, await handshake.text());
  const reply = await fetch(`${url}${hub}`, { headers: authed(token) });
  assert.deepEqual(records(await reply.text()), [{}], 'the handshake response');
  return hub;
}

describe('the drain on SIGTERM', () => {
  test('readiness fails, a long-polling client is told to reconnect, and the server exits 0',
       async () => {
    const server = await startServer(['--shutdown-timeout', String(SHUTDOWN_TIMEOUT_S)]);
    const alice = await newUser(server.url, 'drain');
    const hub = await openLongPoll(server.url, alice.token);

    const kept = await keptAliveConnection(server.port);
    try {
      assert.deepEqual(await kept.get('/readyz'), { status: 200, body: { status: 'ready', database: 'ok' } });
      const started = Date.now();
      const stopping = server.stop();

      // The long-polling client has not polled for its Close yet, so the drain waits for it.
      const draining = await waitFor(async () => {
        const readiness = await kept.get('/readyz');
        return readiness.status === 503 ? readiness : undefined;
      }, 'GET /readyz answering 503 after SIGTERM');
      assert.equal(draining.body.status, 'draining');
      assert.equal(typeof draining.body.message, 'string');
      const health = await kept.get('/healthz');
      assert.equal(health.status, 200, 'liveness still passes while draining');

      const poll = await fetch(`${server.url}${hub}`, { headers: authed(alice.token) });
      assert.equal(poll.status, 200);
      const close = records(await poll.text()).find((record) => record.type === 7);
      assert.deepEqual(close, { type: 7, allowReconnect: true }, 'a Close that allows reconnecting');

      assert.deepEqual(await stopping, { code: 0, signal: null });
      assert.ok(Date.now() - started < SHUTDOWN_TIMEOUT_S * 1000,
                `exited ${Date.now() - started} ms after SIGTERM: it waited for the timeout`);
    } finally {
      kept.close();
      await server.stop();
    }
  });

  test('a client that never collects its Close is cut at --shutdown-timeout', async () => {
    const server = await startServer(['--shutdown-timeout', '1']);
    const alice = await newUser(server.url, 'drain-cut');
    await openLongPoll(server.url, alice.token);

    const started = Date.now();
    assert.deepEqual(await server.stop(), { code: 0, signal: null });
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 900, `exited ${elapsed} ms after SIGTERM, before the timeout`);
    assert.match(server.logs().stderr + server.logs().stdout, /Shutdown timeout/);
  });
});

describe('sends during the drain', () => {
  let databaseDir;
  before(async () => { databaseDir = await mkdtemp(join(tmpdir(), 'chatserver-drain-')); });
  after(async () => { await rm(databaseDir, { recursive: true, force: true }); });

  test('every send acknowledged before the exit is stored, and every client is told to go',
       async () => {
    const database = ['--database', `sqlite:${join(databaseDir, 'chat.db')}`];
    const server = await startServer([...database, '--shutdown-timeout', String(SHUTDOWN_TIMEOUT_S)]);
    const hubs = new HubClients(server);
    const acked = [];
    let groupId;
    let owner;
    try {
      owner = await newUser(server.url, 'drain-owner');
      const senders = await Promise.all([1, 2, 3, 4].map((n) => newUser(server.url, `drain-${n}`)));
      groupId = await createSharedGroup(server.url, owner, ...senders);
      const clients = await Promise.all(senders.map((user) => hubs.connect(user.token)));
      const reconnecting = clients.map((client) => new Promise((resolve) => {
        client.connection.onclose(resolve);
      }));

      // Each client sends without pause; the signal comes while sends are in flight.
      const sending = clients.map(async (client, n) => {
        for (let i = 0; ; ++i) {
          const text = `client ${n} message ${i}`;
          try {
            const dto = await client.connection.invoke('SendMessage', groupId, text);
            acked.push({ text, dto });
          } catch {
            return i; // the connection went away; what it did not acknowledge may be lost
          }
        }
      });
      await waitFor(() => acked.length >= 40, 'sends acknowledged before the signal');
      assert.deepEqual(await server.stop(), { code: 0, signal: null });
      await Promise.all(sending);
      await Promise.all(reconnecting.map((closed, n) => Promise.race([
        closed, sleep(WAIT_MS).then(() => assert.fail(`client ${n} was never closed`)),
      ])));
    } finally {
      await hubs.stopAll();
      await server.stop();
    }

    // Another server on the same database: every acknowledged message is in the history.
    const after = await startServer(database);
    try {
      const stored = await history(after.url, owner.token, groupId, 'limit=1000');
      const texts = new Set(stored.map((dto) => dto.message));
      const missing = acked.filter(({ text }) => !texts.has(text)).map(({ text }) => text);
      assert.deepEqual(missing, [], `${missing.length} of ${acked.length} acknowledged sends were lost`);
    } finally {
      await after.stop();
    }
  });
});

describe('the order of the drain', () => {
  let databaseDir;
  before(async () => { databaseDir = await mkdtemp(join(tmpdir(), 'chatserver-drain-order-')); });
  after(async () => { await rm(databaseDir, { recursive: true, force: true }); });

  test('the Close comes after the completion of every send the server read', async () => {
    const database = ['--database', `sqlite:${join(databaseDir, 'chat.db')}`];
    const server = await startServer([...database, '--shutdown-timeout', String(SHUTDOWN_TIMEOUT_S)]);
    const owner = await newUser(server.url, 'order-owner');
    const sender = await newUser(server.url, 'order-sender');
    const groupId = await createSharedGroup(server.url, owner, sender);
    const raw = await RawHub.open(server, sender.token, { label: 'sender' });
    let stopping;
    try {
      await raw.handshake();
      // Batches of invocations without waiting, so that sends are still being stored when the
      // signal comes: the drain must hold the Close back until they are answered.
      let next = 1;
      const sendBatch = () => {
        const batch = [];
        for (let i = 0; i < 50; i += 1, next += 1) {
          batch.push({ type: 1, invocationId: String(next), target: 'SendMessage',
                       arguments: [groupId, `ordered ${next}`] });
        }
        raw.sendRecords(...batch);
      };
      for (let i = 0; i < 4; i += 1) sendBatch();
      await raw.completion('1');
      const flooding = setInterval(() => { if (raw.ws.readyState === 1) sendBatch(); }, 2);
      await sleep(20);
      stopping = server.stop();
      await raw.waitClosed(SHUTDOWN_TIMEOUT_S * 1000 + WAIT_MS);
      clearInterval(flooding);
    } finally {
      raw.close();
      await (stopping ?? server.stop());
    }

    const closeAt = raw.records.findIndex((record) => record.type === 7);
    assert.ok(closeAt > 0, `a Close was sent: ${JSON.stringify(raw.records.slice(-3))}`);
    assert.deepEqual(raw.records[closeAt], { type: 7, allowReconnect: true });
    assert.equal(closeAt, raw.records.length - 1, 'nothing follows the Close');
    const completions = raw.records.filter((record) => record.type === 3);
    assert.ok(completions.length >= 200, `only ${completions.length} sends were answered`);
    for (const completion of completions) {
      assert.equal(completion.error, undefined, `invocation ${completion.invocationId}: ${completion.error}`);
    }
    // Whatever the server stored it answered before its Close, and nothing more.
    const answered = completions.map((c) => c.result.message).sort();
    const after = await startServer(database);
    try {
      const stored = [];
      for (let seq = 0; ;) {
        const page = await history(after.url, owner.token, groupId, `limit=1000&after=${seq}`);
        if (page.length === 0) break;
        stored.push(...page.map((dto) => dto.message));
        seq = page.at(-1).seq;
      }
      stored.sort();
      assert.equal(stored.length, answered.length,
                   `${stored.length} sends stored, ${answered.length} answered before the Close`);
      assert.deepEqual(stored, answered);
    } finally {
      await after.stop();
    }
  });
});
