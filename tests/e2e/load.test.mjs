// 200 concurrent @microsoft/signalr connections in one group: every connection receives every
// message exactly once, in seq order.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';

import {
  SETTLE_MS, createSharedGroup, mapLimit, range, restSend, sleep, useHubServer, waitFor,
} from './hub.mjs';

const USERS = 10;
const CONNECTIONS_PER_USER = 20;
const SENDERS = 3;
const MESSAGES_PER_SENDER = 20;
const DELIVERY_TIMEOUT_MS = 30_000;

describe(`${USERS * CONNECTIONS_PER_USER} connections in one group`, { timeout: 90_000 }, () => {
  const crowd = useHubServer({ users: range(1, USERS).map((n) => `crowd${n}`),
                               serverArgs: ['--max-group-members', '0'] });
  const { server, hubs } = crowd;
  const users = Object.values(crowd.users);
  let groupId;
  let clients; // clients[u * CONNECTIONS_PER_USER + k] is connection k of user u
  before(async () => {
    groupId = await createSharedGroup(server.url, users[0], ...users.slice(1));
    const plan = users.flatMap((user, u) => range(1, CONNECTIONS_PER_USER).map((k) => ({ user, u, k })));
    clients = await mapLimit(plan, 25, ({ user, u, k }) =>
      hubs.subscribe(user.token, groupId, { label: `user ${u} connection ${k}` }));
  });

  test(`${SENDERS} senders × ${MESSAGES_PER_SENDER} messages (REST and hub) reach every connection in order`, async () => {
    assert.equal(clients.length, USERS * CONNECTIONS_PER_USER);
    const total = SENDERS * MESSAGES_PER_SENDER;
    const sent = await Promise.all(range(0, SENDERS - 1).map(async (s) => {
      const user = users[s];
      const viaHub = clients[s * CONNECTIONS_PER_USER];
      const dtos = [];
      for (let i = 0; i < MESSAGES_PER_SENDER; i += 1) {
        const text = `sender ${s} message ${i}`;
        dtos.push(i % 2 === 0 ? await restSend(server.url, user.token, groupId, text)
                              : await viaHub.invoke('SendMessage', groupId, text));
      }
      return dtos;
    }));
    const allSeqs = sent.flat().map((dto) => dto.seq).sort((x, y) => x - y);
    assert.deepEqual(allSeqs, range(1, total), 'the sends got seq 1..60');
    for (const dtos of sent) {
      const seqs = dtos.map((dto) => dto.seq);
      assert.deepEqual(seqs, [...seqs].sort((x, y) => x - y), "one sender's messages get increasing seqs");
    }

    await waitFor(() => clients.every((client) => client.received.length >= total), () => {
      const behind = clients.filter((client) => client.received.length < total);
      const closed = clients.filter((client) => client.closed).length;
      return `all ${clients.length} connections to get ${total} messages; ${behind.length} are behind ` +
             `(fewest: ${Math.min(...behind.map((c) => c.received.length))}); ${closed} closed; ` +
             `e.g. ${behind.slice(0, 3).map((c) => c.describe()).join('; ')}`;
    }, DELIVERY_TIMEOUT_MS);
    await sleep(SETTLE_MS);

    const byId = new Map(sent.flat().map((dto) => [dto.messageId, dto]));
    const failures = [];
    for (const client of clients) {
      const seqs = client.received.map((dto) => dto?.seq);
      const increasing = seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]);
      const complete = seqs.length === total && seqs.every((seq, i) => seq === i + 1);
      const exact = client.received.every((dto) => isDeepStrictEqual(byId.get(dto?.messageId), dto));
      if (!increasing || !complete || !exact) {
        failures.push(`${client.describe()}${exact ? '' : ' (some DTOs differ from what the senders got)'}`);
      }
    }
    assert.ok(failures.length === 0, `${failures.length} of ${clients.length} connections did not get ` +
                                   `seq 1..${total} exactly once in order:\n${failures.slice(0, 5).join('\n')}`);
  });
});
