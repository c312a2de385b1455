// GET /metrics: the Prometheus text format, counting what the server did, and --metrics-bind,
// which moves it to an address of its own.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  createGroup, expectError, newUser, registerRaw, request, sendMessage, startServer, uniqueName,
} from './server.mjs';

/** The samples of a text exposition: Map from `name{labels}` (as written) to its value. */
function samples(text) {
  const found = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    found.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return found;
}

async function scrape(url) {
  const response = await request(url, 'GET', '/metrics');
  assert.equal(response.status, 200, response.text);
  assert.match(response.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  return { text: response.text, values: samples(response.text) };
}

describe('GET /metrics', () => {
  let server;
  before(async () => {
    server = await startServer(['--login-burst', '2', '--login-per-minute', '1']);
  });
  after(async () => { await server?.stop(); });

  test('counts requests by route and status, stored messages, commits and login failures',
       async () => {
    const alice = await newUser(server.url, 'metrics');
    const groupId = await createGroup(server.url, alice.token);
    for (let i = 0; i < 3; ++i) {
      assert.equal((await sendMessage(server.url, alice.token, groupId, `counted ${i}`)).status, 200);
    }
    expectError(await request(server.url, 'GET', '/no/such/route'), 404);
    const name = uniqueName('guesser');
    const statuses = [];
    for (let i = 0; i < 4; ++i) {
      statuses.push((await request(server.url, 'POST', '/api/Auth/login', {
        json: { userName: name, password: 'wrong-password-1' },
      })).status);
    }
    assert.ok(statuses.includes(401) && statuses.includes(429), `login statuses ${statuses}`);

    const { text, values } = await scrape(server.url);
    const route = 'POST /api/Messages/groups/{groupId}';
    assert.equal(values.get(`chatserver_http_requests_total{route="${route}",status="200"}`), 3, text);
    assert.equal(values.get(`chatserver_http_request_duration_seconds_count{route="${route}"}`), 3);
    assert.equal(values.get(`chatserver_http_request_duration_seconds_bucket{route="${route}",le="+Inf"}`), 3);
    assert.equal(values.get('chatserver_http_requests_total{route="unmatched",status="404"}'), 1);
    assert.equal(values.get('chatserver_messages_stored_total'), 3);
    assert.ok(values.get('chatserver_commit_batch_messages_count') >= 1);
    assert.equal(values.get('chatserver_commit_batch_messages_sum'), 3);
    assert.equal(values.get('chatserver_login_failures_total'), statuses.filter((s) => s === 401).length);
    assert.equal(values.get('chatserver_rate_limit_refusals_total{limit="login"}'),
                 statuses.filter((s) => s === 429).length);
    for (const transport of ['WebSockets', 'ServerSentEvents', 'LongPolling']) {
      assert.equal(values.get(`chatserver_hub_connections_opened_total{transport="${transport}"}`), 0);
    }
    assert.equal(values.get('chatserver_hub_connections'), 0);
    assert.ok(values.get('chatserver_http_connections') >= 1);
  });

  test('no label or value carries a user name, a group name or message text', async () => {
    const userName = uniqueName('secretive');
    const registered = await registerRaw(server.url, {
      firstName: 'A', lastName: 'B', email: `${userName}@example.com`, userName,
      password: 'correct-horse-42',
    });
    assert.equal(registered.status, 200, registered.text);
    const { text } = await scrape(server.url);
    assert.doesNotMatch(text, new RegExp(userName));
    assert.doesNotMatch(text, /counted \d/);
    assert.doesNotMatch(text, /guesser/);
  });
});

describe('--metrics-bind', () => {
  let server;
  let metricsUrl;
  before(async () => {
    server = await startServer(['--metrics-bind', '127.0.0.1:0']);
    const line = /Metrics on: (http:\/\/[\d.]+:\d+)\/metrics/.exec(server.logs().stdout);
    assert.ok(line, `no metrics address in the output: ${server.logs().stdout}`);
    metricsUrl = line[1];
  });
  after(async () => { await server?.stop(); });

  test('serves /metrics on its own address and not with the API', async () => {
    await request(server.url, 'GET', '/healthz');
    const { values } = await scrape(metricsUrl);
    assert.equal(values.get('chatserver_http_requests_total{route="GET /healthz",status="200"}'), 1);
    expectError(await request(server.url, 'GET', '/metrics'), 404);
    expectError(await request(metricsUrl, 'GET', '/api/Groups'), 404);
  });

  test('a bad address is refused at start', async () => {
    for (const bad of ['127.0.0.1', '127.0.0.1:99999', ':80', '127.0.0.1:x']) {
      await assert.rejects(startServer(['--metrics-bind', bad]), /exited early/, bad);
    }
  });
});
