// The disk full under the data directory (a small tmpfs, filled by a file of ours while
// senders run): sends are refused with a clear error and nothing unstored is acknowledged,
// reads keep working, and once the file is gone sends succeed again without a restart.
import assert from 'node:assert/strict';
import { open, mkdtemp, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { createSharedGroup, waitFor } from '../e2e/hub.mjs';
import { listGroups, newUser } from '../integration/server.mjs';
import {
  Sender, assertAckedKeptOnce, assertClearRefusal, run, sleep, startOn, summarize,
} from './faults.mjs';

// Room for the database and its WAL, not for much more.
const TMPFS_SIZE = '24m';

/** Writes `path` until the file system is full; resolves with the bytes written. */
async function fill(path) {
  const chunk = Buffer.alloc(1 << 20, 0x61);
  const file = await open(path, 'w');
  let written = 0;
  try {
    for (let size = chunk.length; size >= 512;) {
      try {
        const { bytesWritten } = await file.write(chunk, 0, size);
        written += bytesWritten;
      } catch (error) {
        if (error.code !== 'ENOSPC') throw error;
        size >>= 1;  // then the last pages, in smaller pieces
      }
    }
  } finally {
    await file.close();
  }
  return written;
}

describe('disk full', { timeout: 120_000 }, () => {
  let mountPoint;
  let mounted = false;
  let server;
  after(async () => {
    if (server?.alive()) await server.kill();
    if (mounted) await run('umount', ['-l', mountPoint]);
    if (mountPoint) await rmdir(mountPoint).catch(() => {});
  });

  test('sends are refused clearly, reads work, and sends resume once space is freed', async () => {
    mountPoint = await mkdtemp(join(tmpdir(), 'chatserver-faults-full-'));
    await run('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_SIZE}`, 'tmpfs', mountPoint]);
    mounted = true;
    const dataDir = join(mountPoint, 'data');
    server = await startOn(dataDir, [], { name: 'server on a small tmpfs' });
    const alice = await newUser(server.url, 'alice');
    const bob = await newUser(server.url, 'bob');
    const groupId = await createSharedGroup(server.url, alice, bob);

    const attempts = [];
    const senders = [
      new Sender({ label: 'hub-a', hub: await server.hubs.connect(alice.token), token: alice.token,
                   groupIds: [groupId], attempts, inFlight: 2, pauseMs: 5, textSize: 1000 }),
      new Sender({ label: 'hub-b', hub: await server.hubs.connect(bob.token), token: bob.token,
                   groupIds: [groupId], attempts, inFlight: 2, pauseMs: 5, textSize: 1000 }),
      new Sender({ label: 'rest-a', url: server.url, token: alice.token, groupIds: [groupId],
                   attempts, inFlight: 2, pauseMs: 5, textSize: 1000 }),
    ];
    senders.forEach((s) => s.start());
    await waitFor(() => attempts.filter((a) => a.ok).length >= 100, 'sends before the disk fills');

    // Fill the disk. SQLite may still write into pages its WAL already has, so sends can be
    // stored for a while; they must then be refused.
    const filler = join(mountPoint, 'filler');
    const filled = await fill(filler);
    const fullFrom = attempts.length;
    await waitFor(() => attempts.slice(fullFrom).some((a) => !a.ok), 'a send refused on the full disk',
                  30_000);
    // Full for a while: reads keep working meanwhile.
    const firstRefusal = attempts.length;
    await sleep(1_500);
    const groups = await listGroups(server.url, bob.token);
    assert.ok(groups.some((g) => g.groupId === groupId && g.isMember), 'the group list is read');
    const storedWhileFull = await assertAckedKeptOnce(server.url, bob.token, groupId, attempts);
    const whileFull = attempts.slice(firstRefusal);
    const full = summarize(whileFull);
    console.log(`disk full (filler ${(filled / 2 ** 20).toFixed(1)} MiB): ${JSON.stringify(full)}`);
    assert.ok(full.refused > 0, 'sends are refused while the disk is full');
    for (const a of attempts.filter((x) => !x.ok)) assertClearRefusal(a);

    // Space again: sends succeed, same process.
    await rm(filler);
    const freedAt = attempts.length;
    await waitFor(() => attempts.slice(freedAt).filter((a) => a.ok).length >= 50,
                  'sends succeed again once space is freed', 20_000);
    await Promise.all(senders.map((s) => s.stop()));
    assert.ok(server.alive(), 'no restart was needed');
    const stored = await assertAckedKeptOnce(server.url, alice.token, groupId, attempts);
    const all = summarize(attempts);
    console.log(`disk full overall: ${all.acked} acknowledged, ${all.refused} refused, ` +
                `${stored.length} stored (${storedWhileFull.length} when read while full)`);
    await server.stop();
  });
});
