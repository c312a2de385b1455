// Bearer token checks on a protected route (GET /api/Groups). A crafted valid token must be
// accepted, so that each rejection below is caused by the one thing that is wrong with it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  expectError, login, register, request, signJwt, startServer, uniqueName, validClaims,
} from './server.mjs';

const HS256 = { alg: 'HS256', typ: 'JWT' };
const WRONG_KEY = 'not-the-server-key-but-long-enough-for-hs256-0123';

function getGroups(url, headers) {
  return request(url, 'GET', '/api/Groups', { headers });
}

function assertRejected(response, what) {
  expectError(response, 401, what);
  const challenge = response.headers.get('www-authenticate');
  assert.ok(challenge?.startsWith('Bearer'), `${what}: WWW-Authenticate is ${challenge}`);
}

describe('JWT bearer authentication', () => {
  let server;
  let user;
  let now;
  const bearer = (token) => ({ authorization: `Bearer ${token}` });
  const claims = (overrides) => validClaims(user.id, user.userName, overrides);

  before(async () => {
    server = await startServer();
    const userName = uniqueName('jwt');
    user = { userName, id: await register(server.url, userName) };
    user.token = await login(server.url, userName);
    now = Math.floor(Date.now() / 1000);
  });
  after(async () => { await server?.stop(); });

  test('a token from login is accepted', async () => {
    const response = await getGroups(server.url, bearer(user.token));
    assert.equal(response.status, 200, response.text);
    assert.ok(Array.isArray(response.body));
  });

  test('a crafted token with the right key and claims is accepted', async () => {
    const token = signJwt(HS256, claims());
    const response = await getGroups(server.url, bearer(token));
    assert.equal(response.status, 200, response.text);
    assert.ok(Array.isArray(response.body));
  });

  test('the scheme name is case-insensitive', async () => {
    for (const scheme of ['bearer', 'BEARER']) {
      const response = await getGroups(server.url, { authorization: `${scheme} ${user.token}` });
      assert.equal(response.status, 200, `${scheme}: ${response.text}`);
    }
  });

  test('no Authorization header', async () => {
    assertRejected(await getGroups(server.url, {}), 'no header');
  });

  test('another scheme or an empty bearer token', async () => {
    assertRejected(await getGroups(server.url, { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }),
                   'Basic scheme');
    assertRejected(await getGroups(server.url, { authorization: 'Bearer' }), 'Bearer alone');
    assertRejected(await getGroups(server.url, { authorization: 'Bearer ' }), 'Bearer and a space');
    assertRejected(await getGroups(server.url, { authorization: user.token }), 'token without scheme');
  });

  test('malformed tokens', async () => {
    for (const token of ['not-a-jwt', 'a.b.c', 'a.b', `${user.token}.extra`, '...',
                         `${Buffer.from('{').toString('base64url')}.e30.sig`]) {
      assertRejected(await getGroups(server.url, bearer(token)), `malformed ${token}`);
    }
  });

  test('alg none (unsigned)', async () => {
    const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims())}.`;
    assertRejected(await getGroups(server.url, bearer(unsigned)), 'alg none');
    // alg none, but still carrying a valid HS256 signature.
    const signature = signJwt(HS256, claims()).split('.')[2];
    assertRejected(await getGroups(server.url, bearer(`${unsigned}${signature}`)), 'alg none, signed');
  });

  test('HS512 signed with the right key', async () => {
    const token = signJwt({ alg: 'HS512', typ: 'JWT' }, claims(), { hash: 'sha512' });
    assertRejected(await getGroups(server.url, bearer(token)), 'HS512');
  });

  test('HS256 signed with a wrong key', async () => {
    const token = signJwt(HS256, claims(), { key: WRONG_KEY });
    assertRejected(await getGroups(server.url, bearer(token)), 'wrong key');
  });

  test('a payload changed after signing', async () => {
    const [header, , signature] = signJwt(HS256, claims()).split('.');
    const forged = Buffer.from(JSON.stringify(claims({ sub: 'someone-else' }))).toString('base64url');
    assertRejected(await getGroups(server.url, bearer(`${header}.${forged}.${signature}`)),
                   'tampered payload');
  });

  test('expired (exp in the past)', async () => {
    const token = signJwt(HS256, claims({ iat: now - 7300, nbf: now - 7300, exp: now - 100 }));
    assertRejected(await getGroups(server.url, bearer(token)), 'expired');
  });

  test('not yet valid (nbf in the future)', async () => {
    const token = signJwt(HS256, claims({ nbf: now + 600, exp: now + 1200 }));
    assertRejected(await getGroups(server.url, bearer(token)), 'nbf in the future');
  });

  test('wrong issuer', async () => {
    for (const iss of ['webApi', 'chatserver', '']) {
      const token = signJwt(HS256, claims({ iss }));
      assertRejected(await getGroups(server.url, bearer(token)), `iss ${iss}`);
    }
    const { iss, ...withoutIssuer } = claims();
    assertRejected(await getGroups(server.url, bearer(signJwt(HS256, withoutIssuer))), 'no iss');
  });

  test('wrong audience', async () => {
    for (const aud of ['http://localhost:5000/', 'chatserver', ['someone-else']]) {
      const token = signJwt(HS256, claims({ aud }));
      assertRejected(await getGroups(server.url, bearer(token)), `aud ${aud}`);
    }
    const { aud, ...withoutAudience } = claims();
    assertRejected(await getGroups(server.url, bearer(signJwt(HS256, withoutAudience))), 'no aud');
  });

  test('missing exp', async () => {
    const { exp, ...withoutExpiry } = claims();
    assertRejected(await getGroups(server.url, bearer(signJwt(HS256, withoutExpiry))), 'no exp');
  });

  test('the same checks apply to every protected route', async () => {
    const expired = signJwt(HS256, claims({ nbf: now - 7300, exp: now - 100 }));
    const routes = [
      ['POST', '/api/Groups', { name: 'x' }],
      ['POST', '/api/Groups/groups/1/player', {}],
      ['DELETE', '/api/Groups/groups/1/player', undefined],
      ['POST', '/api/Messages/groups/1', { message: 'x' }],
      ['GET', '/api/Messages/groups/1', undefined],
    ];
    for (const [method, path, json] of routes) {
      assertRejected(await request(server.url, method, path, { json }), `${method} ${path} no token`);
      assertRejected(await request(server.url, method, path, { json, token: expired }),
                     `${method} ${path} expired`);
    }
  });
});
