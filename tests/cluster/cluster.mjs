// Test harness for several nodes: a fresh PostgreSQL database on the server the suite is
// given (CHAT_TEST_POSTGRES_URL, started by `make test`), a redis-server of the test's
// own on a free loopback port (so a test may kill it), and chatserver nodes joined by
// both. Every node signs with the same JWT key, as a cluster must.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

import { freePort, launchServer } from '../support/launch-server.mjs';
import {
  REPO_ROOT, requireServerBinary, TEST_JWT_KEY, withRegistrationsUnlimited,
} from '../integration/server.mjs';

const run = promisify(execFile);

/** The PostgreSQL server the suite runs against; fails with the fix when none is given. */
export function postgresUrl() {
  const url = process.env.CHAT_TEST_POSTGRES_URL;
  assert.ok(url && url !== 'skip',
            'CHAT_TEST_POSTGRES_URL must name a PostgreSQL server (make test starts one: ' +
            'scripts/start-postgres.sh DIR PORT prints its URL)');
  return url;
}

let databases = 0;

/** Creates an empty database on the suite's server; resolves with its URL. */
export async function createDatabase(serverUrl = postgresUrl()) {
  const name = `chat_cluster_${process.pid}_${++databases}_${Date.now()}`;
  await run('psql', [serverUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `CREATE DATABASE ${name}`]);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

export async function dropDatabase(database, serverUrl = postgresUrl()) {
  await run('psql', [serverUrl, '-q', '-c', `DROP DATABASE IF EXISTS ${database.name} WITH (FORCE)`])
    .catch(() => {});
}

/** A redis-server of the test's own: start(), kill() (SIGKILL), restart() on the same port. */
export class RedisServer {
  constructor() {
    this.port = 0;
    this.process = null;
  }

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start() {
    if (!this.port) this.port = await freePort();
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1',
                                         '--save', '', '--appendonly', 'no'],
                        { stdio: ['ignore', 'pipe', 'pipe'] });
    this.process = child;
    let output = '';
    child.stdout.on('data', (chunk) => { output = (output + chunk).slice(-4000); });
    child.stderr.on('data', (chunk) => { output = (output + chunk).slice(-4000); });
    const spawnFailed = new Promise((_, reject) => child.once('error', reject));
    const ready = (async () => {
      for (let i = 0; i < 200; ++i) {
        if (output.includes('Ready to accept connections')) return;
        if (child.exitCode !== null) break;
        await sleep(25);
      }
      throw new Error(`redis-server did not start on port ${this.port}:\n${output}`);
    })();
    await Promise.race([ready, spawnFailed]);
  }

  async kill() {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async restart() {
    await this.kill();
    await this.start();
  }

  /** Runs a redis-cli command against this server; resolves with its output. */
  async cli(...args) {
    const { stdout } = await run('redis-cli', ['-p', String(this.port), ...args]);
    return stdout.trim();
  }
}

process.on('exit', () => {
  for (const redis of redisServers) redis.process?.kill('SIGKILL');
});
const redisServers = new Set();

/**
 * Starts a cluster: one database, one Redis, `nodes` chatserver nodes named a, b, c...
 * Resolves { database, redis, nodes: [{ name, url, stop(), kill() }], node(i), stop() }.
 * With `nodeUrls`, each node listens on a port fixed before it starts (kept when it is
 * started again) and is given `--node-url` http://127.0.0.1:<that port>, so that the nodes
 * pass requests for each other's hub connections on.
 */
export async function startCluster({ nodes = 2, args = [], nodeUrls = false } = {}) {
  const bin = requireServerBinary();
  const database = await createDatabase();
  const redis = new RedisServer();
  redisServers.add(redis);
  await redis.start();
  const dataDir = await mkdtemp(join(tmpdir(), 'chatserver-cluster-'));
  const cluster = { database, redis, nodes: [], dataDir };

  const ports = {};
  cluster.startNode = async (name) => {
    const urlArgs = [];
    if (nodeUrls) {
      ports[name] ??= await freePort();
      urlArgs.push('--node-url', `http://127.0.0.1:${ports[name]}`);
    }
    const server = await launchServer({
      bin,
      name: `node ${name}`,
      cwd: REPO_ROOT,
      port: ports[name] ?? 0,
      args: ['--bind', '127.0.0.1', '--data-dir', join(dataDir, name), '--jwt-key', TEST_JWT_KEY,
             '--database', database.url, '--redis', redis.url, '--node-id', `node-${name}`,
             '--bus-sweep-interval', '1000', ...urlArgs, ...withRegistrationsUnlimited(args)],
    });
    const node = {
      name,
      server,
      url: server.url,
      stop: () => server.stop(),
      kill: async () => {
        server.process.kill('SIGKILL');
        await server.exited;
      },
    };
    return node;
  };

  try {
    for (let i = 0; i < nodes; ++i) {
      cluster.nodes.push(await cluster.startNode(String.fromCharCode(97 + i)));
    }
  } catch (error) {
    await cluster.nodes.reduce((p, n) => p.then(() => n.kill()), Promise.resolve());
    await redis.kill();
    await dropDatabase(database);
    throw error;
  }

  cluster.stop = async () => {
    const stopped = await Promise.allSettled(cluster.nodes.map(async (node) => {
      if (node.server.process.exitCode === null && node.server.process.signalCode === null) {
        const outcome = await node.stop();
        assert.equal(outcome.code, 0, `node ${node.name} should stop cleanly`);
      }
    }));
    await redis.kill();
    redisServers.delete(redis);
    await dropDatabase(database);
    await rm(dataDir, { recursive: true, force: true });
    for (const result of stopped) if (result.status === 'rejected') throw result.reason;
  };
  return cluster;
}

/** Polls `probe` until it returns something truthy, or fails with `what` after `timeout`. */
export async function eventually(probe, what, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) {
      assert.fail(typeof what === 'function' ? what() : what);
    }
    await sleep(50);
  }
}
