// POST /api/Auth/login, /refresh and /logout.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';

import {
  DEFAULT_PASSWORD, expectError, loginSession, register, request, startServer, uniqueName,
} from './server.mjs';

const INVALID_LOGIN = { message: 'Invalid_Login' };

function loginRaw(url, json) {
  return request(url, 'POST', '/api/Auth/login', { json });
}
function refresh(url, refreshToken) {
  return request(url, 'POST', '/api/Auth/refresh', { json: { refreshToken } });
}
function logout(url, refreshToken) {
  return request(url, 'POST', '/api/Auth/logout', { json: { refreshToken } });
}
async function groupsStatus(url, token) {
  return (await request(url, 'GET', '/api/Groups', { token })).status;
}

// A WebSocket upgrade of /MessageHub with the token in the query, as browsers send it:
// the status the server answers with (101 when it accepts).
function hubUpgrade(url, token) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/MessageHub?access_token=${encodeURIComponent(token)}`, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      },
    });
    req.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve({ status: response.statusCode, headers: response.headers });
    });
    req.on('response', (response) => {
      let text = '';
      response.on('data', (chunk) => { text += chunk; });
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

function assertSessionEnded(response, what) {
  expectError(response, 401, what);
  assert.equal(response.body.message, 'The session has ended', what);
  assert.match(response.headers.get('www-authenticate') ?? '',
               /^Bearer error="invalid_token", error_description="The session has ended"$/, what);
}

function assertSession(response) {
  assert.equal(response.status, 200, response.text);
  assert.match(response.headers.get('content-type'), /^application\/json/);
  const { accessToken, refreshToken } = response.body;
  assert.equal(typeof accessToken, 'object', response.text);
  assert.equal(typeof accessToken.token, 'string');
  assert.equal(accessToken.token.split('.').length, 3, 'a JWT has three parts');
  assert.equal(accessToken.expiresIn, 7200);
  assert.equal(typeof refreshToken, 'string');
  assert.ok(refreshToken.length >= 20, 'refresh token has enough entropy');
  return response.body;
}

function assertInvalidLogin(response, what) {
  assert.equal(response.status, 401, `${what}: ${response.text}`);
  assert.match(response.headers.get('content-type'), /^application\/json/);
  assert.deepEqual(response.body, INVALID_LOGIN, what);
}

describe('login', () => {
  let server;
  let userName; // logs in successfully
  let victim; // gets the failed attempts, so that userName stays far from the rate limit
  before(async () => {
    server = await startServer();
    userName = uniqueName('login');
    victim = uniqueName('victim');
    await Promise.all([register(server.url, userName), register(server.url, victim)]);
  });
  after(async () => { await server?.stop(); });

  test('valid credentials give an access token and a refresh token', async () => {
    const session = assertSession(await loginRaw(server.url, { userName, password: DEFAULT_PASSWORD }));
    const [header, payload] = session.accessToken.token.split('.')
      .slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    assert.equal(header.alg, 'HS256');
    assert.equal(payload.sub, userName);
    assert.equal(payload.exp - payload.nbf, 7200);
    assert.equal(await groupsStatus(server.url, session.accessToken.token), 200);
  });

  test('the lower-case `username` key and a differently cased name work', async () => {
    assertSession(await loginRaw(server.url, { username: userName, password: DEFAULT_PASSWORD }));
    assertSession(await loginRaw(server.url, {
      userName: userName.toUpperCase(), password: DEFAULT_PASSWORD,
    }));
  });

  test('each login gets its own refresh token', async () => {
    const first = assertSession(await loginRaw(server.url, { userName, password: DEFAULT_PASSWORD }));
    const second = assertSession(await loginRaw(server.url, { userName, password: DEFAULT_PASSWORD }));
    assert.notEqual(first.refreshToken, second.refreshToken);
  });

  test('a wrong password is Invalid_Login', async () => {
    assertInvalidLogin(await loginRaw(server.url, { userName: victim, password: 'wrong-password' }),
                       'wrong password');
    assertInvalidLogin(await loginRaw(server.url, {
      userName: victim, password: DEFAULT_PASSWORD.toUpperCase(),
    }), 'password in another case');
  });

  test('an unknown user is Invalid_Login', async () => {
    assertInvalidLogin(await loginRaw(server.url, {
      userName: uniqueName('nobody'), password: DEFAULT_PASSWORD,
    }), 'unknown user');
  });

  test('empty or missing fields are Invalid_Login', async () => {
    assertInvalidLogin(await loginRaw(server.url, { userName: '', password: '' }), 'both empty');
    assertInvalidLogin(await loginRaw(server.url, { userName: victim, password: '' }),
                       'empty password');
    assertInvalidLogin(await loginRaw(server.url, { userName: '', password: DEFAULT_PASSWORD }),
                       'empty user name');
    assertInvalidLogin(await loginRaw(server.url, { userName: victim }), 'missing password');
    assertInvalidLogin(await loginRaw(server.url, {}), 'empty object');
  });

  test('a body that is not JSON is rejected', async () => {
    const response = await request(server.url, 'POST', '/api/Auth/login', {
      body: 'userName=x&password=y', headers: { 'content-type': 'application/json' },
    });
    expectError(response, 400, 'invalid JSON');
  });
});

describe('login rate limit (--login-burst 3 --login-per-minute 1)', () => {
  let server;
  before(async () => {
    server = await startServer(['--login-burst', '3', '--login-per-minute', '1']);
  });
  after(async () => { await server?.stop(); });

  test('the 4th attempt for a name within the burst is refused with Retry-After', async () => {
    const userName = uniqueName('limited');
    await register(server.url, userName);
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      assertInvalidLogin(await loginRaw(server.url, { userName, password: 'wrong-password' }),
                         `attempt ${attempt}`);
    }
    const limited = await loginRaw(server.url, { userName, password: 'wrong-password' });
    expectError(limited, 429, 'attempt 4');
    const retryAfter = limited.headers.get('retry-after');
    assert.match(retryAfter ?? '', /^\d+$/, `Retry-After: ${retryAfter}`);
    assert.ok(Number(retryAfter) >= 1 && Number(retryAfter) <= 60, `Retry-After: ${retryAfter}`);

    // The right password does not get around the limit...
    expectError(await loginRaw(server.url, { userName, password: DEFAULT_PASSWORD }), 429,
                'right password while limited');
    // ...nor does another spelling of the same name.
    expectError(await loginRaw(server.url, {
      userName: userName.toUpperCase(), password: DEFAULT_PASSWORD,
    }), 429, 'name in upper case while limited');
  });

  test('the limit is per user name: another user can still log in', async () => {
    const userName = uniqueName('free');
    await register(server.url, userName);
    assertSession(await loginRaw(server.url, { userName, password: DEFAULT_PASSWORD }));
  });
});

describe('behind a trusted proxy (--trusted-proxies 127.0.0.1)', () => {
  let server;
  before(async () => {
    server = await startServer(['--trusted-proxies', '127.0.0.1', '--login-burst', '1',
                                '--login-per-minute', '1']);
  });
  after(async () => { await server?.stop(); });

  const attempt = (forwardedFor) => request(server.url, 'POST', '/api/Auth/login', {
    json: { userName: uniqueName('nobody'), password: 'wrong-password' },
    headers: { 'x-forwarded-for': forwardedFor },
  });

  test('login limits per address count the client the proxy names, not the proxy', async () => {
    // Per address, five times the burst; each attempt under a fresh user name.
    for (let i = 1; i <= 5; i += 1) {
      assertInvalidLogin(await attempt('198.51.100.1'), `attempt ${i} from 198.51.100.1`);
    }
    expectError(await attempt('198.51.100.1'), 429, 'sixth attempt from 198.51.100.1');
    // Another client behind the same proxy is not limited by the first.
    assertInvalidLogin(await attempt('198.51.100.2'), 'first attempt from 198.51.100.2');
    // A client's own entry at the left is not believed: the proxy appended the real one.
    expectError(await attempt('203.0.113.7, 198.51.100.1'), 429, 'spoofed entry ignored');
  });

  test('wrong passwords from many addresses cannot lock the name\'s owner out', async () => {
    const victim = uniqueName('victim');
    await register(server.url, victim);
    const login = (password, forwardedFor) => request(server.url, 'POST', '/api/Auth/login', {
      json: { userName: victim, password }, headers: { 'x-forwarded-for': forwardedFor },
    });
    const statuses = [];
    for (let i = 1; i <= 12; i += 1) {
      statuses.push((await login('wrong-password', `192.0.2.${i}`)).status);
    }
    assert.ok(statuses.every((status) => status === 401 || status === 429), `${statuses}`);
    assert.ok(statuses.includes(429), `the name's limit slows the guesses: ${statuses}`);
    assertSession(await login(DEFAULT_PASSWORD, '192.0.2.100'));
  });
});

describe('refresh and logout', () => {
  let server;
  let userName;
  before(async () => {
    server = await startServer();
    userName = uniqueName('refresh');
    await register(server.url, userName);
  });
  after(async () => { await server?.stop(); });

  test('refresh rotates both tokens and the old refresh token stops working', async () => {
    const first = await loginSession(server.url, userName);
    const rotated = assertSession(await refresh(server.url, first.refreshToken));
    assert.notEqual(rotated.refreshToken, first.refreshToken);
    assert.notEqual(rotated.accessToken.token, first.accessToken.token);
    assert.equal(await groupsStatus(server.url, rotated.accessToken.token), 200);

    expectError(await refresh(server.url, first.refreshToken), 401, 'used refresh token');
  });

  test('a rotated refresh token can itself be refreshed', async () => {
    const first = await loginSession(server.url, userName);
    const second = assertSession(await refresh(server.url, first.refreshToken));
    const third = assertSession(await refresh(server.url, second.refreshToken));
    assert.notEqual(third.refreshToken, second.refreshToken);
  });

  test('reusing a used refresh token revokes its whole family', async () => {
    const other = await loginSession(server.url, userName);
    const first = await loginSession(server.url, userName);
    const second = assertSession(await refresh(server.url, first.refreshToken));

    expectError(await refresh(server.url, first.refreshToken), 401, 'reuse');
    expectError(await refresh(server.url, second.refreshToken), 401, 'newer token after reuse');
    // Another login of the same user is another family and is not affected.
    assertSession(await refresh(server.url, other.refreshToken));
  });

  test('unknown or empty refresh tokens are unauthorized', async () => {
    expectError(await refresh(server.url, 'bm90LWEtcmVhbC10b2tlbi1ub3QtYS1yZWFsLXRva2Vu'), 401,
                'unknown token');
    expectError(await refresh(server.url, ''), 401, 'empty token');
    expectError(await request(server.url, 'POST', '/api/Auth/refresh', { json: {} }), 401,
                'missing token');
  });

  test('logout answers 204 and the refresh token no longer works', async () => {
    const session = await loginSession(server.url, userName);
    const response = await logout(server.url, session.refreshToken);
    assert.equal(response.status, 204, response.text);
    assert.equal(response.text, '');
    expectError(await refresh(server.url, session.refreshToken), 401, 'refresh after logout');
  });

  test('logout ends the access token at once, on REST and on the hub', async () => {
    const session = await loginSession(server.url, userName);
    const other = await loginSession(server.url, userName);
    const token = session.accessToken.token;
    assert.equal(await groupsStatus(server.url, token), 200, 'before logout');
    assert.equal((await hubUpgrade(server.url, token)).status, 101, 'hub upgrade before logout');

    assert.equal((await logout(server.url, session.refreshToken)).status, 204);
    assertSessionEnded(await request(server.url, 'GET', '/api/Groups', { token }), 'REST after logout');
    assertSessionEnded(await request(server.url, 'POST', '/MessageHub/negotiate?negotiateVersion=1',
                                     { token }), 'negotiate after logout');
    const upgrade = await hubUpgrade(server.url, token);
    assert.equal(upgrade.status, 401, `hub upgrade after logout: ${upgrade.status} ${upgrade.text}`);
    assert.equal(JSON.parse(upgrade.text).message, 'The session has ended');
    assert.match(upgrade.headers['www-authenticate'] ?? '', /The session has ended/);

    // Another login of the same user is another session.
    assert.equal(await groupsStatus(server.url, other.accessToken.token), 200, 'other session');
    assert.equal((await hubUpgrade(server.url, other.accessToken.token)).status, 101);
  });

  test('a logged-out session stays ended: the tokens that a refresh gave end with it', async () => {
    const first = await loginSession(server.url, userName);
    const rotated = assertSession(await refresh(server.url, first.refreshToken));
    assert.equal((await logout(server.url, rotated.refreshToken)).status, 204);
    for (const token of [first.accessToken.token, rotated.accessToken.token]) {
      assertSessionEnded(await request(server.url, 'GET', '/api/Groups', { token }), 'after logout');
    }
  });

  test('reusing a refresh token ends the access tokens of its session', async () => {
    const first = await loginSession(server.url, userName);
    const second = assertSession(await refresh(server.url, first.refreshToken));
    assert.equal(await groupsStatus(server.url, second.accessToken.token), 200);
    expectError(await refresh(server.url, first.refreshToken), 401, 'reuse');
    assertSessionEnded(await request(server.url, 'GET', '/api/Groups',
                                     { token: second.accessToken.token }), 'after reuse');
  });

  test('access tokens carry the session id, not the refresh-token family', async () => {
    const session = await loginSession(server.url, userName);
    const payload = JSON.parse(Buffer.from(session.accessToken.token.split('.')[1], 'base64url'));
    assert.match(payload.sid, /^[0-9a-f]{32}$/);
    assert.ok(!session.accessToken.token.includes(session.refreshToken));
  });
});
