// `chatserver admin ...` on the cluster's PostgreSQL database while two nodes serve it: what
// an operator does on one machine holds on every node.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { startCluster } from './cluster.mjs';
import {
  DEFAULT_PASSWORD, createGroup, getHistory, login, newUser, request, requireServerBinary,
  sendMessage, uniqueName,
} from '../integration/server.mjs';

describe('admin commands on PostgreSQL', () => {
  let cluster;
  const admin = (args, { input } = {}) => {
    const result = spawnSync(requireServerBinary(),
                             ['admin', ...args, '--database', cluster.database.url],
                             { input, encoding: 'utf8', timeout: 30_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  before(async () => { cluster = await startCluster({ nodes: 2 }); });
  after(async () => { await cluster?.stop(); });

  test('migrate --status sees what the nodes applied', () => {
    const status = admin(['migrate', '--status']);
    assert.equal(status.status, 0, status.stderr);
    assert.match(status.stdout, /^0 pending$/m);
  });

  test('an account made by admin logs in on both nodes; a lock holds on both', async () => {
    const [a, b] = cluster.nodes;
    const name = uniqueName('pgadmin');
    const made = admin(['user', 'create', name, '--password-stdin'],
                       { input: `${DEFAULT_PASSWORD}\n` });
    assert.equal(made.status, 0, made.stderr);
    assert.equal(typeof (await login(a.url, name)), 'string');
    assert.equal(typeof (await login(b.url, name)), 'string');

    assert.equal(admin(['user', 'lock', name]).status, 0);
    for (const node of [a, b]) {
      const refused = await request(node.url, 'POST', '/api/Auth/login',
                                    { json: { userName: name, password: DEFAULT_PASSWORD } });
      assert.equal(refused.status, 403, `node ${node.name}: ${refused.text}`);
    }
    assert.equal(admin(['user', 'unlock', name]).status, 0);
    assert.equal(typeof (await login(b.url, name)), 'string');
  });

  test('group delete and stats; backup names pg_dump', async () => {
    const [a, b] = cluster.nodes;
    const owner = await newUser(a.url, 'pgowner');
    const group = await createGroup(a.url, owner.token);
    assert.equal((await sendMessage(a.url, owner.token, group, 'hello')).status, 200);
    const stats = JSON.parse(admin(['stats', '--json']).stdout);
    assert.ok(stats.messages >= 1 && stats.groups >= 1 && stats.bytes > 0, JSON.stringify(stats));

    assert.equal(admin(['group', 'delete', String(group)]).status, 0);
    assert.equal((await getHistory(b.url, owner.token, group)).status, 404);

    const backup = admin(['backup', '/tmp/never-written.db']);
    assert.notEqual(backup.status, 0);
    assert.match(backup.stderr, /pg_dump/);
  });
});
