// /MessageHub authentication with @microsoft/signalr, and skipNegotiation over WebSockets.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { createGroup, signJwt, validClaims } from '../integration/server.mjs';
import {
  RawHub, assertMessageDto, negotiate, restSend, useHubServer,
} from './hub.mjs';

const HS256 = { alg: 'HS256', typ: 'JWT' };
const WRONG_KEY = 'not-the-server-key-but-long-enough-for-hs256-0123';

describe('hub authentication (@microsoft/signalr)', { timeout: 60_000 }, () => {
  const { server, hubs, users: { hubauth: user } } = useHubServer({ users: ['hubauth'] });

  const claims = (overrides) => validClaims(user.id, user.userName, overrides);

  async function assertStartRejects(token, what, options = {}) {
    let client;
    try {
      client = await hubs.connect(token, { label: what, ...options });
    } catch (error) {
      assert.doesNotMatch(String(error?.message), /no answer within/,
                          `${what}: start() should fail fast, not hang: ${error?.message}`);
      return error;
    }
    const id = await client.invoke('GetConnectionId').catch((e) => `(GetConnectionId failed: ${e.message})`);
    assert.fail(`${what}: start() should have been rejected, but the connection is up (id ${id})`);
  }

  test('control: a crafted token with the right key connects', async () => {
    const client = await hubs.connect(signJwt(HS256, claims()), { label: 'crafted valid token' });
    const id = await client.invoke('GetConnectionId');
    assert.ok(typeof id === 'string' && id.length > 0, `GetConnectionId returned ${JSON.stringify(id)}`);
  });

  const now = () => Math.floor(Date.now() / 1000);
  const badTokens = {
    'a token signed with another key': () => signJwt(HS256, claims(), { key: WRONG_KEY }),
    'an expired token': () => signJwt(HS256, claims({ iat: now() - 7300, nbf: now() - 7300, exp: now() - 100 })),
    'a malformed token': () => 'not-a-jwt',
  };

  for (const [what, makeToken] of Object.entries(badTokens)) {
    test(`${what}: negotiate answers 401 and start() rejects`, async () => {
      const token = makeToken();
      const response = await negotiate(server.url, token);
      assert.equal(response.status, 401, `negotiate with ${what}: ${response.status} ${response.text}`);
      const error = await assertStartRejects(token, what);
      assert.match(String(error?.message), /401|unauthori[sz]ed/i, `${what}: start() error`);
      await assertStartRejects(token, `${what} (skipNegotiation)`, { skipNegotiation: true });
    });
  }

  test('no token: negotiate answers 401 and start() rejects', async () => {
    const response = await negotiate(server.url, undefined);
    assert.equal(response.status, 401, `negotiate without a token: ${response.status} ${response.text}`);
    await assertStartRejects(undefined, 'no token');
    await assertStartRejects(undefined, 'no token (skipNegotiation)', { skipNegotiation: true });
  });

  test('a WebSocket upgrade with a bad access_token is refused', async () => {
    for (const [what, token] of [['wrong key', badTokens['a token signed with another key']()],
                                 ['expired', badTokens['an expired token']()],
                                 ['none', undefined]]) {
      let raw;
      try {
        raw = await RawHub.open(server, token, { negotiate: false, label: `raw upgrade, ${what} token` });
      } catch (error) {
        assert.ok(error.statusCode >= 400, `${what}: ${error.message}`);
        continue;
      }
      raw.close();
      assert.fail(`${what}: the WebSocket upgrade without a valid token was accepted`);
    }
  });

  test('skipNegotiation with the WebSockets transport works end to end', async () => {
    const groupId = await createGroup(server.url, user.token);
    const client = await hubs.connect(user.token, { label: 'skipNegotiation', skipNegotiation: true });
    const id = await client.invoke('GetConnectionId');
    assert.ok(typeof id === 'string' && id.length > 0, `GetConnectionId returned ${JSON.stringify(id)}`);
    await client.invoke('ConnectToGroup', groupId);
    const rest = await restSend(server.url, user.token, groupId, 'to a skipNegotiation client');
    assert.deepEqual(await client.waitForMessage(rest.messageId), rest);
    const viaHub = await client.invoke('SendMessage', groupId, 'from a skipNegotiation client');
    assertMessageDto(viaHub, { groupId, seq: rest.seq + 1, playerId: user.id, playerName: user.userName });
    assert.deepEqual(await client.waitForMessage(viaHub.messageId), viaHub);
    await client.stop();
  });
});
