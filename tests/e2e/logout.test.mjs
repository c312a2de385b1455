// Logout ends the session everywhere at once: its open hub connections are closed with an
// error (and may not reconnect), while another session of the same user stays connected.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { loginSession, request } from '../integration/server.mjs';
import { waitFor, useHubServer } from './hub.mjs';

const SESSION_ENDED = 'Connection closed with an error. The session has ended.';

function logout(url, refreshToken) {
  return request(url, 'POST', '/api/Auth/logout', { json: { refreshToken } });
}

describe('logout closes the session\'s hub connections', { timeout: 60_000 }, () => {
  const { server, hubs, users: { ender: user } } = useHubServer({ users: ['ender'] });

  test('@microsoft/signalr connections of the session close; another session stays', async () => {
    const ending = await loginSession(server.url, user.userName);
    const staying = await loginSession(server.url, user.userName);
    const token = ending.accessToken.token;
    const negotiated = await hubs.connect(token, { label: 'ending session' });
    const direct = await hubs.connect(token, { label: 'ending session, skipNegotiation', skipNegotiation: true });
    const other = await hubs.connect(staying.accessToken.token, { label: 'other session' });
    const raw = await hubs.openRaw(token, { label: 'ending session, raw' });
    await raw.handshake();

    assert.equal((await logout(server.url, ending.refreshToken)).status, 204);

    for (const client of [negotiated, direct]) {
      await waitFor(() => client.closed, () => `${client.label} to be closed: ${client.describe()}`);
      assert.match(String(client.closeError?.message), /The session has ended/,
                   `${client.label}: close error`);
    }
    const close = await raw.next((r) => r.type === 7, 'the Close message');
    // allowReconnect is left out when false, as ASP.NET writes it: the client must not retry.
    assert.deepEqual(close, { type: 7, error: SESSION_ENDED });
    await raw.waitClosed();

    assert.equal(other.closed, false, `the other session was closed: ${other.closeError?.message}`);
    const id = await other.invoke('GetConnectionId');
    assert.ok(typeof id === 'string' && id.length > 0);
  });
});
