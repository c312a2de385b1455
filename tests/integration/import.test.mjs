// `chatserver admin import-original`: the original ASP.NET Core server's users, groups,
// members and history, moved into a new database, after which people log in with the
// passwords they had. The hashes are made here with Node's own PBKDF2, in ASP.NET Core
// Identity's V2 and V3 layouts, so the server is checked against an independent maker.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  getHistory, listGroups, login, request, requireServerBinary, startServer,
} from './server.mjs';

function admin(dataDir, args) {
  const result = spawnSync(requireServerBinary(), ['admin', ...args, '--data-dir', dataDir], {
    encoding: 'utf8', timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Identity V3: 0x01, PRF, iterations, salt size (big-endian uint32s), salt, subkey. */
function identityV3(password, { prf = 1, iterations = 10_000 } = {}) {
  const salt = randomBytes(16);
  const digest = ['sha1', 'sha256', 'sha512'][prf];
  const subkey = pbkdf2Sync(password, salt, iterations, 32, digest);
  const header = Buffer.alloc(13);
  header[0] = 0x01;
  header.writeUInt32BE(prf, 1);
  header.writeUInt32BE(iterations, 5);
  header.writeUInt32BE(salt.length, 9);
  return Buffer.concat([header, salt, subkey]).toString('base64');
}

/** Identity V2: 0x00, a 16-byte salt, PBKDF2-HMAC-SHA1 with 1,000 iterations, 32 bytes. */
function identityV2(password) {
  const salt = randomBytes(16);
  const subkey = pbkdf2Sync(password, salt, 1000, 32, 'sha1');
  return Buffer.concat([Buffer.from([0x00]), salt, subkey]).toString('base64');
}

// The original's rule was 6 characters at least; these passwords are shorter than ours.
const ALICE_PASSWORD = 'alice6';
const BOB_PASSWORD = 'bob-pw';

function originalTables() {
  return {
    AspNetUsers: [
      { Id: 'a1b2', UserName: 'alice', NormalizedUserName: 'ALICE', Email: 'alice@example.com',
        PasswordHash: identityV3(ALICE_PASSWORD) },
      { Id: 'c3d4', UserName: 'bob', NormalizedUserName: 'BOB', Email: null,
        PasswordHash: identityV2(BOB_PASSWORD) },
    ],
    Players: [
      { Id: 1, IdentityId: 'a1b2', UserName: 'alice', FirstName: 'Alice', LastName: 'Anders',
        Created: '2019-12-01T09:00:00.0000000' },
      { Id: 2, IdentityId: 'c3d4', UserName: 'bob', FirstName: 'Bob', LastName: null,
        Created: '2019-12-01T09:05:00.0000000' },
    ],
    Groups: [{ Id: 5, Name: 'General', Created: '2019-12-01T10:00:00.0000000' }],
    PlayerGroupMappings: [{ Id: 1, PlayerId: 1, GroupId: 5, Created: '2019-12-01T10:00:00' }],
    // Bob posted in General and has left it since (his mapping is gone).
    MessageHistories: [
      { Id: 11, GroupId: 5, PlayerId: 2, Message: 'second, from bob', Created: '2019-12-02T08:01:00.25' },
      { Id: 10, GroupId: 5, PlayerId: 1, Message: 'first, from alice', Created: '2019-12-02T08:00:00' },
    ],
  };
}

function csvField(value) {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

async function writeCsvDirectory(dir, tables) {
  await mkdir(dir, { recursive: true });
  for (const [name, rows] of Object.entries(tables)) {
    const columns = Object.keys(rows[0]);
    const lines = [columns.join(','), ...rows.map((row) => columns.map((c) => csvField(row[c])).join(','))];
    await writeFile(join(dir, `${name}.csv`), `${lines.join('\r\n')}\r\n`);
  }
}

async function expectImported(server) {
  const alice = await login(server.url, 'alice', ALICE_PASSWORD);
  const again = await login(server.url, 'ALICE', ALICE_PASSWORD);
  assert.equal(typeof again, 'string', 'the rehashed password still logs in');
  const bob = await login(server.url, 'bob', BOB_PASSWORD);
  const wrong = await request(server.url, 'POST', '/api/Auth/login',
                              { json: { userName: 'alice', password: 'alice7' } });
  assert.equal(wrong.status, 401, wrong.text);

  const groups = await listGroups(server.url, alice);
  assert.deepEqual(groups.map((g) => [g.name, g.isMember]), [['General', true]]);
  const history = await getHistory(server.url, alice, groups[0].groupId);
  assert.equal(history.status, 200, history.text);
  assert.deepEqual(history.body.map((m) => [m.seq, m.message, m.playerName]),
                   [[1, 'first, from alice', 'alice'], [2, 'second, from bob', 'bob']]);
  assert.match(history.body[1].sentOn, /^2019-12-02T08:01:00\.25/);
  const left = await listGroups(server.url, bob);
  assert.equal(left[0].isMember, false, 'whoever had left stays out');
}

describe('admin import-original', () => {
  let work;
  const servers = [];
  before(async () => { work = await mkdtemp(join(tmpdir(), 'chatserver-import-')); });
  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await rm(work, { recursive: true, force: true });
  });

  async function freshServer() {
    const server = await startServer();
    servers.push(server);
    return server;
  }

  test('a JSON export: people log in with their old passwords and see their history', async () => {
    const server = await freshServer();
    const file = join(work, 'export.json');
    await writeFile(file, JSON.stringify(originalTables()));
    const imported = admin(server.dataDir, ['import-original', file]);
    assert.equal(imported.status, 0, imported.stderr);
    assert.match(imported.stdout,
                 /Imported 2 users \(0 without a password.*\), 1 groups, 1 memberships, 2 messages \(1 people had left/);
    await expectImported(server);

    const twice = admin(server.dataDir, ['import-original', file]);
    assert.notEqual(twice.status, 0);
    assert.match(twice.stderr, /already has users, groups or messages/);
  });

  test('a directory of CSV files imports the same', async () => {
    const server = await freshServer();
    const dir = join(work, 'csv');
    await writeCsvDirectory(dir, originalTables());
    const imported = admin(server.dataDir, ['import-original', dir]);
    assert.equal(imported.status, 0, imported.stderr);
    await expectImported(server);
  });

  test('a bad export is refused with the row at fault, and nothing is written', async () => {
    const server = await freshServer();
    const tables = originalTables();
    tables.MessageHistories.push({ Id: 12, GroupId: 5, PlayerId: 9, Message: 'x', Created: null });
    const dangling = join(work, 'dangling.json');
    await writeFile(dangling, JSON.stringify(tables));
    const refused = admin(server.dataDir, ['import-original', dangling]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /MessageHistories row 12: no Players row 9/);

    const forged = originalTables();
    forged.AspNetUsers[0].PasswordHash = 'AQAAAAIAD0JBAAAAEAABAgMEBQYHCAkKCwwNDg9B0Oxwty+PGIDSp95gcCfzeDvA4sGapUIUov8usXfD6A==';
    const costly = join(work, 'costly.json');
    await writeFile(costly, JSON.stringify(forged));
    const tooCostly = admin(server.dataDir, ['import-original', costly]);
    assert.equal(tooCostly.status, 1);
    assert.match(tooCostly.stderr, /AspNetUsers row 1: PasswordHash .*too many/);

    const missing = admin(server.dataDir, ['import-original', join(work, 'nothing.json')]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /cannot read/);

    const stats = admin(server.dataDir, ['stats', '--json']);
    assert.equal(stats.status, 0, stats.stderr);
    assert.equal(JSON.parse(stats.stdout).users, 0);
    assert.equal(admin(server.dataDir, ['import-original', '--help']).status, 0);
  });
});
