// `chatserver admin ...`: the operator's commands, run against the database of a server that
// is running (SQLite lets both at once), and what the server then does.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  DEFAULT_PASSWORD, createGroup, expectError, getHistory, login, loginSession, newUser, request,
  requireServerBinary, sendMessage, startServer, uniqueName,
} from './server.mjs';

/** Runs `chatserver admin ARGS --data-dir DIR`; { status, stdout, stderr }. */
function admin(dataDir, args, { input } = {}) {
  const result = spawnSync(requireServerBinary(), ['admin', ...args, '--data-dir', dataDir], {
    input, encoding: 'utf8', timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectFailure(result, message) {
  assert.notEqual(result.status, 0, result.stdout);
  assert.match(result.stderr, message);
}

function loginRaw(url, userName, password) {
  return request(url, 'POST', '/api/Auth/login', { json: { userName, password } });
}

describe('admin commands', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });

  test('--help lists the commands; a missing or unknown one fails', () => {
    const help = admin(server.dataDir, ['--help']);
    assert.equal(help.status, 0, help.stderr);
    for (const name of ['migrate', 'user', 'group', 'backup', 'stats']) {
      assert.match(help.stdout, new RegExp(`\\b${name}\\b`));
    }
    const userHelp = admin(server.dataDir, ['user', 'create', '--help']);
    assert.equal(userHelp.status, 0);
    assert.match(userHelp.stdout, /--password-stdin/);
    assert.notEqual(admin(server.dataDir, []).status, 0);
    assert.notEqual(admin(server.dataDir, ['user', 'promote', 'x']).status, 0);
    assert.notEqual(admin(server.dataDir, ['user', 'lock']).status, 0, 'a name is required');
  });

  test('user create: the account logs in; bad input is refused with its reason', async () => {
    const name = uniqueName('made');
    const made = admin(server.dataDir, ['user', 'create', name, '--email', 'm@example.com',
                                        '--password-stdin'], { input: `${DEFAULT_PASSWORD}\n` });
    assert.equal(made.status, 0, made.stderr);
    assert.match(made.stdout, new RegExp(`Created user ${name} \\(id \\d+\\)`));
    assert.doesNotMatch(made.stdout, /Password/, 'no password shown when one was given');
    assert.equal(typeof (await login(server.url, name)), 'string');

    expectFailure(admin(server.dataDir, ['user', 'create', name, '--password-stdin'],
                        { input: `${DEFAULT_PASSWORD}\n` }), /User name is already taken/);
    expectFailure(admin(server.dataDir, ['user', 'create', uniqueName('short'),
                                         '--password-stdin'], { input: 'short\n' }),
                  /password must be at least 8 characters/);
    expectFailure(admin(server.dataDir, ['user', 'create', 'no spaces allowed',
                                         '--password-stdin'], { input: `${DEFAULT_PASSWORD}\n` }),
                  /userName may contain only/);
    expectFailure(admin(server.dataDir, ['user', 'create', uniqueName('empty'),
                                         '--password-stdin'], { input: '' }),
                  /no password on stdin/);
  });

  test('user create without --password-stdin makes one up and shows it once', async () => {
    const name = uniqueName('gen');
    const made = admin(server.dataDir, ['user', 'create', name]);
    assert.equal(made.status, 0, made.stderr);
    const password = made.stdout.match(/Password \(shown only now\): (\S+)/)?.[1];
    assert.ok(password && password.length >= 16, made.stdout);
    assert.equal(typeof (await login(server.url, name, password)), 'string');
  });

  test('user lock refuses the login and the refresh; unlock lets it back in', async () => {
    const user = await newUser(server.url, 'lockme');
    const session = await loginSession(server.url, user.userName);
    const locked = admin(server.dataDir, ['user', 'lock', user.userName.toUpperCase()]);
    assert.equal(locked.status, 0, locked.stderr);

    const refused = await loginRaw(server.url, user.userName, DEFAULT_PASSWORD);
    expectError(refused, 403, 'login of a locked account');
    assert.equal(refused.body.message, 'This account is locked');
    const wrong = await loginRaw(server.url, user.userName, 'not the password');
    assert.equal(wrong.status, 401, 'a wrong password learns nothing of the lock');
    const refreshed = await request(server.url, 'POST', '/api/Auth/refresh',
                                    { json: { refreshToken: session.refreshToken } });
    assert.equal(refreshed.status, 401, refreshed.text);

    assert.equal(admin(server.dataDir, ['user', 'unlock', user.userName]).status, 0);
    assert.equal(typeof (await login(server.url, user.userName)), 'string');
    expectFailure(admin(server.dataDir, ['user', 'lock', 'nobody_here']),
                  /No user named nobody_here/);
  });

  test('user reset-password: the old password and the old sessions stop working', async () => {
    const user = await newUser(server.url, 'reset');
    const session = await loginSession(server.url, user.userName);
    const reset = admin(server.dataDir, ['user', 'reset-password', user.userName,
                                         '--password-stdin'], { input: 'a brand new one\n' });
    assert.equal(reset.status, 0, reset.stderr);
    assert.equal((await loginRaw(server.url, user.userName, DEFAULT_PASSWORD)).status, 401);
    assert.equal(typeof (await login(server.url, user.userName, 'a brand new one')), 'string');
    const refreshed = await request(server.url, 'POST', '/api/Auth/refresh',
                                    { json: { refreshToken: session.refreshToken } });
    assert.equal(refreshed.status, 401, refreshed.text);
  });

  test('user delete frees the name; the messages stay, from a deleted user', async () => {
    const owner = await newUser(server.url, 'owner');
    const leaver = await newUser(server.url, 'leaver');
    const group = await createGroup(server.url, owner.token);
    assert.equal((await request(server.url, 'POST', `/api/Groups/groups/${group}/player`,
                                { token: leaver.token, json: {} })).status, 200);
    assert.equal((await sendMessage(server.url, leaver.token, group, 'still here')).status, 200);

    const deleted = admin(server.dataDir, ['user', 'delete', leaver.userName]);
    assert.equal(deleted.status, 0, deleted.stderr);
    assert.equal((await loginRaw(server.url, leaver.userName, DEFAULT_PASSWORD)).status, 401);
    const history = await getHistory(server.url, owner.token, group);
    assert.equal(history.status, 200, history.text);
    const kept = history.body.find((m) => m.message === 'still here');
    assert.equal(kept?.playerName, `#deleted-${leaver.id}`, history.text);

    // Someone new may take the name; the old messages are not theirs.
    const again = await request(server.url, 'POST', '/api/Accounts', { json: {
      firstName: 'N', lastName: 'N', email: 'n@example.com', userName: leaver.userName,
      password: DEFAULT_PASSWORD,
    } });
    assert.equal(again.status, 200, again.text);
    assert.notEqual(again.body.id, leaver.id);
    expectFailure(admin(server.dataDir, ['user', 'delete', `#deleted-${leaver.id}`]),
                  /No user named/);
  });

  test('group list and group delete', async () => {
    const owner = await newUser(server.url, 'groups');
    const name = uniqueName('listed');
    const group = await createGroup(server.url, owner.token, name);
    await sendMessage(server.url, owner.token, group, 'one');
    await sendMessage(server.url, owner.token, group, 'two');

    const listed = admin(server.dataDir, ['group', 'list', '--json']);
    assert.equal(listed.status, 0, listed.stderr);
    const entry = JSON.parse(listed.stdout).find((g) => g.id === group);
    assert.deepEqual(entry, { id: group, name, lastSeq: 2 });
    const table = admin(server.dataDir, ['group', 'list']);
    assert.match(table.stdout, new RegExp(`\\b${group}\\s+2\\s+${name}`));

    assert.equal(admin(server.dataDir, ['group', 'delete', String(group)]).status, 0);
    expectError(await getHistory(server.url, owner.token, group), 404, 'history of a deleted group');
    expectFailure(admin(server.dataDir, ['group', 'delete', String(group)]),
                  new RegExp(`No group with id ${group}`));
    assert.notEqual(admin(server.dataDir, ['group', 'delete', 'abc']).status, 0);
  });

  test('stats counts what is stored', async () => {
    const result = admin(server.dataDir, ['stats', '--json']);
    assert.equal(result.status, 0, result.stderr);
    const stats = JSON.parse(result.stdout);
    for (const key of ['users', 'lockedUsers', 'groups', 'memberships', 'messages', 'bytes']) {
      assert.ok(Number.isInteger(stats[key]) && stats[key] >= 0, `${key}: ${result.stdout}`);
    }
    assert.ok(stats.users >= 1 && stats.bytes > 0, result.stdout);
  });

  test('backup copies the live database; the copy serves a second server', async () => {
    const user = await newUser(server.url, 'backedup');
    const dir = await mkdtemp(join(tmpdir(), 'chatserver-backup-'));
    try {
      const file = join(dir, 'copy.db');
      const backup = admin(server.dataDir, ['backup', file]);
      assert.equal(backup.status, 0, backup.stderr);
      assert.ok(existsSync(file));
      expectFailure(admin(server.dataDir, ['backup', file]), /exists already/);

      const restored = await startServer(['--database', `sqlite:${file}`]);
      try {
        assert.equal(typeof (await login(restored.url, user.userName)), 'string');
      } finally {
        await restored.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('migrate --status shows every migration applied on a server\'s database', () => {
    const status = admin(server.dataDir, ['migrate', '--status']);
    assert.equal(status.status, 0, status.stderr);
    assert.match(status.stdout, /applied\s+create users/);
    assert.match(status.stdout, /applied\s+lock accounts/);
    assert.match(status.stdout, /^0 pending$/m);
  });
});

describe('admin commands on a new database', () => {
  let dataDir;
  before(async () => { dataDir = await mkdtemp(join(tmpdir(), 'chatserver-admin-')); });
  after(async () => { await rm(dataDir, { recursive: true, force: true }); });

  test('migrate --status creates nothing; migrate applies them all, once', () => {
    const status = admin(dataDir, ['migrate', '--status']);
    assert.equal(status.status, 0, status.stderr);
    assert.doesNotMatch(status.stdout, /applied/);
    const pending = Number(status.stdout.match(/^(\d+) pending$/m)?.[1]);
    assert.ok(pending >= 6, status.stdout);
    assert.ok(!existsSync(join(dataDir, 'chatserver.db')), 'status only reads');

    const applied = admin(dataDir, ['migrate']);
    assert.equal(applied.status, 0, applied.stderr);
    assert.match(applied.stdout, new RegExp(`Applied ${pending} migrations`));
    assert.match(admin(dataDir, ['migrate']).stdout, /Up to date/);
  });

  test('user create makes a data directory that does not exist yet, as the server does', () => {
    const nested = join(dataDir, 'not', 'yet');
    const made = admin(nested, ['user', 'create', 'first_admin', '--password-stdin'],
                       { input: `${DEFAULT_PASSWORD}\n` });
    assert.equal(made.status, 0, made.stderr);
    assert.ok(existsSync(join(nested, 'chatserver.db')));
  });

  test('settings come from CHATSERVER_ variables as for the server', () => {
    const result = spawnSync(requireServerBinary(), ['admin', 'stats', '--json'], {
      encoding: 'utf8', env: { ...process.env, CHATSERVER_DATA_DIR: dataDir },
    });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).users, 0);
  });

  test('a database URL no engine takes is a clear error', () => {
    const result = spawnSync(requireServerBinary(), ['admin', 'stats', '--database', 'mysql://x'],
                             { encoding: 'utf8' });
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /Unsupported database URL/);
  });
});
