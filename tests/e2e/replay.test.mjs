// ConnectToGroup(groupId, afterSeq): a reconnecting client catches up on what it missed, then
// gets live messages, with no gap and no duplicate, even while messages keep coming.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  SETTLE_MS, createSharedGroup, history, range, restSend, sleep, useHubServer, waitFor,
} from './hub.mjs';

describe('replay with ConnectToGroup(groupId, afterSeq)', { timeout: 60_000 }, () => {
  // alice is the reconnecting reader, bob the sender.
  const { server, hubs, users: { alice, bob } } = useHubServer({ users: ['alice', 'bob'] });

  test('a new connection replays seq > afterSeq in order, then live messages', async () => {
    const groupId = await createSharedGroup(server.url, alice, bob);
    const sent = [];
    const first = await hubs.subscribe(alice.token, groupId, { label: 'alice #1' });
    for (let i = 1; i <= 3; i += 1) sent.push(await restSend(server.url, bob.token, groupId, `m${i}`));
    await first.waitForSeq(groupId, 3);
    assert.deepEqual(first.received, sent, `alice #1: ${first.describe()}`);
    await first.stop();

    for (let i = 4; i <= 8; i += 1) sent.push(await restSend(server.url, bob.token, groupId, `m${i}`));
    assert.deepEqual(sent.map((dto) => dto.seq), range(1, 8), 'the REST sends got seq 1..8');

    const second = await hubs.connect(alice.token, { label: 'alice #2 (afterSeq 3)' });
    await second.invoke('ConnectToGroup', groupId, 3);
    assert.deepEqual(second.seqs(groupId), range(4, 8),
                     `the replay is complete when ConnectToGroup completes: ${second.describe(groupId)}`);
    assert.deepEqual(second.received, sent.slice(3), 'replayed DTOs equal the stored ones');

    // A subscription without afterSeq replays nothing.
    const plain = await hubs.subscribe(alice.token, groupId, { label: 'alice #3 (no afterSeq)' });
    // afterSeq at the newest seq replays nothing either.
    const upToDate = await hubs.connect(alice.token, { label: 'alice #4 (afterSeq 8)' });
    await upToDate.invoke('ConnectToGroup', groupId, 8);

    const bobHub = await hubs.connect(bob.token, { label: 'bob' });
    const live = await bobHub.invoke('SendMessage', groupId, 'm9 (live)');
    assert.equal(live.seq, 9, `live message seq: ${JSON.stringify(live)}`);
    for (const client of [second, plain, upToDate]) await client.waitForSeq(groupId, 9);
    await sleep(SETTLE_MS);
    assert.deepEqual(second.received, [...sent.slice(3), live], `no duplicates: ${second.describe(groupId)}`);
    assert.deepEqual(plain.received, [live], `no afterSeq: ${plain.describe(groupId)}`);
    assert.deepEqual(upToDate.received, [live], `afterSeq 8: ${upToDate.describe(groupId)}`);
    assert.deepEqual(bobHub.received, [], 'bob never subscribed');
  });

  test('messages sent while the replay runs are neither lost nor duplicated', async () => {
    const groupId = await createSharedGroup(server.url, alice, bob);
    const sender = await hubs.connect(bob.token, { label: 'bob (sender)' });

    // A backlog to replay, sent 10 at a time.
    const BACKLOG = 60;
    for (let i = 0; i < BACKLOG; i += 10) {
      await Promise.all(range(i + 1, i + 10).map((n) => restSend(server.url, bob.token, groupId, `backlog ${n}`)));
    }

    let sentSoFar = BACKLOG;
    // Two concurrent streams of live messages, one over REST and one over the hub.
    const liveTraffic = (count) => Promise.all([
      (async () => {
        for (let i = 0; i < count; i += 1) {
          await restSend(server.url, bob.token, groupId, `live REST ${i}`);
          sentSoFar += 1;
        }
      })(),
      (async () => {
        for (let i = 0; i < count; i += 1) {
          await sender.invoke('SendMessage', groupId, `live hub ${i}`);
          sentSoFar += 1;
        }
      })(),
    ]);

    const readers = [];
    // Each round: live traffic starts, then a new connection subscribes with afterSeq.
    for (const afterSeq of [0, 25, BACKLOG - 1]) {
      const reader = await hubs.connect(alice.token, { label: `alice (afterSeq ${afterSeq})` });
      readers.push({ reader, afterSeq });
      const base = sentSoFar;
      const traffic = liveTraffic(15);
      try {
        const sentBefore = await waitFor(() => (sentSoFar >= base + 4 ? sentSoFar : 0),
                                         () => `a few live messages before subscribing (${sentSoFar - base} sent)`);
        await reader.invoke('ConnectToGroup', groupId, afterSeq);
        const atCompletion = reader.seqs(groupId);
        assert.ok(atCompletion.length > 0 && atCompletion.at(-1) >= sentBefore,
                  `when ConnectToGroup(${afterSeq}) completed, the ${sentBefore} messages stored before ` +
                  `the call should have been delivered: ${reader.describe(groupId)}`);
        assert.deepEqual(atCompletion, range(afterSeq + 1, atCompletion.at(-1)),
                         `at completion, consecutive from ${afterSeq + 1}: ${reader.describe(groupId)}`);
      } finally {
        await traffic.catch(() => {}); // settle it even when an assertion above failed
      }
      await traffic;
    }

    const last = sentSoFar;
    assert.equal(last, BACKLOG + 3 * 30);
    for (const { reader } of readers) await reader.waitForSeq(groupId, last);
    await sleep(SETTLE_MS);
    const stored = await history(server.url, alice.token, groupId);
    assert.deepEqual(stored.map((dto) => dto.seq), range(1, last), 'history is complete');
    for (const { reader, afterSeq } of readers) {
      assert.deepEqual(reader.seqs(groupId), range(afterSeq + 1, last),
                       `exactly seq ${afterSeq + 1}..${last} once each, in order: ${reader.describe(groupId)}`);
      assert.deepEqual(reader.received, stored.slice(afterSeq), `${reader.label}: DTOs equal history`);
    }
  });
});
