// Process lifecycle: graceful shutdown on SIGTERM, and the harness's own failure path.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';

import { newUser, request, startServer } from './server.mjs';

describe('process lifecycle', () => {
  test('SIGTERM stops the server with exit code 0 within 10 s', async () => {
    const server = await startServer();
    try {
      // Work has been done (database open, connections kept alive) before the signal.
      await newUser(server.url, 'shutdown');
      assert.equal((await request(server.url, 'GET', '/healthz')).status, 200);
    } finally {
      const started = Date.now();
      const outcome = await server.stop(); // throws unless the exit code is 0 within 10 s
      assert.deepEqual(outcome, { code: 0, signal: null });
      assert.ok(Date.now() - started < 10_000);
    }
    assert.equal(existsSync(server.dataDir), false, 'the harness removed the data directory');
    await assert.rejects(fetch(`${server.url}/healthz`), 'nothing listens after shutdown');
  });

  test('a server that cannot start makes startServer reject with its output', async () => {
    // --max-body-bytes must be at least 1024, so the server refuses to start.
    await assert.rejects(startServer(['--max-body-bytes', '1']), (error) => {
      assert.match(error.message, /exited early/);
      return true;
    });
  });
});
