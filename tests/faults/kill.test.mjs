// kill -9 under load, three times in a row on the same data directory: every send the server
// acknowledged (a hub completion, a REST 2xx) is in history afterwards exactly once, and seq
// has no gap. A send in flight at the kill may or may not have been stored; sent again with
// its clientMessageId after the restart, it is stored once either way.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { createSharedGroup, waitFor } from '../e2e/hub.mjs';
import { newUser } from '../integration/server.mjs';
import { Sender, assertAckedKeptOnce, startOn, summarize } from './faults.mjs';

const ROUNDS = 3;
// Acknowledgements to reach in a round before the kill, and the least time to send for.
const ACKED_PER_ROUND = 400;
const MIN_SEND_MS = 2_000;

/**
 * Sends again, over REST as the same user and under the same clientMessageId, every send that
 * failed in flight and was not retried yet; each must succeed. Resolves with how many.
 */
async function retryUnsure(url, attempts) {
  const unsure = attempts.filter((a) => !a.ok && !a.retried);
  for (const a of unsure) {
    a.retried = true;
    const again = await new Sender({ label: 'retry', url, token: a.token, attempts })
      .send(a.groupId, a.text, a.cid);
    assert.ok(again.ok, `retry of "${a.cid}" after the restart: ${again.status} ${again.error}`);
  }
  return unsure.length;
}

describe('kill -9 under load', { timeout: 150_000 }, () => {
  let dataDir;
  let server;
  after(async () => {
    if (server?.alive()) await server.kill();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test(`${ROUNDS} rounds of SIGKILL lose and repeat no acknowledged message`, async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'chatserver-faults-kill-'));
    server = await startOn(dataDir, [], { name: 'server (round 1)' });
    const alice = await newUser(server.url, 'alice');
    const bob = await newUser(server.url, 'bob');
    const groups = [await createSharedGroup(server.url, alice, bob),
                    await createSharedGroup(server.url, bob, alice)];

    const attempts = [];
    const rounds = [];
    for (let round = 1; round <= ROUNDS; ++round) {
      if (round > 1) server = await startOn(dataDir, [], { name: `server (round ${round})` });
      const before = attempts.length;

      const retried = await retryUnsure(server.url, attempts);

      // Three hub senders and two REST senders, several sends in flight each.
      const senders = [];
      for (const [i, user] of [alice, bob, alice].entries()) {
        const hub = await server.hubs.connect(user.token, { label: `hub ${i} round ${round}` });
        senders.push(new Sender({ label: `r${round}hub${i}`, hub, token: user.token, groupIds: groups, attempts,
                                  inFlight: 4, stopOnError: true }));
      }
      for (const [i, user] of [bob, alice].entries()) {
        senders.push(new Sender({ label: `r${round}rest${i}`, url: server.url, token: user.token,
                                  groupIds: groups, attempts, inFlight: 4, stopOnError: true }));
      }
      const started = Date.now();
      senders.forEach((s) => s.start());
      const ackedThisRound = () => attempts.slice(before).filter((a) => a.ok).length;
      await waitFor(() => ackedThisRound() >= ACKED_PER_ROUND && Date.now() - started >= MIN_SEND_MS,
                    () => `${ACKED_PER_ROUND} acknowledgements in round ${round} (${ackedThisRound()})`,
                    60_000);
      await server.kill();
      // Every sender ends on its first failure, which the kill brings at once.
      await Promise.all(senders.map((s) => s.stop()));
      const summary = summarize(attempts.slice(before));
      rounds.push({ round, retried, ...summary, ms: Date.now() - started });
      assert.ok(summary.refused > 0, `round ${round}: some sends were in flight at the kill`);
    }
    console.log(`kill -9 rounds: ${JSON.stringify(rounds.map(({ errors, ...r }) => r))}`);

    server = await startOn(dataDir, [], { name: 'server (after the rounds)' });
    const retriedLast = await retryUnsure(server.url, attempts);
    let total = 0;
    for (const groupId of groups) {
      const stored = await assertAckedKeptOnce(server.url, alice.token, groupId, attempts);
      total += stored.length;
    }
    const acked = attempts.filter((a) => a.ok).length;
    console.log(`after ${ROUNDS} kills (and ${retriedLast} retries of the last round's): ` +
                `${acked} acknowledged, ${total} stored in ${groups.length} groups`);
    const texts = new Set(attempts.filter((a) => a.ok).map((a) => a.text));
    assert.equal(total, texts.size, 'once every send in doubt is retried, history holds exactly the acknowledged');
    await server.stop();
  });
});
