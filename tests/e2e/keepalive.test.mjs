// Keep-alive and timeouts on /MessageHub, as the official clients rely on them: the server
// pings a connection it has sent nothing to for the keep-alive interval, and closes, with a
// reconnectable Close message, a client it has heard nothing from for the client timeout.
// Short intervals (1 s and 3 s) keep the suite quick.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { useHubServer } from './hub.mjs';

const PING = { type: 6 };

describe('hub keep-alive and client timeout', { timeout: 60_000 }, () => {
  const { hubs, users: { quiet: user } } = useHubServer({
    users: ['quiet'],
    serverArgs: ['--hub-keep-alive', '1', '--hub-client-timeout', '3'],
  });

  test('a connection sent nothing for the keep-alive interval gets pings', async () => {
    const raw = await hubs.openRaw(user.token, { label: 'pinging client' });
    await raw.handshake();
    // The client pings twice a second, so it is never timed out; the server, with nothing
    // else to send, pings about once a second.
    const clientPings = setInterval(() => raw.sendRecords(PING), 500);
    try {
      const pings = () => raw.records.filter((r) => r.type === 6).length;
      await raw.next(() => pings() >= 3, 'three pings from the server', { timeout: 8_000 });
      assert.equal(raw.closed, false, 'a client that pings was closed');
    } finally {
      clearInterval(clientPings);
    }
  });

  test('a silent client is closed with a reconnectable Close message', async () => {
    const raw = await hubs.openRaw(user.token, { label: 'silent client' });
    await raw.handshake();
    const opened = Date.now();
    const close = await raw.next((r) => r.type === 7, 'a Close message', { timeout: 10_000 });
    const waited = Date.now() - opened;
    assert.match(close.error ?? '', /timeout/i, JSON.stringify(close));
    assert.equal(close.allowReconnect, true, JSON.stringify(close));
    assert.ok(waited >= 2_000, `closed after ${waited} ms, before the 3 s client timeout`);
    await raw.waitClosed(8_000);
  });

  test('a connection that pings in time stays open past the client timeout', async () => {
    const raw = await hubs.openRaw(user.token, { label: 'live client' });
    await raw.handshake();
    const clientPings = setInterval(() => raw.sendRecords(PING), 1_000);
    try {
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      assert.equal(raw.closed, false, 'a client that pings every second was closed');
      assert.equal(raw.records.filter((r) => r.type === 7).length, 0, 'a Close message came');
    } finally {
      clearInterval(clientPings);
    }
  });
});
