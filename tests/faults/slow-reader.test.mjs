// A member that never reads its socket while its group is busy: the server cuts it once its
// outbound queue passes --hub-max-queued-bytes, the server's memory stays bounded (VmRSS,
// sampled throughout), and the other members receive every message, in order.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { createSharedGroup, range, waitFor } from '../e2e/hub.mjs';
import { newUser } from '../integration/server.mjs';
import { Sender, assertAckedKeptOnce, rssKiB, startOn, summarize } from './faults.mjs';

const MAX_QUEUED_BYTES = 1 << 20;
const TEXT_SIZE = 30_000;
// What the group carries in all: far more than the kernel's socket buffers and the queue
// limit together, so a server that held everything for the slow reader would show it.
const VOLUME_BYTES = 64 << 20;
// The RSS growth allowed: the queues of every connection and the allocator's slack, with
// room to spare, and half of VOLUME_BYTES.
const RSS_GROWTH_BOUND_KIB = 32 << 10;

describe('a slow reader', { timeout: 150_000 }, () => {
  let dataDir;
  let server;
  after(async () => {
    if (server?.alive()) await server.kill();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('is cut at the outbound limit; memory stays bounded; the others get everything', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'chatserver-faults-slow-'));
    // ASan keeps freed memory in quarantine (256 MiB by default), which would read as growth.
    const asanOptions = [process.env.ASAN_OPTIONS, 'quarantine_size_mb=16'].filter(Boolean).join(':');
    server = await startOn(dataDir, ['--hub-max-queued-bytes', String(MAX_QUEUED_BYTES),
                                     '--max-message-length', String(TEXT_SIZE + 1000)],
                           { env: { ...process.env, ASAN_OPTIONS: asanOptions } });
    const alice = await newUser(server.url, 'alice');
    const bob = await newUser(server.url, 'bob');
    const slow = await newUser(server.url, 'slow');
    const groupId = await createSharedGroup(server.url, alice, bob, slow);

    const watchers = [await server.hubs.subscribe(alice.token, groupId, { label: 'alice watches' }),
                      await server.hubs.subscribe(bob.token, groupId, { label: 'bob watches' })];
    const reader = await server.hubs.openRaw(slow.token, { label: 'slow reader' });
    await reader.handshake();
    reader.sendRecords({ type: 1, invocationId: 'sub', target: 'ConnectToGroup', arguments: [groupId] });
    const subscribed = await reader.completion('sub');
    assert.equal(subscribed.error, undefined, `the slow reader subscribed: ${JSON.stringify(subscribed)}`);

    const attempts = [];
    const senders = [];
    for (const [i, user] of [alice, bob].entries()) {
      const hub = await server.hubs.connect(user.token, { label: `sender ${i}` });
      senders.push(new Sender({ label: `sender${i}`, hub, token: user.token, groupIds: [groupId],
                                attempts, inFlight: 4, textSize: TEXT_SIZE, stopOnError: true }));
    }
    // Warm up (every connection's buffers, the database's pages) before the baseline.
    senders.forEach((s) => s.start());
    await waitFor(() => attempts.length >= 100, 'warm-up sends');
    await waitFor(() => watchers.every((w) => w.messages(groupId).length >= 100), 'the watchers keep up');
    const baseline = await rssKiB(server.pid);
    reader.ws._socket.pause();  // never read again

    let peak = baseline;
    const sampler = setInterval(() => {
      rssKiB(server.pid).then((kib) => { peak = Math.max(peak, kib); }, () => {});
    }, 20);
    try {
      await waitFor(() => attempts.length * TEXT_SIZE >= VOLUME_BYTES,
                    () => `${VOLUME_BYTES} bytes sent (${attempts.length} messages)`, 90_000);
      await Promise.all(senders.map((s) => s.stop()));
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, await rssKiB(server.pid));
    const sent = summarize(attempts);
    assert.equal(sent.refused, 0, `every send was acknowledged: ${JSON.stringify(sent.errors)}`);
    const growthKiB = peak - baseline;
    console.log(`slow reader: ${sent.acked} messages of ${TEXT_SIZE} characters sent ` +
                `(${(sent.acked * TEXT_SIZE / 2 ** 20).toFixed(0)} MiB) while it read nothing; server VmRSS ` +
                `${(baseline / 1024).toFixed(1)} MiB before, peak ${(peak / 1024).toFixed(1)} MiB ` +
                `(+${(growthKiB / 1024).toFixed(1)} MiB, bound +${RSS_GROWTH_BOUND_KIB / 1024} MiB)`);
    assert.ok(growthKiB < RSS_GROWTH_BOUND_KIB,
              `server RSS grew by ${growthKiB} KiB, more than ${RSS_GROWTH_BOUND_KIB} KiB`);

    // The watchers got every message once, in order, while the slow reader was stuck.
    const stored = await assertAckedKeptOnce(server.url, alice.token, groupId, attempts);
    for (const watcher of watchers) {
      await watcher.waitForSeq(groupId, stored.length, 30_000);
      assert.deepEqual(watcher.seqs(groupId), range(1, stored.length), watcher.describe(groupId));
      assert.ok(!watcher.closed, `${watcher.label} stayed connected`);
    }

    // Read again: what the kernel held arrives, then the server's close; far from everything.
    reader.ws._socket.resume();
    const delivered = () => reader.records.filter((r) => r.type === 1 && r.target === 'MessageReceived').length;
    await waitFor(() => reader.closed, () => `the server to close the slow reader (it got ${delivered()} ` +
                                             `of ${stored.length} messages)`, 15_000);
    const closeRecord = reader.records.find((r) => r.type === 7);
    console.log(`the slow reader got ${delivered()} of ${stored.length} messages before the cut ` +
                `(close record: ${JSON.stringify(closeRecord?.error ?? null)})`);
    assert.ok(delivered() < stored.length / 2,
              `the slow reader was cut: it got ${delivered()} of ${stored.length} messages`);
    if (closeRecord) assert.match(closeRecord.error ?? '', /not reading/);
    assert.ok(server.alive());
    await server.stop();
  });
});
