// Shared helpers for the end-to-end suites: they drive the real server's /MessageHub with the
// official SignalR JavaScript clients (@microsoft/signalr 10 and the original Angular client's
// @aspnet/signalr 1.1.4), over any transport, with the JSON or the MessagePack hub protocol,
// and with a raw WebSocket for protocol-level checks.
//
// Set E2E_SIGNALR_LOG=debug (or trace, information, warning, error) to see the clients' logs.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import * as signalR from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import WebSocket from 'ws';

import {
  createGroup, joinGroup, newUser, request, sendMessage, startServer,
} from '../integration/server.mjs';

const require = createRequire(import.meta.url);
/** @aspnet/signalr 1.1.4 (CommonJS), the library of the original Angular client. */
export const aspnetSignalR = require('@aspnet/signalr');
/** @aspnet/signalr-protocol-msgpack 1.1, the MessagePack protocol of @aspnet/signalr 1.1.4. */
const aspnetMessagePack = require('@aspnet/signalr-protocol-msgpack');
export { signalR, sleep };

export const HUB_PATH = '/MessageHub';
/** How long any single wait (start, invoke, a message to arrive) may take. */
export const WAIT_MS = 10_000;
/** How long to wait before concluding that something was NOT delivered. */
export const SETTLE_MS = 400;
/** The JSON hub protocol's record separator. */
export const RS = '\x1e';

const DTO_KEYS = ['groupId', 'message', 'messageId', 'playerId', 'playerName', 'sentOn', 'seq'];
export const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$/;

function logLevel(levels) {
  const name = (process.env.E2E_SIGNALR_LOG ?? 'none').toLowerCase();
  const match = Object.keys(levels).find((key) => key.toLowerCase() === name);
  return match === undefined ? levels.None : levels[match];
}

export const range = (from, to) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/** Rejects with "<what>: no answer within <ms> ms" unless `promise` settles in time. */
export function withTimeout(promise, what, ms = WAIT_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The hub protocol object of `library` (signalR or aspnetSignalR) for 'json' or 'messagepack'. */
function hubProtocol(library, name) {
  if (name === undefined || name === 'json') return new library.JsonHubProtocol();
  if (name !== 'messagepack') throw new Error(`unknown hub protocol ${name}`);
  return library === signalR ? new MessagePackHubProtocol() : new aspnetMessagePack.MessagePackHubProtocol();
}

/** The transport enum value of `library` for 'WebSockets', 'ServerSentEvents' or 'LongPolling'. */
function transportType(library, transport) {
  if (transport === undefined || typeof transport === 'number') return transport;
  const value = library.HttpTransportType[transport];
  if (value === undefined) throw new Error(`unknown transport ${transport}`);
  return value;
}

// Both libraries name their transport classes alike.
const TRANSPORT_NAMES = {
  WebSocketTransport: 'WebSockets',
  ServerSentEventsTransport: 'ServerSentEvents',
  LongPollingTransport: 'LongPolling',
};

/**
 * Polls `predicate` (sync or async) every 10 ms until it returns a truthy value, which it
 * returns. Throws "Timed out after N ms waiting for <what>" otherwise; `what` may be a
 * function, called at that moment, so the message can describe the state that was reached.
 */
export async function waitFor(predicate, what, timeout = WAIT_MS) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() >= deadline) {
      const detail = typeof what === 'function' ? what() : what;
      throw new Error(`Timed out after ${timeout} ms waiting for ${detail}`);
    }
    await sleep(10);
  }
}

/** Runs `task(item, index)` over `items`, at most `limit` at a time; resolves to the results. */
export async function mapLimit(items, limit, task) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Asserts the MessageDto shape and the `expected` fields. */
export function assertMessageDto(dto, expected = {}, what = 'MessageDto') {
  assert.ok(dto !== null && typeof dto === 'object', `${what}: expected an object, got ${JSON.stringify(dto)}`);
  assert.deepEqual(Object.keys(dto).sort(), DTO_KEYS, `${what}: keys of ${JSON.stringify(dto)}`);
  assert.ok(Number.isInteger(dto.messageId) && dto.messageId > 0, `${what}: messageId ${dto.messageId}`);
  assert.ok(Number.isInteger(dto.seq) && dto.seq > 0, `${what}: seq ${dto.seq}`);
  assert.match(dto.sentOn, ISO_UTC, `${what}: sentOn`);
  for (const [key, value] of Object.entries(expected)) {
    assert.equal(dto[key], value, `${what}: ${key} of ${JSON.stringify(dto)}`);
  }
}

/**
 * Asserts that `dto`, as a client of `protocol` ('json' or 'messagepack') received it, is the
 * MessageDto `expected` (as JSON gives it, e.g. from REST). Over MessagePack the same seven
 * fields arrive with the same names and values, except sentOn: a MessagePack timestamp,
 * which the clients decode to a Date, of the same instant.
 */
export function assertSameMessage(dto, expected, protocol = 'json', what = 'MessageDto') {
  if (protocol !== 'messagepack') {
    assertMessageDto(dto, {}, what);
    assert.deepEqual(dto, expected, what);
    return;
  }
  assert.ok(dto !== null && typeof dto === 'object', `${what}: expected an object, got ${JSON.stringify(dto)}`);
  assert.deepEqual(Object.keys(dto).sort(), DTO_KEYS, `${what}: keys of ${JSON.stringify(dto)}`);
  assert.ok(dto.sentOn instanceof Date,
            `${what}: sentOn should be a MessagePack timestamp (a Date), got ${JSON.stringify(dto.sentOn)}`);
  assert.equal(dto.sentOn.getTime(), Date.parse(expected.sentOn),
               `${what}: sentOn ${dto.sentOn.toISOString()} is not the instant ${expected.sentOn}`);
  for (const key of DTO_KEYS.filter((k) => k !== 'sentOn')) {
    assert.strictEqual(dto[key], expected[key], `${what}: ${key} of ${JSON.stringify(dto)}`);
  }
}

/** Sends over REST, asserts 200, returns the MessageDto. */
export async function restSend(url, token, groupId, message, clientMessageId) {
  const response = await sendMessage(url, token, groupId, message, clientMessageId);
  assert.equal(response.status, 200, `REST send ${JSON.stringify(message)} to group ${groupId}: ` +
                                     `${response.status} ${response.text}`);
  return response.body;
}

/** The stored messages of a group (REST history, up to 1000, oldest first). */
export async function history(url, token, groupId, query = 'limit=1000') {
  const response = await request(url, 'GET', `/api/Messages/groups/${groupId}?${query}`, { token });
  assert.equal(response.status, 200, `history of group ${groupId}: ${response.status} ${response.text}`);
  return response.body;
}

/** Creates a group of `owner`'s, has each of `members` join it, and returns its id. */
export async function createSharedGroup(url, owner, ...members) {
  const groupId = await createGroup(url, owner.token);
  for (const member of members) {
    const joined = await joinGroup(url, member.token, groupId);
    assert.equal(joined.status, 200, `${member.userName} joins group ${groupId}: ${joined.status} ${joined.text}`);
  }
  return groupId;
}

/** POST /MessageHub/negotiate (negotiateVersion 1 unless `version` is null); returns the response. */
export function negotiate(url, token, version = 1) {
  const query = version === null ? '' : `?negotiateVersion=${version}`;
  return request(url, 'POST', `${HUB_PATH}/negotiate${query}`, { token });
}

// ---------------------------------------------------------------------------------------
// Hub clients

/**
 * One hub connection of either client library, with every MessageReceived it got, in
 * arrival order, in `received` (and the raw argument lists in `events`).
 */
export class HubClient {
  constructor(connection, label) {
    this.connection = connection;
    this.label = label;
    this.received = [];
    this.events = [];
    /** UserTyping arguments, in arrival order. */
    this.typing = [];
    this.closed = false;
    this.closeError = undefined;
    /** 'WebSockets', 'ServerSentEvents' or 'LongPolling': the transport start() ended up with. */
    this.transportName = undefined;
    connection.on('MessageReceived', (...args) => {
      this.events.push(args);
      this.received.push(args[0]);
    });
    connection.on('UserTyping', (typing) => this.typing.push(typing));
    /** ReadMarkerUpdated arguments: this user's reading, from any of their devices. */
    this.readMarkers = [];
    connection.on('ReadMarkerUpdated', (marker) => this.readMarkers.push(marker));
    /** MessageEdited and MessageDeleted, as { kind, ...MessageDto }; `timeline` has them and
     * MessageReceived in arrival order, as { kind, seq } with the seq each took. */
    this.changes = [];
    this.timeline = [];
    connection.on('MessageReceived', (dto) => this.timeline.push({ kind: 'MessageReceived', seq: dto?.seq }));
    for (const kind of ['MessageEdited', 'MessageDeleted']) {
      connection.on(kind, (dto) => {
        this.changes.push({ kind, ...dto });
        this.timeline.push({ kind, seq: dto?.changeSeq });
      });
    }
    /** MemberOnline, MemberOffline, MemberJoined, MemberLeft and MemberRoleChanged, as
     * { kind, ...argument }. */
    this.memberEvents = [];
    for (const kind of ['MemberOnline', 'MemberOffline', 'MemberJoined', 'MemberLeft',
      'MemberRoleChanged']) {
      connection.on(kind, (event) => this.memberEvents.push({ kind, ...event }));
    }
    connection.onclose((error) => {
      this.closed = true;
      this.closeError = error;
    });
  }

  async start() {
    await withTimeout(this.connection.start(), `${this.label}: start()`);
    // Read from the client's own transport object while it is connected.
    const transport = this.connection.connection?.transport;
    this.transportName = TRANSPORT_NAMES[transport?.constructor?.name] ?? transport?.constructor?.name;
  }

  stop() {
    return withTimeout(this.connection.stop(), `${this.label}: stop()`);
  }

  invoke(method, ...args) {
    return withTimeout(this.connection.invoke(method, ...args),
                       `${this.label}: invoke ${method}(${args.map((a) => JSON.stringify(a)).join(', ')})`);
  }

  /** Invokes and asserts the invocation is rejected with a message matching `pattern`. */
  async invokeRejects(pattern, method, ...args) {
    const call = `${this.label}: ${method}(${args.map((a) => JSON.stringify(a)).join(', ')})`;
    let result;
    try {
      result = await this.invoke(method, ...args);
    } catch (error) {
      assert.match(String(error?.message), pattern, `${call} was rejected, but not for the expected reason`);
      return error;
    }
    assert.fail(`${call} should have been rejected (${pattern}) but returned ${JSON.stringify(result)}`);
  }

  /** Messages received for one group. */
  messages(groupId) {
    return this.received.filter((dto) => dto?.groupId === groupId);
  }

  seqs(groupId) {
    return this.messages(groupId).map((dto) => dto.seq);
  }

  describe(groupId) {
    const seqs = groupId === undefined ? this.received.map((dto) => `${dto?.groupId}:${dto?.seq}`)
      : this.seqs(groupId);
    return `${this.label} received [${seqs.join(', ')}]` +
           (this.closed ? ` and was closed (${this.closeError?.message ?? 'no error'})` : '');
  }

  /** Waits until a message with this messageId has arrived; returns it. */
  waitForMessage(messageId, timeout = WAIT_MS) {
    return waitFor(() => this.received.find((dto) => dto?.messageId === messageId),
                   () => `message ${messageId}: ${this.describe()}`, timeout);
  }

  /** Waits until a message of this group with this seq has arrived; returns it. */
  waitForSeq(groupId, seq, timeout = WAIT_MS) {
    return waitFor(() => this.messages(groupId).find((dto) => dto.seq === seq),
                   () => `group ${groupId} seq ${seq}: ${this.describe(groupId)}`, timeout);
  }

  /** Waits until at least `count` messages of this group have arrived. */
  waitForCount(groupId, count, timeout = WAIT_MS) {
    return waitFor(() => this.messages(groupId).length >= count,
                   () => `${count} messages of group ${groupId}: ${this.describe(groupId)}`, timeout);
  }
}

/**
 * Creates hub connections against one server and remembers them, so that `stopAll()` (call
 * it in `after`) closes every one, whatever happened in the test.
 */
export class HubClients {
  constructor(server) {
    this.server = server;
    this.clients = new Set();
    this.raws = new Set();
    this.count = 0;
  }

  /**
   * A started @microsoft/signalr connection. Options: `label`, `skipNegotiation` (then the
   * WebSockets transport is forced), `transport` (the only one the client may use: a name
   * such as 'LongPolling' or the HttpTransportType value), `protocol` ('json', the default,
   * or 'messagepack'), `configure(builder)` (returns the builder, e.g. with
   * withStatefulReconnect()). `token` undefined = no accessTokenFactory.
   */
  async connect(token, { label, skipNegotiation = false, transport, protocol, configure } = {}) {
    const options = {};
    if (token !== undefined) options.accessTokenFactory = () => token;
    if (skipNegotiation) {
      options.skipNegotiation = true;
      options.transport = signalR.HttpTransportType.WebSockets;
    } else if (transport !== undefined) {
      options.transport = transportType(signalR, transport);
    }
    let builder = new signalR.HubConnectionBuilder()
      .withUrl(this.server.url + HUB_PATH, options)
      .withHubProtocol(hubProtocol(signalR, protocol))
      .configureLogging(logLevel(signalR.LogLevel));
    if (configure) builder = configure(builder);
    return this.#start(builder.build(), label ?? `@microsoft/signalr connection #${++this.count}`);
  }

  /**
   * A started @aspnet/signalr 1.1.4 connection, built exactly as the original client did;
   * `transport` and `protocol` as for connect().
   */
  async connectAspNet(token, { label, transport, protocol } = {}) {
    const options = { accessTokenFactory: () => token };
    if (transport !== undefined) options.transport = transportType(aspnetSignalR, transport);
    const connection = new aspnetSignalR.HubConnectionBuilder()
      .withUrl(this.server.url + HUB_PATH, options)
      .withHubProtocol(hubProtocol(aspnetSignalR, protocol))
      .configureLogging(logLevel(aspnetSignalR.LogLevel))
      .build();
    return this.#start(connection, label ?? `@aspnet/signalr connection #${++this.count}`);
  }

  async #start(connection, label) {
    const client = new HubClient(connection, label);
    this.clients.add(client);
    await client.start();
    return client;
  }

  /** Starts a connection and subscribes it to the group (ConnectToGroup). */
  async subscribe(token, groupId, options = {}) {
    const client = await this.connect(token, options);
    await client.invoke('ConnectToGroup', groupId);
    return client;
  }

  /** An open RawHub (see RawHub.open), closed by stopAll() if the test has not closed it. */
  async openRaw(jwt, options = {}) {
    const raw = await RawHub.open(this.server, jwt, options);
    this.raws.add(raw);
    return raw;
  }

  async stopAll() {
    const clients = [...this.clients];
    this.clients.clear();
    for (const raw of this.raws) raw.close();
    this.raws.clear();
    await Promise.allSettled(clients.map((client) => client.stop()));
  }
}

/**
 * The setup the end-to-end suites share; call it at the top of a `describe`. It registers a
 * `before` that starts a server (with `serverArgs`) and registers and logs in one user per
 * name in `users`, and an `after` that closes every hub connection, then stops the server.
 *
 * Returns { server, hubs, users } at once, so that a suite names them a single time:
 * `server` (startServer's object) and `users[name]` (newUser's object) are empty until the
 * `before` fills them in, like variables a suite would assign there.
 */
export function useHubServer({ users = [], serverArgs = [] } = {}) {
  const server = {};
  const hubs = new HubClients(server);
  const named = Object.fromEntries(users.map((name) => [name, {}]));
  before(async () => {
    Object.assign(server, await startServer(serverArgs));
    await Promise.all(users.map(async (name) => Object.assign(named[name], await newUser(server.url, name))));
  });
  after(async () => {
    try {
      await hubs.stopAll();
    } finally {
      await server.stop?.();
    }
  });
  return { server, hubs, users: named };
}

// ---------------------------------------------------------------------------------------
// Raw WebSocket

/**
 * A hub connection over a bare WebSocket: what it sends is exactly what the test wrote.
 * `records` holds every record received (parsed JSON, or { unparsable: text }); `frames`
 * counts WebSocket messages; `incompleteMessages` counts messages that ended in the middle
 * of a record (the JS clients reject those); `binaryMessages` counts non-text messages.
 */
export class RawHub {
  constructor(label) {
    this.label = label;
    this.records = [];
    this.frames = 0;
    this.incompleteMessages = 0;
    this.binaryMessages = 0;
    this.pending = '';
    this.closed = false;
    this.closeCode = undefined;
    this.negotiated = undefined;
  }

  /**
   * Negotiates with `jwt` (unless `negotiate` is false), then opens
   * ws://host/MessageHub?id=<connectionToken>&access_token=<jwt>. Resolves once open;
   * rejects with the HTTP status if the upgrade is refused.
   */
  static async open(server, jwt, { negotiate: doNegotiate = true, label = 'raw WebSocket' } = {}) {
    const raw = new RawHub(label);
    const params = [];
    if (doNegotiate) {
      const response = await negotiate(server.url, jwt);
      assert.equal(response.status, 200, `${label}: negotiate → ${response.status} ${response.text}`);
      raw.negotiated = response.body;
      assert.equal(typeof response.body?.connectionToken, 'string',
                   `${label}: negotiate gave no connectionToken: ${response.text}`);
      params.push(`id=${response.body.connectionToken}`);
    }
    if (jwt !== undefined) params.push(`access_token=${encodeURIComponent(jwt)}`);
    const url = `ws://127.0.0.1:${server.port}${HUB_PATH}${params.length ? `?${params.join('&')}` : ''}`;
    const ws = new WebSocket(url);
    raw.ws = ws;
    ws.on('message', (data) => raw.#onMessage(data));
    ws.on('close', (code) => {
      raw.closed = true;
      raw.closeCode = code;
    });
    await withTimeout(new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('unexpected-response', (_, response) => {
        reject(Object.assign(new Error(`${label}: upgrade refused with HTTP ${response.statusCode}`),
                             { statusCode: response.statusCode }));
        ws.terminate();
      });
      ws.once('error', reject);
    }), `${label}: WebSocket open`);
    ws.on('error', () => {}); // later errors show up as a close
    return raw;
  }

  #onMessage(data) {
    this.frames += 1;
    let text;
    if (typeof data === 'string') {
      text = data;
    } else {
      this.binaryMessages += 1;
      text = Buffer.from(data).toString('utf8');
    }
    this.pending += text;
    const parts = this.pending.split(RS);
    this.pending = parts.pop();
    if (this.pending !== '') this.incompleteMessages += 1;
    for (const part of parts) {
      try {
        this.records.push(JSON.parse(part));
      } catch {
        this.records.push({ unparsable: part });
      }
    }
  }

  /** Sends one WebSocket text message, as is. */
  send(text) {
    this.ws.send(text);
  }

  /** Sends these objects as records, all in one WebSocket message. */
  sendRecords(...records) {
    this.send(records.map((record) => JSON.stringify(record) + RS).join(''));
  }

  /** Waits for the first record (from index `from`) matching `predicate`; returns it. */
  next(predicate, what, { from = 0, timeout = WAIT_MS } = {}) {
    return waitFor(() => this.records.slice(from).find(predicate),
                   () => `${what} on ${this.label}; records so far: ${JSON.stringify(this.records)}` +
                         (this.closed ? ` (socket closed, code ${this.closeCode})` : ''), timeout);
  }

  /** Waits for the Completion of this invocation id. */
  completion(invocationId, timeout = WAIT_MS) {
    return this.next((r) => r.type === 3 && r.invocationId === invocationId,
                     `Completion of invocation ${JSON.stringify(invocationId)}`, { timeout });
  }

  waitClosed(timeout = WAIT_MS) {
    return waitFor(() => this.closed, () => `${this.label} to be closed by the server; ` +
                   `records: ${JSON.stringify(this.records)}`, timeout);
  }

  /** Sends the JSON handshake and checks that the first record back is the empty `{}`. */
  async handshake() {
    this.send(JSON.stringify({ protocol: 'json', version: 1 }) + RS);
    await this.next(() => true, 'the handshake response');
    assert.deepEqual(this.records[0], {}, `${this.label}: handshake response`);
  }

  close() {
    if (this.ws && this.ws.readyState !== WebSocket.CLOSED) this.ws.terminate();
  }
}
