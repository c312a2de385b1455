// bench/compare: the servers. Builds chatserver and chat-bench, compiles Beast's chat-multi,
// and starts a fresh ChatServer, chat-multi or Node ws broadcast server for a run.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { freePort, launchServer } from '../../tests/support/launch-server.mjs';
import {
  HERE, ROOT, launch, readText, run, sleep, stop, tail, tailText, track, watch, workPath,
} from './processes.mjs';
import { log } from './report.mjs';

export const CHAT_MULTI_SOURCES =
  '/usr/share/doc/libboost1.81-doc/examples/libs/beast/example/websocket/server/chat-multi';
export const PEERS = ['chatserver', 'beast', 'ws'];
export const CHATSERVER = path.resolve(ROOT, process.env.CHATSERVER_BIN ?? 'build/release/chatserver');
export const CHAT_BENCH = path.resolve(ROOT, process.env.CHAT_BENCH_BIN ?? 'build/release/chat-bench');

// ---------------------------------------------------------------------------------------------
// Builds

export function buildRepository(cfg) {
  if (!cfg.build) return;
  log('build: cmake --build --preset release --target chatserver chat-bench');
  const result = run('cmake', ['--build', '--preset', 'release', '--target', 'chatserver', 'chat-bench'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 3600_000,
  });
  if (!result.ok) {
    if (fs.existsSync(CHATSERVER) && fs.existsSync(CHAT_BENCH)) {
      console.error('compare: the build failed; using the binaries already built');
    } else {
      console.error('compare: the build failed');
      process.exit(1);
    }
  }
}

// Compiles chat-multi from /usr/share/doc into build/compare/chat-multi/<hash of sources and
// compiler>/, once; later runs reuse it. The sources are never copied into the repository.
export async function buildChatMulti(cores) {
  if (!fs.existsSync(path.join(CHAT_MULTI_SOURCES, 'main.cpp'))) {
    throw new Error(`no ${CHAT_MULTI_SOURCES}/main.cpp: apt-get install -y libboost1.81-doc`);
  }
  const flags = ['-O2', '-std=c++20', '-DNDEBUG', '-pthread'];
  const sources = fs.readdirSync(CHAT_MULTI_SOURCES).filter((f) => f.endsWith('.cpp')).sort();
  const compiler = run('g++', ['--version']).out.split('\n')[0];
  const hash = crypto.createHash('sha256');
  hash.update(`${compiler}\n${flags.join(' ')}\n`);
  for (const file of fs.readdirSync(CHAT_MULTI_SOURCES).sort()) {
    hash.update(file);
    hash.update(fs.readFileSync(path.join(CHAT_MULTI_SOURCES, file)));
  }
  const dir = path.join(ROOT, 'build/compare/chat-multi', hash.digest('hex').slice(0, 12));
  const binary = path.join(dir, 'websocket-chat-multi');
  const info = { sources: CHAT_MULTI_SOURCES, compiler, flags: flags.join(' '), binary };
  if (fs.existsSync(binary)) return info;
  fs.mkdirSync(dir, { recursive: true });
  log(`build: chat-multi from ${CHAT_MULTI_SOURCES} (g++ ${flags.join(' ')}), about a minute`);
  const compile = (file) =>
    new Promise((resolve, reject) => {
      const object = path.join(dir, file.replace(/\.cpp$/, '.o'));
      const child = track(spawn('g++', [...flags, `-I${CHAT_MULTI_SOURCES}`, '-c', path.join(CHAT_MULTI_SOURCES, file), '-o', object], { stdio: ['ignore', 'inherit', 'inherit'] }));
      child.exited.then(({ code }) => {
        code === 0 ? resolve(object) : reject(new Error(`g++ failed on ${file}`));
      });
    });
  const objects = [];
  const queue = [...sources];
  await Promise.all(
    Array.from({ length: Math.max(1, cores) }, async () => {
      while (queue.length) objects.push(await compile(queue.shift()));
    }),
  );
  const link = run('g++', [...flags, ...objects, '-o', `${binary}.tmp`]);
  if (!link.ok) throw new Error(`linking chat-multi failed:\n${link.out}`);
  fs.renameSync(`${binary}.tmp`, binary);
  for (const object of objects) fs.rmSync(object, { force: true });
  return info;
}

// ---------------------------------------------------------------------------------------------
// Servers

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(500);
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function waitForLine(child, file, pattern, seconds) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const match = pattern.exec(text);
    if (match) return match;
    if (child.exitCode !== null || child.signalCode !== null) return null;
    await sleep(50);
  }
  return null;
}

// ChatServer through the shared launcher, run by launch() (tracked, parent death signal,
// output to the log files).
async function startChatServer(ctx, server) {
  const { cfg, work } = ctx;
  const { stdoutFile, stderrFile } = server;
  const dataDir = fs.mkdtempSync(path.join(work, 'data-'));
  try {
    const launched = await launchServer({
      bin: CHATSERVER,
      args: [
        '--data-dir', dataDir, '--max-group-members', '0',
        '--hub-max-connections-per-user', '100000',
        // One address (the generator's) registers every user and opens every connection.
        '--register-burst', '1000000', '--register-per-minute', '1000000',
        '--max-connections-per-address', '0', '--hub-connection-tokens-per-address', '10000000',
        '--hub-invocations-per-second', '1000000', '--hub-invocation-burst', '1000000',
        '--threads', String(cfg.serverThreads), '--log-level', 'warn',
      ],
      cwd: ROOT,
      timeoutMs: 20_000,
      name: 'ChatServer',
      spawn: (command, argv, { cwd, env }) => launch(command, argv, { stdoutFile, stderrFile, cwd, env }),
    });
    server.child = launched.process;
    server.url = launched.url;
  } catch (error) {
    const output = error.stdout === undefined ? error.message : `${tailText(error.stdout)} ${tailText(error.stderr)}`;
    throw new Error(`ChatServer did not start: ${output}`);
  }
}

// A fresh server of `peer` for one run, its memory watched: { peer, child, url, ... }.
export async function startServer(ctx, peer, label) {
  const { cfg, work } = ctx;
  const base = workPath(work, `${label}-${peer}`);
  const stdoutFile = `${base}.server.out`;
  const stderrFile = `${base}.server.err`;
  const server = { peer, stdoutFile, stderrFile };
  if (peer === 'chatserver') {
    await startChatServer(ctx, server);
  } else if (peer === 'ws') {
    server.child = launch(process.execPath, [path.join(HERE, 'ws-broadcast.mjs'), '0'], { stdoutFile, stderrFile });
    const match = await waitForLine(server.child, stdoutFile, /Now listening on: ws:\/\/127\.0\.0\.1:(\d+)\//, 20);
    if (!match) throw new Error(`ws-broadcast did not start: ${tail(stdoutFile)} ${tail(stderrFile)}`);
    server.url = `ws://127.0.0.1:${match[1]}/`;
  } else {
    // chat-multi prints nothing and cannot pick its own port: try a free one, check it answers.
    const docRoot = path.join(work, 'www');
    fs.mkdirSync(docRoot, { recursive: true });
    for (let attempt = 0; attempt < 5 && !server.url; ++attempt) {
      const port = await freePort();
      server.child = launch(ctx.chatMulti.binary, ['127.0.0.1', String(port), docRoot, String(cfg.serverThreads)], { stdoutFile, stderrFile });
      for (let i = 0; i < 100 && !server.url; ++i) {
        if (server.child.exitCode !== null || /bind|listen|open/.test(readText(stderrFile))) break;
        if (await canConnect(port)) server.url = `ws://127.0.0.1:${port}/`;
        else await sleep(50);
      }
      if (!server.url) await stop(server.child, 1000);
    }
    if (!server.url) throw new Error(`chat-multi did not start: ${tail(stderrFile)}`);
  }
  watch(server, cfg.maxRssMb);
  return server;
}

export async function withServer(ctx, peer, label, body) {
  const server = await startServer(ctx, peer, label);
  try {
    return await body(server);
  } finally {
    await stop(server.child);
  }
}
