// The database locked by another process for a few seconds (the sqlite3 shell holding
// BEGIN EXCLUSIVE on the server's database file): sends are refused with a clear error and
// nothing unstored is acknowledged, reads keep working, and once the lock is gone sends
// succeed again without a restart.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { createSharedGroup, waitFor } from '../e2e/hub.mjs';
import { listGroups, newUser } from '../integration/server.mjs';
import {
  Sender, assertAckedKeptOnce, assertClearRefusal, sleep, startOn, summarize,
} from './faults.mjs';

// Longer than the writer's busy timeout (5 s), which a shorter lock only delays sends by.
const LOCK_MS = 7_000;

/**
 * The sqlite3 shell on `database`, holding its write lock once the promise resolves:
 * { release() } ends the transaction and the shell.
 */
async function lockDatabase(database) {
  const shell = spawn('sqlite3', [database], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  shell.stdout.setEncoding('utf8').on('data', (chunk) => { output += chunk; });
  shell.stderr.setEncoding('utf8').on('data', (chunk) => { output += chunk; });
  const exited = new Promise((resolve) => shell.once('exit', resolve));
  // The server's writer commits all the time: wait for the lock rather than fail on it.
  shell.stdin.write('.timeout 10000\nBEGIN EXCLUSIVE;\nSELECT \'locked\';\n');
  await waitFor(() => output.includes('locked') || shell.exitCode !== null,
                () => `the sqlite3 shell to take the lock (${output})`);
  assert.match(output, /^locked$/m, `sqlite3 took the lock: ${output}`);
  return {
    shell,
    async release() {
      shell.stdin.end('ROLLBACK;\n.quit\n');
      await exited;
    },
  };
}

describe('database locked by another process', { timeout: 120_000 }, () => {
  let dataDir;
  let server;
  let lock;
  after(async () => {
    if (lock?.shell.exitCode === null) lock.shell.kill('SIGKILL');
    if (server?.alive()) await server.kill();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('sends are refused clearly, reads work, and sends resume once the lock is gone', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'chatserver-faults-locked-'));
    server = await startOn(dataDir);
    const alice = await newUser(server.url, 'alice');
    const bob = await newUser(server.url, 'bob');
    const groupId = await createSharedGroup(server.url, alice, bob);

    const attempts = [];
    const senders = [
      new Sender({ label: 'hub-a', hub: await server.hubs.connect(alice.token), token: alice.token,
                   groupIds: [groupId], attempts, inFlight: 2, pauseMs: 5 }),
      new Sender({ label: 'hub-b', hub: await server.hubs.connect(bob.token), token: bob.token,
                   groupIds: [groupId], attempts, inFlight: 2, pauseMs: 5 }),
      new Sender({ label: 'rest-a', url: server.url, token: alice.token, groupIds: [groupId],
                   attempts, inFlight: 2, pauseMs: 5 }),
    ];
    senders.forEach((s) => s.start());
    await waitFor(() => attempts.filter((a) => a.ok).length >= 100, 'sends before the lock');

    lock = await lockDatabase(join(dataDir, 'chatserver.db'));
    const lockedFrom = attempts.length;
    const lockedAt = Date.now();
    await waitFor(() => attempts.slice(lockedFrom).some((a) => !a.ok), 'a send refused while locked',
                  LOCK_MS);
    // Reads while it is held (WAL readers do not need the write lock).
    const groups = await listGroups(server.url, bob.token);
    assert.ok(groups.some((g) => g.groupId === groupId && g.isMember), 'the group list is read');
    const storedWhileLocked = await assertAckedKeptOnce(server.url, bob.token, groupId, attempts);
    await sleep(LOCK_MS - (Date.now() - lockedAt));
    await lock.release();
    const whileLocked = summarize(attempts.slice(lockedFrom));
    console.log(`database locked for ${LOCK_MS} ms: ${JSON.stringify(whileLocked)}`);
    console.log(`sends refused after ${attempts.filter((x) => !x.ok).map((x) => x.ended - x.started)} ms`);
    assert.ok(whileLocked.refused > 0, 'sends are refused while the database is locked');
    for (const a of attempts.filter((x) => !x.ok)) assertClearRefusal(a);
    const slowest = Math.max(...attempts.filter((x) => !x.ok).map((x) => x.ended - x.started));
    assert.ok(slowest < 8_000, `a refusal comes within the busy timeout, never a hang (${slowest} ms)`);

    const freedAt = attempts.length;
    await waitFor(() => attempts.slice(freedAt).filter((a) => a.ok).length >= 50,
                  'sends succeed again once the lock is gone');
    await Promise.all(senders.map((s) => s.stop()));
    assert.ok(server.alive(), 'no restart was needed');
    const stored = await assertAckedKeptOnce(server.url, alice.token, groupId, attempts);
    const all = summarize(attempts);
    console.log(`database locked overall: ${all.acked} acknowledged, ${all.refused} refused, ` +
                `${stored.length} stored (${storedWhileLocked.length} when read while locked)`);
    await server.stop();
  });
});
