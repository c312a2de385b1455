// Shared helpers of the fault suites: a server kept on a data directory of the test's own
// (so it can be killed and started again on it), senders over the hub and REST that record
// what was acknowledged, and the check every fault test ends with: each acknowledged message
// is in history exactly once and each group's seq runs 1..n without a gap.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

import { HubClients, sleep, withTimeout } from '../e2e/hub.mjs';
import {
  REPO_ROOT, request, requireServerBinary, sendMessage, testServerArgs,
} from '../integration/server.mjs';
import { launchServer } from '../support/launch-server.mjs';

export const run = promisify(execFile);

/** Words of SQLite's own error texts, which a client must never read. */
export const SQLITE_WORDS = /sqlite|disk is full|disk I\/O|database is locked|database table is locked|readonly database|SQLITE_/i;

/**
 * A server on `dataDir`, which outlives it: { url, port, pid, process, hubs, alive(), kill(),
 * stop() }; `env` replaces the server's environment.
 * kill() is SIGKILL; stop() is SIGTERM and wants exit code 0. Either closes `hubs` first
 * (stop) or after (kill: the connections see the server die, as clients would).
 */
export async function startOn(dataDir, extraArgs = [], { name = 'Server', env } = {}) {
  const server = await launchServer({
    bin: requireServerBinary(), args: testServerArgs(dataDir, extraArgs), cwd: REPO_ROOT, name, env,
  });
  const hubs = new HubClients(server);
  return {
    url: server.url,
    port: server.port,
    pid: server.process.pid,
    process: server.process,
    hubs,
    logs: server.logs,
    alive: () => server.process.exitCode === null && server.process.signalCode === null,
    async kill() {
      server.process.kill('SIGKILL');
      await server.exited;
      await hubs.stopAll();
    },
    async stop() {
      await hubs.stopAll();
      const outcome = await server.stop();
      assert.deepEqual(outcome, { code: 0, signal: null },
                       `${name} exits with 0 on SIGTERM; stderr:\n${server.logs().stderr}`);
    },
  };
}

/** The server's resident memory in KiB (VmRSS of /proc/PID/status). */
export async function rssKiB(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  assert.ok(match, `VmRSS in /proc/${pid}/status`);
  return Number(match[1]);
}

/** Every stored message of a group, oldest first, paged by `after` (1000 a page). */
export async function allHistory(url, token, groupId) {
  const messages = [];
  for (;;) {
    const after = messages.length === 0 ? 0 : messages.at(-1).seq;
    const response = await request(url, 'GET',
                                   `/api/Messages/groups/${groupId}?after=${after}&limit=1000`, { token });
    assert.equal(response.status, 200, `history of group ${groupId} after ${after}: ${response.text}`);
    messages.push(...response.body);
    if (response.body.length < 1000) return messages;
  }
}

/**
 * The check every fault test ends with. `attempts` are the Sender outcomes (acknowledged or
 * not) of sends to this group; each send has a text of its own. Every acknowledged one is
 * stored exactly once, as acknowledged; no text is stored twice; seq is 1..n. Returns the
 * stored messages.
 */
export async function assertAckedKeptOnce(url, token, groupId, attempts) {
  const stored = await allHistory(url, token, groupId);
  const seqs = stored.map((m) => m.seq);
  const gaps = seqs.filter((seq, i) => seq !== i + 1);
  assert.equal(gaps.length, 0, `group ${groupId}: seq is 1..${stored.length} without a gap ` +
                               `(first off: ${gaps.slice(0, 5)})`);
  const byText = new Map();
  for (const message of stored) {
    assert.ok(!byText.has(message.message), `group ${groupId}: "${message.message}" is stored twice ` +
                                            `(seq ${byText.get(message.message)?.seq} and ${message.seq})`);
    byText.set(message.message, message);
  }
  const sent = new Set(attempts.filter((a) => a.groupId === groupId).map((a) => a.text));
  const invented = stored.filter((m) => !sent.has(m.message));
  assert.equal(invented.length, 0, `group ${groupId}: stored but never sent: ${JSON.stringify(invented.slice(0, 3))}`);
  const acked = attempts.filter((a) => a.groupId === groupId && a.ok);
  const missing = acked.filter((a) => !byText.has(a.text));
  assert.equal(missing.length, 0, `group ${groupId}: ${missing.length} of ${acked.length} acknowledged ` +
                                  `messages are not in history, e.g. ` +
                                  JSON.stringify(missing.slice(0, 3).map(({ via, cid, dto }) => ({ via, cid, seq: dto.seq }))));
  for (const a of acked) {
    const kept = byText.get(a.text);
    assert.equal(kept.messageId, a.dto.messageId, `"${a.text}" is stored as acknowledged`);
    assert.equal(kept.seq, a.dto.seq, `"${a.text}" keeps the seq it was acknowledged with`);
  }
  return stored;
}

/**
 * One sender: over a started HubClient (`hub`) or else over REST, as the user of `token`
 * (kept in each attempt, so a retry can come from the same user), sends to `groupIds` in
 * turn, `inFlight` sends at a time, each with a text and clientMessageId of its own, until
 * stop() or, with `stopOnError`, the first failure. Every attempt lands in `attempts` as
 * { via, token, groupId, text, cid, ok, dto | error, status, response }.
 */
export class Sender {
  constructor({ label, url, hub, token, groupIds, attempts, inFlight = 1, pauseMs = 0,
                textSize = 0, stopOnError = false }) {
    Object.assign(this, { label, url, hub, token, groupIds, attempts, inFlight, pauseMs, stopOnError });
    this.padding = textSize > 0 ? ` ${'x'.repeat(textSize)}` : '';
    this.count = 0;
    this.stopped = false;
    this.done = undefined;
  }

  start() {
    this.done = Promise.all(Array.from({ length: this.inFlight }, (_, lane) => this.#lane(lane)));
    return this;
  }

  async stop() {
    this.stopped = true;
    await withTimeout(this.done, `${this.label}: the sends in flight end`, 30_000);
  }

  /** One send, recorded; resolves with the attempt. */
  async send(groupId, text, cid) {
    const attempt = {
      via: this.hub ? 'hub' : 'rest', token: this.token, groupId, text, cid, ok: false, started: Date.now(),
    };
    try {
      if (this.hub) {
        attempt.dto = await this.hub.invoke('SendMessage', groupId, text, cid);
        attempt.ok = true;
      } else {
        const response = await sendMessage(this.url, this.token, groupId, text, cid);
        attempt.status = response.status;
        attempt.response = response;
        if (response.status >= 200 && response.status < 300) {
          attempt.dto = response.body;
          attempt.ok = true;
        } else {
          attempt.error = response.body?.message ?? response.text;
        }
      }
    } catch (error) {
      attempt.error = error?.message ?? String(error);
    }
    attempt.ended = Date.now();
    this.attempts.push(attempt);
    return attempt;
  }

  async #lane(lane) {
    while (!this.stopped) {
      const n = ++this.count;
      const groupId = this.groupIds[n % this.groupIds.length];
      const cid = `${this.label}-${lane}-${n}`;
      const attempt = await this.send(groupId, `${cid}${this.padding}`, cid);
      if (!attempt.ok && this.stopOnError) return;
      if (!attempt.ok) await sleep(20);  // a refused send is not retried in a tight loop
      else if (this.pauseMs > 0) await sleep(this.pauseMs);
    }
  }
}

/** Counts of attempts: acked, refused, and the distinct error texts (with HTTP statuses). */
export function summarize(attempts) {
  const errors = new Map();
  for (const a of attempts.filter((x) => !x.ok)) {
    const key = `${a.via}${a.status ? ` ${a.status}` : ''}: ${a.error}`;
    errors.set(key, (errors.get(key) ?? 0) + 1);
  }
  return {
    acked: attempts.filter((a) => a.ok).length,
    refused: attempts.length - attempts.filter((a) => a.ok).length,
    errors: Object.fromEntries(errors),
  };
}

/**
 * Asserts a refused send was refused clearly: a hub completion error or an HTTP 507/503 with
 * a JSON `message`, in the server's words, not SQLite's.
 */
export function assertClearRefusal(attempt) {
  const label = `${attempt.via} send "${attempt.cid}" refused with ${attempt.status ?? ''} ${attempt.error}`;
  if (attempt.via === 'rest') {
    assert.ok([503, 507].includes(attempt.status), `HTTP 503 or 507: ${label}`);
    assert.match(attempt.response.headers.get('content-type') ?? '', /json/i, label);
    assert.equal(typeof attempt.response.body?.message, 'string', `a JSON message: ${label}`);
  }
  assert.ok(typeof attempt.error === 'string' && attempt.error.length > 0, `an error text: ${label}`);
  assert.doesNotMatch(attempt.error, SQLITE_WORDS, `no SQLite wording: ${label}`);
}

export { sleep };
