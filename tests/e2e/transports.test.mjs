// The transport and hub-protocol matrix: @microsoft/signalr 10 and @aspnet/signalr 1.1.4,
// each over WebSockets, Server-Sent Events and long polling, with the JSON hub protocol and,
// where the client has it and the transport carries binary (not Server-Sent Events),
// MessagePack. In each case a client allowed only that transport joins a group over the hub,
// sends, and gets the full MessageDto of every message; a second client on another transport
// or protocol in the same group sends and gets them too. Neither client needs a polyfill in
// Node: @microsoft/signalr 10 brings `eventsource` 2 and uses Node's fetch, @aspnet/signalr
// 1.1.4 brings `eventsource` 1 and the `request` module.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  HUB_PATH, RawHub, SETTLE_MS, WAIT_MS, assertMessageDto, assertSameMessage, createSharedGroup,
  history, negotiate, restSend, sleep, useHubServer, withTimeout,
} from './hub.mjs';

const ALL_TRANSPORTS = [
  { transport: 'WebSockets', transferFormats: ['Text', 'Binary'] },
  { transport: 'ServerSentEvents', transferFormats: ['Text'] },
  { transport: 'LongPolling', transferFormats: ['Text', 'Binary'] },
];

const LIBRARIES = {
  microsoft: '@microsoft/signalr 10',
  aspnet: '@aspnet/signalr 1.1.4',
};

const c = (library, transport, protocol) => ({ library, transport, protocol });
// Each case, and the client that shares its group: another library, and another transport or
// protocol, except for WebSockets + JSON, whose partner is the other library's WebSockets +
// JSON (the pair that works on a server with nothing else).
const CASES = [
  [c('microsoft', 'WebSockets', 'json'), c('aspnet', 'WebSockets', 'json')],
  [c('microsoft', 'WebSockets', 'messagepack'), c('aspnet', 'LongPolling', 'json')],
  [c('microsoft', 'ServerSentEvents', 'json'), c('aspnet', 'LongPolling', 'messagepack')],
  [c('microsoft', 'LongPolling', 'json'), c('aspnet', 'ServerSentEvents', 'json')],
  [c('microsoft', 'LongPolling', 'messagepack'), c('aspnet', 'WebSockets', 'messagepack')],
  [c('aspnet', 'WebSockets', 'json'), c('microsoft', 'WebSockets', 'json')],
  [c('aspnet', 'WebSockets', 'messagepack'), c('microsoft', 'ServerSentEvents', 'json')],
  [c('aspnet', 'ServerSentEvents', 'json'), c('microsoft', 'LongPolling', 'messagepack')],
  [c('aspnet', 'LongPolling', 'json'), c('microsoft', 'WebSockets', 'messagepack')],
  [c('aspnet', 'LongPolling', 'messagepack'), c('microsoft', 'LongPolling', 'json')],
];

const caseName = ({ library, transport, protocol }) => `${LIBRARIES[library]} · ${transport} · ${protocol}`;

/** A started connection of `spec`'s library, allowed only `spec`'s transport. */
function open(hubs, user, spec) {
  const options = { label: `${user.userName.split('_')[0]} (${caseName(spec)})`,
                    transport: spec.transport, protocol: spec.protocol };
  return spec.library === 'microsoft' ? hubs.connect(user.token, options)
    : hubs.connectAspNet(user.token, options);
}

/** The status of GET /MessageHub?<query> with these headers; the body is not waited for. */
async function getStatus(server, query, headers) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), WAIT_MS);
  try {
    const response = await fetch(`${server.url}${HUB_PATH}?${query}`, { headers, signal: controller.signal });
    return response.status;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

describe('transports × hub protocols × clients', { timeout: 180_000 }, () => {
  const { server, hubs, users: { alice, bob } } = useHubServer({ users: ['alice', 'bob'] });

  test('negotiate offers WebSockets, Server-Sent Events and long polling, in that order', async () => {
    const v1 = await negotiate(server.url, alice.token);
    assert.equal(v1.status, 200, v1.text);
    assert.deepEqual(v1.body.availableTransports, ALL_TRANSPORTS, v1.text);
    // @aspnet/signalr 1.1.4 negotiates without a version, and uses the connectionId as `id=`.
    const v0 = await negotiate(server.url, alice.token, null);
    assert.equal(v0.status, 200, v0.text);
    assert.deepEqual(v0.body.availableTransports, ALL_TRANSPORTS, v0.text);
  });

  for (const [one, other] of CASES) {
    test(`${caseName(one)}, with ${caseName(other)} in the group`, async () => {
      const groupId = await createSharedGroup(server.url, alice, bob);
      const a = await open(hubs, alice, one);
      const b = await open(hubs, bob, other);
      for (const [client, spec] of [[a, one], [b, other]]) {
        assert.equal(client.transportName, spec.transport, `${client.label}: the transport in use`);
      }
      await a.invoke('ConnectToGroup', groupId);
      await b.invoke('ConnectToGroup', groupId);

      const fromA = await a.invoke('SendMessage', groupId, `from ${one.transport}/${one.protocol}`);
      const fromB = await b.invoke('SendMessage', groupId, 'two lines:\nsecond «✓» line');
      const stored = await history(server.url, alice.token, groupId);
      assert.equal(stored.length, 2, `history: ${JSON.stringify(stored)}`);
      assertMessageDto(stored[0], { groupId, seq: 1, playerId: alice.id, playerName: alice.userName,
                                    message: `from ${one.transport}/${one.protocol}` }, 'stored #1');
      assertMessageDto(stored[1], { groupId, seq: 2, playerId: bob.id, playerName: bob.userName,
                                    message: 'two lines:\nsecond «✓» line' }, 'stored #2');
      assertSameMessage(fromA, stored[0], one.protocol, `${a.label}: SendMessage result`);
      assertSameMessage(fromB, stored[1], other.protocol, `${b.label}: SendMessage result`);

      await a.waitForSeq(groupId, 2);
      await b.waitForSeq(groupId, 2);
      await sleep(SETTLE_MS);
      for (const [client, spec] of [[a, one], [b, other]]) {
        assert.equal(client.received.length, 2, `each message exactly once: ${client.describe()}`);
        for (const args of client.events) {
          assert.equal(args.length, 1, `${client.label}: MessageReceived has one argument`);
        }
        assertSameMessage(client.received[0], stored[0], spec.protocol, `${client.label}: MessageReceived #1`);
        assertSameMessage(client.received[1], stored[1], spec.protocol, `${client.label}: MessageReceived #2`);
      }

      // stop() ends each transport its own way (a long poll's DELETE, the event stream
      // closed, a WebSocket Close); none of them may surface as an error.
      await a.stop();
      await b.stop();
      for (const client of [a, b]) {
        assert.ok(client.closed, `${client.label}: onclose after stop()`);
        assert.equal(client.closeError, undefined, `${client.label}: closed with ${client.closeError}`);
      }
    });
  }
});

describe('--hub-transports LongPolling', { timeout: 60_000 }, () => {
  const { server, hubs, users: { carol } } = useHubServer({
    users: ['carol'], serverArgs: ['--hub-transports', 'LongPolling'],
  });

  test('negotiate offers long polling only, both clients fall back to it, the others are refused', async () => {
    const v1 = await negotiate(server.url, carol.token);
    assert.equal(v1.status, 200, v1.text);
    assert.deepEqual(v1.body.availableTransports, [ALL_TRANSPORTS[2]], v1.text);

    const groupId = await createSharedGroup(server.url, carol);
    // No transport option: each client tries what negotiate lists.
    const modern = await hubs.connect(carol.token, { label: '@microsoft/signalr 10, any transport' });
    const old = await hubs.connectAspNet(carol.token, { label: '@aspnet/signalr 1.1.4, any transport' });
    for (const client of [modern, old]) {
      assert.equal(client.transportName, 'LongPolling', `${client.label}: the transport in use`);
      await client.invoke('ConnectToGroup', groupId);
    }
    const dto = await restSend(server.url, carol.token, groupId, 'over long polling only');
    for (const client of [modern, old]) {
      assert.deepEqual(await client.waitForMessage(dto.messageId), dto, client.label);
    }

    // The transports left out are refused on their own requests too, as ASP.NET does (404).
    let upgrade;
    try {
      upgrade = await RawHub.open(server, carol.token, { label: 'WebSocket on a long-polling-only hub' });
    } catch (error) {
      assert.equal(error.statusCode, 404, `WebSocket upgrade: ${error.message}`);
    }
    if (upgrade) {
      upgrade.close();
      assert.fail('the WebSocket upgrade was accepted by a hub that offers long polling only');
    }
    const token = (await negotiate(server.url, carol.token)).body.connectionToken;
    const status = await withTimeout(getStatus(server, `id=${token}&access_token=${encodeURIComponent(carol.token)}`,
                                               { accept: 'text/event-stream' }), 'SSE GET');
    assert.equal(status, 404, 'Server-Sent Events GET on a long-polling-only hub');
  });

});
