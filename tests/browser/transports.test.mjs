// The web client behind a proxy that blocks WebSockets, as corporate proxies do: an HTTP
// proxy of the test's, between Chromium and the server, answers every WebSocket upgrade with
// 403 and passes everything else through. The client must fall back to the next transport
// negotiate offers (Server-Sent Events, or long polling when event streams are refused too)
// and chat live both ways with someone whose browser uses WebSockets.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { register } from '../integration/server.mjs';
import { isEventStream, isWebSocketUpgrade, startHttpProxy } from '../support/http-proxy.mjs';
import {
  DEFAULT_PASSWORD, createGroupInUi, joinGroupInUi, logInInUi, registerInUi, screenshot, sendInUi,
  uniqueName, useBrowserServer, waitForMessage,
} from './harness.mjs';

describe('web client: transports when WebSockets are blocked', () => {
  const { server, newPerson } = useBrowserServer();
  const proxies = [];
  after(() => Promise.all(proxies.map((proxy) => proxy.close())));

  async function behindProxy(refuse) {
    const proxy = await startHttpProxy({ target: () => server.url, refuse });
    proxies.push(proxy);
    return proxy;
  }

  /** What the proxy saw of the hub: the requests to /MessageHub. */
  const hubRequests = (proxy) => proxy.log.filter((entry) => entry.url.startsWith('/MessageHub'));
  const describeLog = (proxy) => JSON.stringify(hubRequests(proxy).map(
    (e) => `${e.method} ${e.url.replace(/access_token=[^&]+/, 'access_token=…')}${e.upgrade ? ' (upgrade)' : ''}` +
           `${e.eventStream ? ' (event stream)' : ''} → ${e.status}`));

  /**
   * alice behind `proxy`, bob straight to the server: alice creates a group, bob joins it, and
   * a message goes each way. Returns alice's page.
   */
  async function chatAcross(proxy, label) {
    const alice = await newPerson({ baseURL: proxy.url });
    const bob = await newPerson();
    const aliceName = uniqueName('alice');
    const bobName = uniqueName('bob');
    const groupName = `${label} ${aliceName.slice(-6)}`;
    await register(server.url, aliceName);
    await logInInUi(alice.page, aliceName, DEFAULT_PASSWORD);
    await createGroupInUi(alice.page, groupName);
    await registerInUi(bob.page, bobName, DEFAULT_PASSWORD);
    await joinGroupInUi(bob.page, groupName);

    await sendInUi(alice.page, `From behind the proxy (${label})`);
    await waitForMessage(bob.page, `From behind the proxy (${label})`);
    await sendInUi(bob.page, `To behind the proxy (${label})`);
    await waitForMessage(alice.page, `To behind the proxy (${label})`);
    return { alice, bob };
  }

  test('WebSocket upgrades refused: the client falls back to Server-Sent Events', async () => {
    const proxy = await behindProxy(isWebSocketUpgrade);
    const { alice, bob } = await chatAcross(proxy, 'No WebSockets');
    await screenshot(alice.page, 'transports-no-websockets-alice');
    await screenshot(bob.page, 'transports-no-websockets-bob');

    const hub = hubRequests(proxy);
    assert.ok(hub.some((e) => e.upgrade && e.refused), `the client tried WebSockets first: ${describeLog(proxy)}`);
    assert.ok(hub.some((e) => e.eventStream && e.id && e.status === 200),
              `an event stream was served: ${describeLog(proxy)}`);
    assert.ok(hub.some((e) => e.method === 'POST' && e.id && e.status === 200),
              `sends went over POST: ${describeLog(proxy)}`);
    assert.deepEqual([...alice.problems, ...bob.problems], []);
    await alice.context.close();
    await bob.context.close();
  });

  test('WebSockets and event streams refused: the client falls back to long polling', async () => {
    const proxy = await behindProxy((request) => isWebSocketUpgrade(request) || isEventStream(request));
    const { alice, bob } = await chatAcross(proxy, 'Long polling');
    await screenshot(alice.page, 'transports-long-polling-alice');

    const hub = hubRequests(proxy);
    assert.ok(hub.some((e) => e.upgrade && e.refused), `WebSockets tried first: ${describeLog(proxy)}`);
    assert.ok(hub.some((e) => e.eventStream && e.refused), `then Server-Sent Events: ${describeLog(proxy)}`);
    const polls = hub.filter((e) => e.method === 'GET' && e.id && !e.upgrade && !e.eventStream && e.status === 200);
    assert.ok(polls.length >= 2, `long polls were served: ${describeLog(proxy)}`);
    assert.deepEqual([...alice.problems, ...bob.problems], []);
    await alice.context.close();
    await bob.context.close();
  });
});
