// Faults of a cluster, each ending with the check that matters: every acknowledged message
// is in history exactly once, gap-free, and every subscriber got them in order.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';

import { HubClients, createSharedGroup, history, range, restSend, sleep } from '../e2e/hub.mjs';
import { REPO_ROOT, newUser, request, requireServerBinary, TEST_JWT_KEY } from '../integration/server.mjs';
import { freePort, launchServer } from '../support/launch-server.mjs';
import { createDatabase, dropDatabase, eventually, startCluster } from './cluster.mjs';

const run = promisify(execFile);

async function health(node) {
  const response = await request(node.url, 'GET', '/healthz');
  return response.body;
}

describe('faults across nodes', { timeout: 180_000 }, () => {
  const clusters = [];
  const allHubs = [];
  after(async () => {
    await Promise.allSettled(allHubs.map((h) => h.stopAll()));
    for (const cluster of clusters) await cluster.stop();
  });

  async function cluster(options) {
    const started = await startCluster(options);
    clusters.push(started);
    const hubs = Object.fromEntries(started.nodes.map((node) => {
      const h = new HubClients(node);
      allHubs.push(h);
      return [node.name, h];
    }));
    return { ...started, hubs };
  }

  test('Redis down: nodes keep serving, other nodes catch up from the database, in order', async () => {
    const { nodes: [a, b], redis, hubs } = await cluster({ nodes: 2 });
    const alice = await newUser(a.url, 'alice');
    const bob = await newUser(a.url, 'bob');
    const groupId = await createSharedGroup(a.url, alice, bob);
    const onA = await hubs.a.subscribe(alice.token, groupId, { label: 'alice on a' });
    const bobHub = await hubs.b.connect(bob.token, { label: 'bob sends on b' });
    assert.equal((await health(a)).backplane, 'ok');

    const acked = [];
    for (let i = 1; i <= 20; ++i) acked.push(await bobHub.invoke('SendMessage', groupId, `before ${i}`));
    await onA.waitForSeq(groupId, 20);

    await redis.kill();
    await eventually(async () => (await health(a)).backplane === 'polling', 'a reports polling');
    // Sends keep being acknowledged on b, and reach a through the database.
    for (let i = 1; i <= 20; ++i) acked.push(await bobHub.invoke('SendMessage', groupId, `during ${i}`));
    await onA.waitForSeq(groupId, 40, 5_000);

    await redis.start();
    await eventually(async () => (await health(a)).backplane === 'ok', 'a is back on the backplane');
    for (let i = 1; i <= 20; ++i) acked.push(await bobHub.invoke('SendMessage', groupId, `after ${i}`));
    await onA.waitForSeq(groupId, 60);
    await sleep(300);
    assert.deepEqual(onA.seqs(groupId), range(1, 60), `in order, once: ${onA.describe(groupId)}`);
    assert.ok(!onA.closed, 'alice never had to reconnect');
    const stored = await history(a.url, alice.token, groupId);
    assert.deepEqual(stored.map((m) => m.messageId), acked.map((m) => m.messageId));
  });

  test('a lost publish at the end of a burst is read within one sweep', async () => {
    const { nodes: [a, b], redis, hubs } = await cluster({ nodes: 2 });
    const alice = await newUser(a.url, 'alice');
    const groupId = await createSharedGroup(a.url, alice);
    const onB = await hubs.b.subscribe(alice.token, groupId, { label: 'alice on b' });
    await restSend(a.url, alice.token, groupId, 'one');
    await onB.waitForSeq(groupId, 1);
    // Cut b's subscription connection: what a publishes meanwhile never reaches b, and no
    // later message reveals the gap. The sweep (1 s here) must.
    await redis.cli('CLIENT', 'KILL', 'TYPE', 'pubsub');
    await restSend(a.url, alice.token, groupId, 'two');
    await onB.waitForSeq(groupId, 2, 5_000);
    await sleep(200);
    assert.deepEqual(onB.seqs(groupId), [1, 2]);
  });

  test('a node killed with SIGKILL: its clients reconnect elsewhere with afterSeq, no gap, no repeat', async () => {
    const { nodes: [a, b], hubs } = await cluster({ nodes: 2 });
    const alice = await newUser(a.url, 'alice');
    const bob = await newUser(a.url, 'bob');
    const groupId = await createSharedGroup(a.url, alice, bob);
    const onB = await hubs.b.subscribe(alice.token, groupId, { label: 'alice on b' });
    const bobHub = await hubs.a.connect(bob.token, { label: 'bob sends on a' });
    const acked = [];
    const sending = (async () => {
      for (let i = 1; i <= 60; ++i) {
        acked.push(await bobHub.invoke('SendMessage', groupId, `m${i}`, `cid-${i}`));
        await sleep(5);
      }
    })();
    await onB.waitForSeq(groupId, 10);
    await b.kill();
    const lastSeen = Math.max(...onB.seqs(groupId));
    await sending;

    const again = await hubs.a.connect(alice.token, { label: 'alice again, on a' });
    await again.invoke('ConnectToGroup', groupId, lastSeen);
    await again.waitForSeq(groupId, 60);
    await sleep(200);
    assert.deepEqual([...onB.seqs(groupId), ...again.seqs(groupId)], range(1, 60),
                     'what alice saw on b and then on a is 1..60 once each');
    const stored = await history(a.url, alice.token, groupId);
    assert.deepEqual(stored.map((m) => m.seq), range(1, 60));
  });

  test('PostgreSQL down: sends fail with a clear error and succeed again once it is back', async () => {
    // A PostgreSQL of this test's own, so that stopping it touches no other suite.
    const dir = await mkdtemp(join(tmpdir(), 'chatserver-pg-'));
    const port = await freePort();
    const script = join(REPO_ROOT, 'scripts');
    const { stdout } = await run(join(script, 'start-postgres.sh'), [dir, String(port)]);
    const serverUrl = stdout.trim();
    const database = await createDatabase(serverUrl);
    const node = await launchServer({
      bin: requireServerBinary(), cwd: REPO_ROOT, name: 'node on its own PostgreSQL',
      args: ['--bind', '127.0.0.1', '--data-dir', join(dir, 'node'), '--jwt-key', TEST_JWT_KEY,
             '--database', database.url],
    });
    const hubs = new HubClients(node);
    allHubs.push(hubs);
    try {
      const alice = await newUser(node.url, 'alice');
      const groupId = await createSharedGroup(node.url, alice);
      const hub = await hubs.subscribe(alice.token, groupId, { label: 'alice' });
      const acked = [await hub.invoke('SendMessage', groupId, 'before', 'c1')];

      await run(join(script, 'stop-postgres.sh'), [dir]);
      const started = Date.now();
      await hub.invokeRejects(/database is not available/i, 'SendMessage', groupId, 'during', 'c2');
      const rest = await request(node.url, 'POST', `/api/Messages/groups/${groupId}`,
                                 { token: alice.token, json: { message: 'during (REST)' } });
      assert.equal(rest.status, 503, rest.text);
      assert.match(rest.body?.message ?? '', /database is not available/i);
      assert.ok(Date.now() - started < 10_000, 'failures come fast, never a hang');

      await run(join(script, 'start-postgres.sh'), [dir, String(port)]);
      const retried = await eventually(async () => {
        try {
          return await hub.invoke('SendMessage', groupId, 'during', 'c2');
        } catch {
          return null;
        }
      }, 'a send succeeds once PostgreSQL is back', 20_000);
      acked.push(retried);
      const stored = await history(node.url, alice.token, groupId);
      assert.deepEqual(stored.map((m) => m.messageId), acked.map((m) => m.messageId),
                       'only what was acknowledged is stored, once');
      assert.deepEqual(stored.map((m) => m.seq), [1, 2]);
    } finally {
      await hubs.stopAll();
      await node.stop().catch(() => {});
      await dropDatabase(database, serverUrl);
      await run(join(script, 'stop-postgres.sh'), [dir]).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('settings a cluster can not run with are refused at start, with the reason', async () => {
    const bin = requireServerBinary();
    const dir = await mkdtemp(join(tmpdir(), 'chatserver-refused-'));
    try {
      const refused = async (args, pattern) => {
        await assert.rejects(
          launchServer({ bin, cwd: REPO_ROOT, args: ['--bind', '127.0.0.1', '--data-dir', dir, ...args] }),
          (error) => {
            assert.match(error.message, pattern);
            return true;
          });
      };
      await refused(['--jwt-key', TEST_JWT_KEY, '--redis', 'redis://127.0.0.1:1'],
                    /needs? .*shared database|one shared database/i);
      await refused(['--database', 'postgresql://chat@127.0.0.1:1/x'], /same key.*--jwt-key/i);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
