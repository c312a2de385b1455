// POST /api/Accounts: registration, validation and request-body errors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  DEFAULT_PASSWORD, expectError, login, register, registerRaw, request, startServer, uniqueName,
} from './server.mjs';

const profile = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' };

describe('accounts', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });

  test('register returns a positive id, different for each user', async () => {
    const first = await registerRaw(server.url, {
      ...profile, userName: uniqueName('reg'), password: DEFAULT_PASSWORD,
    });
    assert.equal(first.status, 200, first.text);
    assert.match(first.headers.get('content-type'), /^application\/json/);
    assert.deepEqual(Object.keys(first.body), ['id']);
    assert.ok(Number.isInteger(first.body.id) && first.body.id > 0, first.text);

    const second = await register(server.url, uniqueName('reg'));
    assert.notEqual(second, first.body.id);
  });

  test('the lower-case `username` key of the Angular client is accepted', async () => {
    const userName = uniqueName('lower');
    const response = await registerRaw(server.url, {
      firstName: 'A', lastName: 'B', username: userName, email: 'a@b.c', password: DEFAULT_PASSWORD,
    });
    assert.equal(response.status, 200, response.text);
    assert.ok(response.body.id > 0);
    // The account really carries that name: it can log in with it.
    assert.equal(typeof (await login(server.url, userName)), 'string');
  });

  test('a user name taken in another case is a conflict', async () => {
    const userName = uniqueName('Dup');
    await register(server.url, userName);
    for (const variant of [userName, userName.toUpperCase(), userName.toLowerCase()]) {
      const response = await registerRaw(server.url, {
        ...profile, userName: variant, password: DEFAULT_PASSWORD,
      });
      expectError(response, 409, `register ${variant}`);
    }
  });

  test('user names with characters outside a-zA-Z0-9-._@+ are rejected', async () => {
    for (const userName of ['has space', 'semi;colon', 'slash/name', 'quote"name', 'tab\tname',
                            'ünïcödé', 'angle<b>']) {
      const response = await registerRaw(server.url, {
        ...profile, userName, password: DEFAULT_PASSWORD,
      });
      expectError(response, 400, `userName ${JSON.stringify(userName)}`);
    }
  });

  test('every allowed punctuation character is accepted', async () => {
    await register(server.url, `a-b.c_d@e+${uniqueName('p')}`);
  });

  test('user names must be 3 to 64 characters', async () => {
    for (const userName of ['', 'ab', 'x'.repeat(65)]) {
      const response = await registerRaw(server.url, {
        ...profile, userName, password: DEFAULT_PASSWORD,
      });
      expectError(response, 400, `userName of ${userName.length} characters`);
    }
    // Each server starts with an empty database, so these fixed names are free.
    await register(server.url, 'a_3');
    await register(server.url, 'L'.repeat(64));
  });

  test('passwords shorter than 8 characters are rejected', async () => {
    for (const password of ['', '1234567']) {
      const response = await registerRaw(server.url, {
        ...profile, userName: uniqueName('pw'), password,
      });
      expectError(response, 400, `password of ${password.length} characters`);
    }
    await register(server.url, uniqueName('pw8'), '12345678');
  });

  test('missing user name or password is rejected', async () => {
    expectError(await registerRaw(server.url, { ...profile, password: DEFAULT_PASSWORD }), 400);
    expectError(await registerRaw(server.url, { ...profile, userName: uniqueName('nopw') }), 400);
  });

  test('fields of the wrong JSON type are rejected', async () => {
    const response = await registerRaw(server.url, {
      ...profile, userName: 12345, password: DEFAULT_PASSWORD,
    });
    expectError(response, 400, 'numeric userName');
  });

  test('a missing body is a bad request', async () => {
    const response = await request(server.url, 'POST', '/api/Accounts', {
      headers: { 'content-type': 'application/json' },
    });
    expectError(response, 400, 'no body');
  });

  test('a body that is not valid JSON is a bad request', async () => {
    for (const body of ['{"userName": "x", ', 'not json', '{"userName": }']) {
      const response = await request(server.url, 'POST', '/api/Accounts', {
        body, headers: { 'content-type': 'application/json' },
      });
      expectError(response, 400, `body ${body}`);
    }
  });

  test('a JSON body that is not an object is a bad request', async () => {
    for (const body of ['[]', '"text"', '42', 'null']) {
      const response = await request(server.url, 'POST', '/api/Accounts', {
        body, headers: { 'content-type': 'application/json' },
      });
      expectError(response, 400, `body ${body}`);
    }
  });

  test('a body that is not application/json is an unsupported media type', async () => {
    const json = JSON.stringify({ ...profile, userName: uniqueName('txt'), password: DEFAULT_PASSWORD });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const response = await request(server.url, 'POST', '/api/Accounts', {
        body: json, headers: { 'content-type': type },
      });
      expectError(response, 415, type);
    }
    // "application/json; charset=utf-8" is still JSON.
    const response = await request(server.url, 'POST', '/api/Accounts', {
      body: json, headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    assert.equal(response.status, 200, response.text);
  });
});

describe('accounts with --max-body-bytes 1024', () => {
  let server;
  before(async () => { server = await startServer(['--max-body-bytes', '1024']); });
  after(async () => { await server?.stop(); });

  test('a 2 KB body is too large', async () => {
    const response = await registerRaw(server.url, {
      ...profile, firstName: 'x'.repeat(2048), userName: uniqueName('big'), password: DEFAULT_PASSWORD,
    });
    expectError(response, 413, '2 KB body');
  });

  test('a body under the limit is still accepted', async () => {
    await register(server.url, uniqueName('small'));
  });
});

describe('registrations per address (--register-burst 3 --register-per-minute 1)', () => {
  let server;
  before(async () => {
    server = await startServer(['--register-burst', '3', '--register-per-minute', '1']);
  });
  after(async () => { await server?.stop(); });

  test('requests that break a rule spend nothing; past the burst, 429 with Retry-After', async () => {
    // Refused before the hash, these leave the three registrations of the burst untouched.
    for (let i = 0; i < 5; i += 1) {
      const invalid = await registerRaw(server.url, { ...profile, userName: 'x', password: 'short' });
      expectError(invalid, 400, 'an invalid registration');
    }
    for (let i = 0; i < 3; i += 1) await register(server.url, uniqueName('burst'));
    const refused = await registerRaw(server.url, {
      ...profile, userName: uniqueName('burst'), password: DEFAULT_PASSWORD,
    });
    expectError(refused, 429, 'the fourth registration');
    assert.match(refused.body.message, /registrations/i);
    assert.ok(Number(refused.headers.get('retry-after')) > 0, 'Retry-After');
  });
});

describe('the hashing queue (--hashing-queue 1)', () => {
  let server;
  before(async () => { server = await startServer(['--hashing-queue', '1']); });
  after(async () => { await server?.stop(); });

  test('registrations past the queue get 503 at once, and other requests are served', async () => {
    const attempts = Array.from({ length: 8 }, () => registerRaw(server.url, {
      ...profile, userName: uniqueName('queue'), password: DEFAULT_PASSWORD,
    }));
    // A request that hashes nothing meanwhile: it does not wait behind the hashing.
    const health = await request(server.url, 'GET', '/healthz');
    assert.equal(health.status, 200, health.text);
    const outcomes = await Promise.all(attempts);
    const busy = outcomes.filter((r) => r.status === 503);
    const created = outcomes.filter((r) => r.status === 200);
    assert.equal(busy.length + created.length, outcomes.length,
                 outcomes.map((r) => `${r.status} ${r.text}`).join('\n'));
    assert.ok(busy.length > 0, 'some registrations found the queue full');
    assert.ok(created.length > 0, 'some registrations were served');
    for (const response of busy) {
      expectError(response, 503, 'a registration past the queue');
      assert.equal(response.headers.get('retry-after'), '1');
    }
    // Once the queue has room, registration works again.
    await register(server.url, uniqueName('queue'));
  });
});

describe('--min-password-length 6, for people whose original client asked for 6', () => {
  let server;
  before(async () => { server = await startServer(['--min-password-length', '6']); });
  after(async () => { await server?.stop(); });

  test('six characters register and log in; five are refused with the limit named', async () => {
    const userName = uniqueName('six');
    await register(server.url, userName, '123456');
    assert.ok(await login(server.url, userName, '123456'));
    const response = await registerRaw(server.url, {
      ...profile, userName: uniqueName('five'), password: '12345',
    });
    expectError(response, 400, 'password of 5 characters');
    assert.match(response.body.message, /at least 6 characters/);
  });

  test('a length of 0 or past the longest password is refused at start', async () => {
    for (const length of ['0', '129']) {
      await assert.rejects(startServer(['--min-password-length', length]), /exited early/);
    }
  });
});
