// `make deb`: the package's contents and control data, lintian's verdict, the systemd unit's
// hardening, and the unit's command line started from the package's files in a throwaway root.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchServer } from '../support/launch-server.mjs';
import { REPO_ROOT } from '../integration/server.mjs';

const run = (command, args, options = {}) =>
  execFileSync(command, args, { cwd: REPO_ROOT, encoding: 'utf8', ...options });

describe('the Debian package', () => {
  let deb;
  let root;
  before(async () => {
    deb = resolve(REPO_ROOT, run('scripts/build-deb.sh', []).trim());
    root = await mkdtemp(join(tmpdir(), 'chatserver-deb-'));
    run('dpkg-deb', ['-x', deb, root]);
  });
  after(async () => { if (root) await rm(root, { recursive: true, force: true }); });

  test('holds the binary, the web client, Swagger UI, the config file and the unit', () => {
    const contents = run('dpkg-deb', ['--contents', deb]);
    for (const path of [
      './usr/bin/chatserver', './etc/chatserver/chatserver.conf',
      './lib/systemd/system/chatserver.service', './usr/share/chatserver/web/dist/index.html',
      './usr/share/chatserver/node_modules/swagger-ui-dist/swagger-ui-bundle.js',
      './usr/share/doc/chatserver/copyright', './usr/share/doc/chatserver/changelog.gz',
    ]) {
      assert.match(contents, new RegExp(` ${path.replaceAll('.', '\\.')}\n`), path);
    }
    assert.doesNotMatch(contents, /\.map\n|\/var\/lib/, 'no source maps; the data dir is the unit\'s');
    assert.equal(run('dpkg-deb', ['-f', deb, 'Package']).trim(), 'chatserver');
    const depends = run('dpkg-deb', ['-f', deb, 'Depends']);
    assert.match(depends, /^adduser, /);
    for (const needed of ['libsqlite3-0', 'libpq5', 'libsodium23', 'libsystemd0']) {
      assert.match(depends, new RegExp(`\\b${needed} \\(>= `), depends);
    }
    const conffiles = run('dpkg-deb', ['-I', deb, 'conffiles']);
    assert.equal(conffiles.trim(), '/etc/chatserver/chatserver.conf');
  });

  test('lintian finds no error', () => {
    const lintian = spawnSync('lintian', ['--fail-on', 'error', deb], { encoding: 'utf8' });
    assert.equal(lintian.status, 0, lintian.stdout + lintian.stderr);
  });

  test('the unit is of Type=notify, runs as chatserver and is hardened', async () => {
    const unit = await readFile(join(root, 'lib/systemd/system/chatserver.service'), 'utf8');
    for (const line of ['Type=notify', 'User=chatserver', 'StateDirectory=chatserver',
                        'NoNewPrivileges=yes', 'ProtectSystem=strict', 'ProtectHome=yes',
                        'PrivateTmp=yes', 'CapabilityBoundingSet=', 'SystemCallFilter=@system-service']) {
      assert.match(unit, new RegExp(`^${line}$`, 'm'), line);
    }
    // systemd's own score of the unit's sandbox, shown from 0 (tightest) to 10 (none);
    // --threshold counts in tenths of it: more than 2.0 fails.
    const security = spawnSync('systemd-analyze', [
      'security', '--offline=true', `--root=${root}`, '--threshold=20', 'chatserver.service',
    ], { encoding: 'utf8' });
    assert.equal(security.status, 0, security.stdout + security.stderr);
    assert.match(security.stdout, /Overall exposure level for chatserver\.service: [01]\.\d/);
  });

  test('the unit\'s command line serves from the package\'s files', async () => {
    const unit = await readFile(join(root, 'lib/systemd/system/chatserver.service'), 'utf8');
    const execStart = unit.match(/^ExecStart=(.*)$/m)[1].split(/\s+/);
    const [bin, ...args] = execStart.map((word) => (word.startsWith('/') ? join(root, word) : word));
    const config = await readFile(join(root, 'etc/chatserver/chatserver.conf'), 'utf8');
    assert.match(config, /^web-root = \/usr\/share\/chatserver$/m);
    const dataDir = await mkdtemp(join(tmpdir(), 'chatserver-deb-data-'));
    // The unit's paths live under the throwaway root; flags outrank the config file.
    const server = await launchServer({
      bin, args: [...args, '--data-dir', dataDir, '--web-root', join(root, 'usr/share/chatserver')],
      cwd: tmpdir(), name: 'Packaged server',
    });
    try {
      const page = await fetch(`${server.url}/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<div id="app"/);
      assert.equal((await fetch(`${server.url}/swagger/swagger-ui-bundle.js`)).status, 200);
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      const logLine = server.logs().output.split('\n').find((line) => line.startsWith('{'));
      assert.ok(logLine && JSON.parse(logLine).level, 'the config file\'s log-format = json');
    } finally {
      const outcome = await server.stop();
      await rm(dataDir, { recursive: true, force: true });
      assert.equal(outcome.code, 0, server.logs().stderr);
    }
  });
});
