// SignalR wire protocol robustness on /MessageHub, with a bare WebSocket (ws package) so that
// framing, key order and malformed input are exactly what the test writes.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import WebSocket from 'ws';

import { createGroup } from '../integration/server.mjs';
import {
  HUB_PATH, RS, assertMessageDto, history, negotiate, restSend, sleep, useHubServer, withTimeout,
} from './hub.mjs';

const MAX_RECORD = 32 * 1024;

describe('hub wire protocol (raw WebSocket)', { timeout: 60_000 }, () => {
  const { server, hubs, users: { wire: user } } = useHubServer({ users: ['wire'] });
  let groupId;
  before(async () => {
    groupId = await createGroup(server.url, user.token);
  });

  function open(label, options) {
    return hubs.openRaw(user.token, { label, ...options });
  }

  /** Every message the server sent was a text message made of whole records. */
  function assertWellFramed(raw) {
    assert.equal(raw.binaryMessages, 0, `${raw.label}: the server sent binary WebSocket messages`);
    assert.equal(raw.incompleteMessages, 0,
                 `${raw.label}: a WebSocket message ended inside a record (JS clients reject that)`);
    for (const record of raw.records) {
      assert.ok(!('unparsable' in record), `${raw.label}: the server sent invalid JSON: ${JSON.stringify(record)}`);
    }
  }

  const ALL_TRANSPORTS = [
    { transport: 'WebSockets', transferFormats: ['Text', 'Binary'] },
    { transport: 'ServerSentEvents', transferFormats: ['Text'] },
    { transport: 'LongPolling', transferFormats: ['Text', 'Binary'] },
  ];

  test('negotiate answers version 1 with a token, version 0 without', async () => {
    const v1 = await negotiate(server.url, user.token);
    assert.equal(v1.status, 200, v1.text);
    assert.equal(v1.body.negotiateVersion, 1, v1.text);
    assert.ok(typeof v1.body.connectionId === 'string' && v1.body.connectionId.length > 0, v1.text);
    assert.match(v1.body.connectionToken ?? '', /^[A-Za-z0-9_.-]+$/, `URL-safe connectionToken (RFC 3986 unreserved; signed, so any node verifies it): ${v1.text}`);
    assert.notEqual(v1.body.connectionToken, v1.body.connectionId, 'the token is not the public id');
    assert.deepEqual(v1.body.availableTransports, ALL_TRANSPORTS, v1.text);
    assert.notEqual(v1.body.useStatefulReconnect, true, 'no stateful reconnect unless asked');

    const v0 = await negotiate(server.url, user.token, null);
    assert.equal(v0.status, 200, v0.text);
    assert.deepEqual(Object.keys(v0.body).sort(), ['availableTransports', 'connectionId'], v0.text);
    assert.match(v0.body.connectionId, /^[A-Za-z0-9_.-]+$/, `URL-safe connectionId: ${v0.text}`);
    assert.deepEqual(v0.body.availableTransports, ALL_TRANSPORTS, v0.text);
  });

  test('an unknown connection id is refused', async () => {
    const url = `ws://127.0.0.1:${server.port}${HUB_PATH}?id=NoSuchConnection0000&access_token=` +
                encodeURIComponent(user.token);
    const ws = new WebSocket(url);
    const status = await withTimeout(new Promise((resolve) => {
      ws.once('open', () => resolve('open'));
      ws.once('unexpected-response', (_, response) => resolve(response.statusCode));
      ws.once('error', () => resolve('error'));
    }), 'upgrade with an unknown id');
    ws.terminate();
    assert.notEqual(status, 'open', 'a WebSocket with an id that negotiate never issued was accepted');
  });

  test('handshake and an invocation in one frame; a record split across frames', async () => {
    const raw = await open('one-frame handshake');
    raw.send(`{"protocol":"json","version":1}${RS}` +
             `{"type":1,"invocationId":"1","target":"GetConnectionId","arguments":[]}${RS}`);
    const completion = await raw.completion('1');
    assert.deepEqual(raw.records[0], {}, 'the first record is the handshake response {}');
    assert.equal(completion.error, undefined, `GetConnectionId failed: ${JSON.stringify(completion)}`);
    assert.equal(completion.result, raw.negotiated.connectionId,
                 'GetConnectionId completion carries the negotiated connectionId');

    // One record in three frames, the separator alone in the last one.
    raw.send('{"type":1,"invocationId":"2","tar');
    await sleep(50);
    raw.send('get":"GetConnectionId","arguments":[]}');
    await sleep(50);
    raw.send(RS);
    assert.equal((await raw.completion('2')).result, raw.negotiated.connectionId);

    // Two whole records and the start of a third in one frame, the rest in the next.
    raw.send(`{"type":6}${RS}{"type":1,"invocationId":"3","target":"GetConnectionId","arguments":[]}${RS}` +
             '{"type":1,"invocationId":"4",');
    await sleep(50);
    raw.send(`"target":"GetConnectionId","arguments":[]}${RS}`);
    assert.equal((await raw.completion('3')).result, raw.negotiated.connectionId);
    assert.equal((await raw.completion('4')).result, raw.negotiated.connectionId);
    assert.ok(!raw.closed, 'still open');
    assertWellFramed(raw);
  });

  test('keys in any order, headers and unknown keys; MessageReceived push format', async () => {
    const raw = await open('type-last records');
    await raw.handshake();
    raw.send(`{"arguments":[${groupId}],"target":"ConnectToGroup","invocationId":"c1",` +
             `"headers":{"traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"},` +
             `"unknownField":{"nested":[1,{"a":null}]},"type":1}${RS}`);
    const subscribed = await raw.completion('c1');
    assert.equal(subscribed.error, undefined, `ConnectToGroup failed: ${JSON.stringify(subscribed)}`);

    raw.send(`{"arguments":[${groupId},"type-last ✓","cid-wire-1"],"target":"SendMessage",` +
             `"invocationId":"s1","type":1}${RS}`);
    const sent = await raw.completion('s1');
    assert.equal(sent.error, undefined, `SendMessage failed: ${JSON.stringify(sent)}`);
    assertMessageDto(sent.result, { groupId, playerId: user.id, message: 'type-last ✓' }, 'SendMessage result');

    const push = await raw.next((r) => r.type === 1 && r.target === 'MessageReceived', 'MessageReceived');
    assert.ok(!('invocationId' in push), `a push has no invocationId: ${JSON.stringify(push)}`);
    assert.deepEqual(push.arguments, [sent.result], 'the push carries the MessageDto SendMessage returned');

    const rest = await restSend(server.url, user.token, groupId, 'from REST to a raw socket');
    const pushed = await raw.next((r) => r.type === 1 && r.arguments?.[0]?.messageId === rest.messageId,
                                  'MessageReceived of the REST message');
    assert.deepEqual(pushed.arguments, [rest]);

    // Void method: a Completion with result null (or no result), and no error.
    raw.sendRecords({ target: 'RemoveFromGroup', arguments: [groupId], invocationId: 'r1', type: 1 });
    const removed = await raw.completion('r1');
    assert.equal(removed.error, undefined, JSON.stringify(removed));
    assert.equal(removed.result ?? null, null, JSON.stringify(removed));
    assertWellFramed(raw);
  });

  test('unknown methods: an error Completion with an id, silence without one', async () => {
    const raw = await open('unknown methods');
    await raw.handshake();
    raw.sendRecords({ type: 1, invocationId: 'u1', target: 'NoSuchMethod', arguments: [1, 'two'] });
    const failed = await raw.completion('u1');
    assert.equal(typeof failed.error, 'string', `Completion has an error: ${JSON.stringify(failed)}`);
    assert.ok(failed.error.length > 0, 'the error is not empty');
    assert.ok(!('result' in failed), `no result next to the error: ${JSON.stringify(failed)}`);

    const seen = raw.records.length;
    raw.sendRecords({ type: 1, target: 'NoSuchMethod', arguments: [] }, // non-blocking: no answer
                    { type: 6 }, // ping: no answer needed
                    { type: 1, invocationId: 'u2', target: 'GetConnectionId', arguments: [] });
    const ok = await raw.completion('u2');
    assert.equal(ok.result, raw.negotiated.connectionId);
    const extra = raw.records.slice(seen).filter((r) => r !== ok && r.type !== 6);
    assert.deepEqual(extra, [], 'nothing answers a non-blocking invocation or a ping');
    assert.ok(!raw.closed, 'the unknown methods did not close the connection');
    assertWellFramed(raw);
  });

  test('an invocation carrying streamIds is refused and does not run', async () => {
    const raw = await open('streamIds');
    await raw.handshake();
    raw.sendRecords({ type: 1, invocationId: 'st1', target: 'SendMessage',
                      arguments: [groupId, 'carried with a stream'], streamIds: ['s-1'] });
    const refused = await raw.completion('st1');
    assert.match(refused.error ?? '', /stream/i, `refused: ${JSON.stringify(refused)}`);
    const stored = await history(server.url, user.token, groupId);
    assert.ok(!stored.some((m) => m.message === 'carried with a stream'), 'nothing was sent');
    assert.ok(!raw.closed, 'the connection stays open');
    assertWellFramed(raw);
  });

  test('invalid JSON closes only that connection, with a Close message', async () => {
    const bystander = await open('bystander');
    await bystander.handshake();
    bystander.sendRecords({ type: 1, invocationId: 'b1', target: 'ConnectToGroup', arguments: [groupId] });
    assert.equal((await bystander.completion('b1')).error, undefined);

    const broken = await open('sends invalid JSON');
    await broken.handshake();
    broken.send(`{"type":1,"invocationId":"x","target":"GetConnectionId","arguments":[]${RS}`);
    const close = await broken.next((r) => r.type === 7, 'a Close message');
    assert.equal(typeof close.error, 'string', `Close carries an error: ${JSON.stringify(close)}`);
    assert.ok(close.error.length > 0, 'the Close error is not empty');
    await broken.waitClosed();
    assertWellFramed(broken);

    bystander.sendRecords({ type: 1, invocationId: 'b2', target: 'GetConnectionId', arguments: [] });
    assert.equal((await bystander.completion('b2')).result, bystander.negotiated.connectionId);
    const rest = await restSend(server.url, user.token, groupId, 'after the broken client left');
    await bystander.next((r) => r.type === 1 && r.arguments?.[0]?.messageId === rest.messageId,
                         'MessageReceived on the bystander');
    assert.ok(!bystander.closed, 'the other connection is still open');
    assertWellFramed(bystander);
  });

  test('a record over 32 KB closes the connection with a Close message', async () => {
    const storedBefore = (await history(server.url, user.token, groupId)).length;

    const big = await open('oversize record');
    await big.handshake();
    const record = JSON.stringify({ type: 1, invocationId: 'big', target: 'SendMessage',
                                    arguments: [groupId, 'oversize record'], padding: 'x'.repeat(MAX_RECORD + 1024) });
    assert.ok(record.length > MAX_RECORD);
    big.send(record + RS);
    const close = await big.next((r) => r.type === 7, 'a Close message after an oversize record');
    assert.ok(typeof close.error === 'string' && close.error.length > 0, JSON.stringify(close));
    await big.waitClosed();
    assert.ok(!big.records.some((r) => r.type === 3 && r.invocationId === 'big'),
              'the oversize invocation must not be executed');

    // A record that never ends must not be buffered without limit.
    const endless = await open('unterminated record');
    await endless.handshake();
    endless.send('{"type":1,"target":"SendMessage","arguments":[1,"');
    for (let i = 0; i < 5; i += 1) endless.send('y'.repeat(10 * 1024));
    await endless.next((r) => r.type === 7, 'a Close message after 50 KB without a separator');
    await endless.waitClosed();

    assert.equal((await history(server.url, user.token, groupId)).length, storedBefore, 'nothing was stored');
  });

  test('an unsupported handshake protocol gets an error response and a close', async () => {
    const raw = await open('protobuf handshake');
    raw.send(`{"protocol":"protobuf","version":1}${RS}`);
    const response = await raw.next(() => true, 'the handshake response');
    assert.equal(response.error, "The protocol 'protobuf' is not supported.",
                 `handshake error: ${JSON.stringify(response)}`);
    assert.ok(!('type' in response), 'a handshake response has no type');
    await raw.waitClosed();
  });
});
