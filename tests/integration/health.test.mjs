// GET /healthz and /readyz (draining: tests/e2e/drain.test.mjs), unknown paths, and CORS (--cors-origins).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { expectError, request, startServer } from './server.mjs';

const ALLOWED = 'http://localhost:4200';
const OTHER = 'http://evil.example';

function preflight(url, path, origin, method = 'POST', headers = 'authorization,content-type') {
  return request(url, 'OPTIONS', path, {
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': headers,
    },
  });
}

describe('health and CORS', () => {
  let server;
  before(async () => { server = await startServer(['--cors-origins', ALLOWED]); });
  after(async () => { await server?.stop(); });

  test('GET /healthz reports the server and database as ok', async () => {
    const response = await request(server.url, 'GET', '/healthz');
    assert.equal(response.status, 200, response.text);
    assert.match(response.headers.get('content-type'), /^application\/json/);
    assert.deepEqual(response.body, { status: 'ok', database: 'ok' });
  });

  test('GET /readyz reports the node ready for traffic', async () => {
    const response = await request(server.url, 'GET', '/readyz');
    assert.equal(response.status, 200, response.text);
    assert.match(response.headers.get('content-type'), /^application\/json/);
    assert.deepEqual(response.body, { status: 'ready', database: 'ok' });
  });

  test('an unknown path is 404 with a JSON message', async () => {
    for (const path of ['/nope', '/api/Nope', '/api/Groups/extra/segments', '/healthz/x']) {
      expectError(await request(server.url, 'GET', path), 404, path);
    }
  });

  test('a preflight from an allowed origin is answered with 204 and that origin', async () => {
    for (const path of ['/api/Groups', '/api/Auth/login', '/api/Messages/groups/1']) {
      const response = await preflight(server.url, path, ALLOWED);
      assert.equal(response.status, 204, `${path}: ${response.text}`);
      assert.equal(response.headers.get('access-control-allow-origin'), ALLOWED, path);
      assert.equal(response.headers.get('access-control-allow-credentials'), 'true', path);
      assert.match(response.headers.get('access-control-allow-methods') ?? '', /POST/i, path);
      assert.match(response.headers.get('access-control-allow-headers') ?? '', /authorization/i,
                   path);
    }
  });

  test('a preflight is answered with the allowed headers, not an echo of the requested ones',
       async () => {
    const response = await preflight(server.url, '/api/Groups', ALLOWED, 'POST',
                                      'authorization,x-evil-header');
    assert.equal(response.status, 204, response.text);
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    assert.match(allowed, /authorization/);
    assert.match(allowed, /x-signalr-user-agent/);
    assert.doesNotMatch(allowed, /x-evil-header/);
  });

  test('a preflight from another origin gets no allow-origin header', async () => {
    const response = await preflight(server.url, '/api/Groups', OTHER);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    assert.notEqual(response.headers.get('access-control-allow-credentials'), 'true');
    assert.ok(response.status < 500, `status ${response.status}`);
  });

  test('a prefix or another scheme of the allowed origin is not allowed', async () => {
    for (const origin of ['http://localhost:42001', 'https://localhost:4200', 'http://localhost',
                          'null']) {
      const response = await preflight(server.url, '/api/Groups', origin);
      assert.equal(response.headers.get('access-control-allow-origin'), null, origin);
    }
  });

  test('simple requests echo only the allowed origin, never *', async () => {
    const allowed = await request(server.url, 'GET', '/healthz', { headers: { origin: ALLOWED } });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), ALLOWED);
    assert.equal(allowed.headers.get('access-control-allow-credentials'), 'true');

    const other = await request(server.url, 'GET', '/healthz', { headers: { origin: OTHER } });
    assert.equal(other.status, 200);
    assert.equal(other.headers.get('access-control-allow-origin'), null);

    const none = await request(server.url, 'GET', '/healthz');
    assert.notEqual(none.headers.get('access-control-allow-origin'), '*');
  });

  test('error responses carry the CORS headers too', async () => {
    const response = await request(server.url, 'GET', '/api/Groups', { headers: { origin: ALLOWED } });
    expectError(response, 401, 'no token');
    assert.equal(response.headers.get('access-control-allow-origin'), ALLOWED);
  });
});

describe('CORS without --cors-origins', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });

  test('no origin is allowed and * is never sent', async () => {
    const response = await preflight(server.url, '/api/Groups', ALLOWED);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    const simple = await request(server.url, 'GET', '/healthz', { headers: { origin: ALLOWED } });
    assert.equal(simple.headers.get('access-control-allow-origin'), null);
  });
});
