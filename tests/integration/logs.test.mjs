// What the server logs: with --log-format json every line is one JSON object, and at any
// level no line carries a password, a token (access, refresh or negotiate) or message text.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  DEFAULT_PASSWORD, authed, createGroup, loginSession, newUser, request, sendMessage, startServer,
} from './server.mjs';

const MESSAGE_TEXT = 'the-message-text-that-stays-private';

/** Drives every kind of request that handles a secret: register, logins, refresh, sends, hub. */
async function handleSecrets(url) {
  const alice = await newUser(url, 'logs');
  const session = await loginSession(url, alice.userName);
  const refreshed = await request(url, 'POST', '/api/Auth/refresh', {
    json: { refreshToken: session.refreshToken },
  });
  assert.equal(refreshed.status, 200, refreshed.text);
  const wrong = await request(url, 'POST', '/api/Auth/login', {
    json: { userName: alice.userName, password: 'a-wrong-password-42' },
  });
  assert.equal(wrong.status, 401);
  const groupId = await createGroup(url, alice.token);
  assert.equal((await sendMessage(url, alice.token, groupId, MESSAGE_TEXT)).status, 200);
  // A token in the query string, as browsers send it to the hub, and a bad one.
  const negotiated = await request(url, 'POST', '/MessageHub/negotiate?negotiateVersion=1', {
    token: alice.token,
  });
  assert.equal(negotiated.status, 200, negotiated.text);
  const token = negotiated.body.connectionToken;
  const poll = await fetch(`${url}/MessageHub?id=${token}&access_token=${alice.token}`);
  await poll.arrayBuffer();
  await fetch(`${url}/MessageHub?id=${token}`, {
    method: 'POST', headers: { 'content-type': 'text/plain', ...authed(alice.token) },
    body: `{"protocol":"json","version":1}\x1e{"type":1,"invocationId":"1","target":"SendMessage","arguments":[${groupId},"${MESSAGE_TEXT}-hub"]}\x1e`,
  });
  await fetch(`${url}/MessageHub?id=${token}`, { method: 'DELETE', headers: authed(alice.token) });
  await request(url, 'GET', `/api/Groups?access_token=${alice.token}x`);
  return [DEFAULT_PASSWORD, 'a-wrong-password-42', alice.token, session.accessToken.token,
          session.refreshToken, refreshed.body.refreshToken, refreshed.body.accessToken.token,
          token, MESSAGE_TEXT];
}

describe('logs', () => {
  test('--log-format json writes one JSON object per line', async () => {
    const server = await startServer(['--log-format', 'json', '--log-level', 'debug']);
    await handleSecrets(server.url);
    await server.stop();
    const lines = server.logs().stdout.split('\n').filter(Boolean);
    const objects = lines.filter((line) => !line.startsWith('Now listening on: '));
    assert.ok(objects.length >= 10, `only ${objects.length} log lines`);
    for (const line of objects) {
      const entry = JSON.parse(line);
      assert.deepEqual(Object.keys(entry).slice(0, 4), ['time', 'level', 'thread', 'message'], line);
      assert.match(entry.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, line);
      assert.ok(['trace', 'debug', 'info', 'warning', 'error', 'critical'].includes(entry.level), line);
    }
    const entries = objects.map((line) => JSON.parse(line));
    const failedLogin = entries.find((e) => e.message.startsWith('POST /api/Auth/login 401'));
    assert.ok(failedLogin, 'an access line per request');
    assert.deepEqual(Object.keys(failedLogin).slice(4),
                     ['request_id', 'method', 'route', 'status', 'duration_ms', 'user_id']);
    assert.equal(failedLogin.route, '/api/Auth/login');
    assert.equal(failedLogin.status, 401);
    assert.equal(failedLogin.user_id, 0, 'no one is logged in yet');
    const authed = entries.find((e) => e.route === '/api/Messages/groups/{groupId}' && e.status === 200);
    assert.ok(authed && authed.user_id > 0, 'an authenticated request names its user');
    const opened = entries.find((e) => e.message === 'hub connection opened');
    const closed = entries.find((e) => e.message === 'hub connection closed' &&
                                       e.connection_id === opened?.connection_id);
    assert.ok(opened && opened.user_id > 0, 'a line when a hub connection opens');
    assert.ok(closed, 'and one when it closes');
    assert.equal(typeof closed.reason, 'string');
    assert.equal(typeof closed.duration_ms, 'number');
  });

  test('a request keeps the X-Request-Id it brings, or is given one', async () => {
    const server = await startServer(['--log-format', 'json']);
    try {
      const given = await fetch(`${server.url}/healthz`, { headers: { 'X-Request-Id': 'proxy-abc.1' } });
      assert.equal(given.headers.get('x-request-id'), 'proxy-abc.1');
      const made = await fetch(`${server.url}/healthz`, { headers: { 'X-Request-Id': 'bad id!' } });
      assert.match(made.headers.get('x-request-id'), /^[0-9a-f]{8}-[0-9a-f]+$/);
    } finally {
      await server.stop();
    }
    const lines = server.logs().stdout.split('\n').filter((l) => l.startsWith('{'));
    assert.ok(lines.some((l) => JSON.parse(l).request_id === 'proxy-abc.1'), 'the log line has it too');
  });

  for (const format of ['text', 'json']) {
    test(`no password, token or message text is logged (${format}, debug)`, async () => {
      const server = await startServer(['--log-format', format, '--log-level', 'debug']);
      const secrets = await handleSecrets(server.url);
      await server.stop();
      const { output } = server.logs();
      for (const secret of secrets) {
        assert.equal(output.includes(secret), false, `the log has a secret: ${secret.slice(0, 12)}…`);
      }
      // Nor any part of a JWT long enough to matter (its signature).
      for (const secret of secrets.filter((s) => s.split('.').length === 3)) {
        assert.equal(output.includes(secret.split('.')[2]), false, 'a JWT signature is logged');
      }
    });
  }

  test('an unknown --log-format is refused at start', async () => {
    await assert.rejects(startServer(['--log-format', 'xml']), /exited early/);
  });
});
