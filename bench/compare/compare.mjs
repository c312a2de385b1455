// bench/compare: runs the same chat-bench `fanout` scenarios, one after the other on this
// machine, against ChatServer (SignalR JSON, SQLite, persistence on) and two plain WebSocket
// broadcast servers: Boost.Beast's `chat-multi` example, compiled here from the sources Debian's
// libboost1.81-doc installs, and a minimal Node `ws` server (ws-broadcast.mjs). Prints every
// figure and the ratios ChatServer / peer, and writes them to results/<date>-<host>.json and .md.
// Start it through ./run, which raises the file limit first. README.md explains the scenarios.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const CHAT_MULTI_SOURCES =
  '/usr/share/doc/libboost1.81-doc/examples/libs/beast/example/websocket/server/chat-multi';
const PEERS = ['chatserver', 'beast', 'ws'];
const PEER_NAMES = {
  chatserver: 'ChatServer (SignalR, SQLite)',
  beast: 'Beast chat-multi (raw WS)',
  ws: 'Node ws broadcast (raw WS)',
};

// ---------------------------------------------------------------------------------------------
// Settings

const HELP = `Usage: bench/compare/run [options]

Runs chat-bench fanout scenarios A (1 group x 1,000, one sender at full speed), B (100 groups
x 10, 100 senders) and C (10,000 connections in 100 groups at a fixed rate, latency) against
ChatServer, Beast's chat-multi and a Node ws broadcast server. Scenario H, ChatServer only and
only when asked for (--scenarios H), finds its fixed-rate peak in C's shape and measures the
latency at half of it. See bench/compare/README.md.

  --quick                 small and short: a smoke run of about a minute (after the builds)
  --scenarios A,B,C,H     which scenarios (default A,B,C)
  --peers LIST            chatserver,beast,ws (default all)
  --warmup S --duration S --drain S
                          seconds per measured run (default 2 / 10 / 10; quick 0.5 / 2 / 2)
  --a-members N           A: receiving connections (default 1000)
  --b-groups N --b-members N
                          B: groups and members per group (default 100 x 10; one sender each)
  --in-flight N           ChatServer in A and B: unacknowledged sends per sender (default 64)
  --c-connections N       C: receiving connections (default 10000; quick 2000)
  --c-groups N            C: groups for ChatServer (default 100; quick 20)
  --c-senders N           C: sending connections (default 10)
  --c-rate R              C: ChatServer messages/s in total (default 100; quick 50). Raw peers
                          send R x (members per group) / (connections - 1), the same deliveries/s
  --c-duration S          C: measured seconds (default 20; quick 3)
  --h-start R             H: messages/s of the search's first run (default 200; quick 20)
  --h-steps N             H: runs of the search at most (default 6; quick 2)
  --h-runs N              H: runs at half the peak (default 3; quick 1)
  --h-pause S             H: idle seconds before every run (default 90; quick 1)
  --h-target MS           H: the p99 every run at half the peak must stay under (default 10)
  --probe-duration S      raw peers, A and B: seconds of the full-speed probe (default 5; quick 2)
  --steps N               raw peers, A and B: fixed-rate runs at most (default 5; quick 2)
  --bench-threads N       chat-bench I/O threads (default: its own, one per core)
  --server-threads N      ChatServer --threads and chat-multi's thread count (default: cores)
  --max-rss-mb N          kill a server above this resident size (default 4096)
  --time-limit MIN        stop starting runs after this many minutes (default 60; quick 5)
  --results DIR           where to write the results (default bench/compare/results)
  --no-build              do not run cmake --build for chatserver and chat-bench
  --keep                  keep the work directory (server logs, chat-bench reports)
  --verbose               echo chat-bench's progress lines
  -h, --help

Environment: CHATSERVER_BIN, CHAT_BENCH_BIN override build/release/{chatserver,chat-bench}.`;

let args;
try {
  args = parseArgs({
    options: {
      quick: { type: 'boolean' },
      scenarios: { type: 'string' },
      peers: { type: 'string' },
      warmup: { type: 'string' },
      duration: { type: 'string' },
      drain: { type: 'string' },
      'a-members': { type: 'string' },
      'b-groups': { type: 'string' },
      'b-members': { type: 'string' },
      'in-flight': { type: 'string' },
      'c-connections': { type: 'string' },
      'c-groups': { type: 'string' },
      'c-senders': { type: 'string' },
      'c-rate': { type: 'string' },
      'c-duration': { type: 'string' },
      'h-start': { type: 'string' },
      'h-steps': { type: 'string' },
      'h-runs': { type: 'string' },
      'h-pause': { type: 'string' },
      'h-target': { type: 'string' },
      'probe-duration': { type: 'string' },
      steps: { type: 'string' },
      'bench-threads': { type: 'string' },
      'server-threads': { type: 'string' },
      'max-rss-mb': { type: 'string' },
      'time-limit': { type: 'string' },
      results: { type: 'string' },
      'no-build': { type: 'boolean' },
      keep: { type: 'boolean' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (error) {
  console.error(`compare: ${error.message}\n\n${HELP}`);
  process.exit(1);
}
if (args.help) {
  console.log(HELP);
  process.exit(0);
}

function num(name, fallback, { integer = false, min = 0 } = {}) {
  if (args[name] === undefined) return fallback;
  const value = Number(args[name]);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    console.error(`compare: --${name} ${args[name]}: expected ${integer ? 'an integer' : 'a number'} >= ${min}`);
    process.exit(1);
  }
  return value;
}

function list(name, allowed, fallback) {
  if (args[name] === undefined) return fallback;
  const items = args[name].split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    if (!allowed.includes(item)) {
      console.error(`compare: --${name}: unknown ${item}; expected some of ${allowed.join(',')}`);
      process.exit(1);
    }
  }
  return items;
}

const quick = Boolean(args.quick);
const cores = os.availableParallelism?.() ?? os.cpus().length;
const cfg = {
  quick,
  scenarios: list('scenarios', ['A', 'B', 'C', 'H'], ['A', 'B', 'C']),
  peers: list('peers', PEERS, PEERS),
  warmup: num('warmup', quick ? 0.5 : 2),
  duration: num('duration', quick ? 2 : 10, { min: 0.5 }),
  drain: num('drain', quick ? 2 : 10),
  aMembers: num('a-members', 1000, { integer: true, min: 2 }),
  bGroups: num('b-groups', 100, { integer: true, min: 1 }),
  bMembers: num('b-members', 10, { integer: true, min: 1 }),
  inFlight: num('in-flight', 64, { integer: true, min: 1 }),
  cConnections: num('c-connections', quick ? 2000 : 10000, { integer: true, min: 2 }),
  cGroups: num('c-groups', quick ? 20 : 100, { integer: true, min: 1 }),
  cSenders: num('c-senders', 10, { integer: true, min: 1 }),
  cRate: num('c-rate', quick ? 50 : 100, { min: 0.01 }),
  cDuration: num('c-duration', quick ? 3 : 20, { min: 0.5 }),
  hStart: num('h-start', quick ? 20 : 200, { min: 0.01 }),
  hSteps: num('h-steps', quick ? 2 : 6, { integer: true, min: 1 }),
  hRuns: num('h-runs', quick ? 1 : 3, { integer: true, min: 1 }),
  hPause: num('h-pause', quick ? 1 : 90),
  hTarget: num('h-target', 10, { min: 0.01 }),
  probeDuration: num('probe-duration', quick ? 2 : 5, { min: 1.5 }),
  steps: num('steps', quick ? 2 : 5, { integer: true, min: 1 }),
  benchThreads: num('bench-threads', 0, { integer: true }),
  serverThreads: num('server-threads', cores, { integer: true, min: 1 }),
  maxRssMb: num('max-rss-mb', 4096, { min: 64 }),
  timeLimitMin: num('time-limit', quick ? 5 : 60, { min: 0.1 }),
  resultsDir: path.resolve(args.results ?? path.join(HERE, 'results')),
  build: !args['no-build'],
  keep: Boolean(args.keep),
  verbose: Boolean(args.verbose),
};
if (cfg.cConnections % cfg.cGroups !== 0) {
  console.error(`compare: --c-connections ${cfg.cConnections} is not a multiple of --c-groups ${cfg.cGroups}`);
  process.exit(1);
}
// A fixed-rate run keeps up with its rate when everything arrived, the backlog at the end of a
// window of `duration` seconds drained within this many seconds and the median latency stayed
// below it (a server 10% too slow needs about 10% of the window to catch up).
const drainLimit = (duration) => Math.max(0.25, 0.1 * duration);

const CHATSERVER = path.resolve(ROOT, process.env.CHATSERVER_BIN ?? 'build/release/chatserver');
const CHAT_BENCH = path.resolve(ROOT, process.env.CHAT_BENCH_BIN ?? 'build/release/chat-bench');
const started = Date.now();
const deadline = started + cfg.timeLimitMin * 60_000;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-compare-'));

// ---------------------------------------------------------------------------------------------
// Child processes: every one is tracked, killed on exit, and dies with us (parent death signal).

const children = new Set();
const hasSetpriv = spawnSync('setpriv', ['--help'], { stdio: 'ignore' }).status === 0;

function launch(command, argv, { stdoutFile, stderrFile, cwd = ROOT } = {}) {
  const [cmd, full] = hasSetpriv
    ? ['setpriv', ['--pdeathsig', 'KILL', '--', command, ...argv]]
    : [command, argv];
  const child = spawn(cmd, full, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  child.on('error', () => {}); // reported through `exited` and the missing output
  if (stdoutFile) child.stdout.pipe(fs.createWriteStream(stdoutFile));
  if (stderrFile) child.stderr.pipe(fs.createWriteStream(stderrFile));
  return child;
}

async function stop(child, graceMs = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

let cleaned = false;
function cleanup() {
  if (cleaned) return;
  cleaned = true;
  for (const child of children) {
    try {
      child.kill('SIGKILL');
    } catch {}
  }
  if (!cfg.keep) fs.rmSync(work, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.error(`\ncompare: ${signal}: stopping every server and chat-bench`);
    cleanup();
    process.exit(130);
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line) => console.log(line);

// ---------------------------------------------------------------------------------------------
// /proc: memory and CPU of a server

function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

const CLOCK_TICKS = 100; // USER_HZ on Linux
function cpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime + stime
  } catch {
    return NaN;
  }
}

// Polls the server's resident size; kills it above --max-rss-mb (a broadcast server without
// flow control can queue without bound).
function watch(server) {
  server.peakRssMb = 0;
  server.killedForMemory = false;
  const timer = setInterval(() => {
    const rss = rssMb(server.child.pid);
    server.peakRssMb = Math.max(server.peakRssMb, rss);
    if (rss > cfg.maxRssMb && !server.killedForMemory) {
      server.killedForMemory = true;
      console.error(`compare: ${server.peer} above ${cfg.maxRssMb} MB (${rss.toFixed(0)} MB): killed`);
      server.child.kill('SIGKILL');
    }
  }, 250);
  timer.unref();
  server.child.exited.then(() => clearInterval(timer));
}

// ---------------------------------------------------------------------------------------------
// Builds

function run(cmd, argv, options = {}) {
  const result = spawnSync(cmd, argv, { cwd: ROOT, encoding: 'utf8', ...options });
  return { ok: result.status === 0, out: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

function buildRepository() {
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
async function buildChatMulti() {
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
      const child = spawn('g++', [...flags, `-I${CHAT_MULTI_SOURCES}`, '-c', path.join(CHAT_MULTI_SOURCES, file), '-o', object], { stdio: ['ignore', 'inherit', 'inherit'] });
      children.add(child);
      child.on('exit', (code) => {
        children.delete(child);
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

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

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

let serial = 0;
async function startServer(peer, label) {
  const base = path.join(work, `${label}-${peer}-${++serial}`);
  const stdoutFile = `${base}.server.out`;
  const stderrFile = `${base}.server.err`;
  const server = { peer, stdoutFile, stderrFile };
  if (peer === 'chatserver') {
    const dataDir = fs.mkdtempSync(path.join(work, 'data-'));
    server.child = launch(CHATSERVER, [
      '--port', '0', '--data-dir', dataDir, '--max-group-members', '0',
      '--hub-max-connections-per-user', '100000',
      '--hub-invocations-per-second', '1000000', '--hub-invocation-burst', '1000000',
      '--threads', String(cfg.serverThreads), '--log-level', 'warn',
    ], { stdoutFile, stderrFile });
    const match = await waitForLine(server.child, stdoutFile, /Now listening on: http:\/\/127\.0\.0\.1:(\d+)/, 20);
    if (!match) throw new Error(`ChatServer did not start: ${tail(stdoutFile)} ${tail(stderrFile)}`);
    server.url = `http://127.0.0.1:${match[1]}`;
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
      server.child = launch(chatMulti.binary, ['127.0.0.1', String(port), docRoot, String(cfg.serverThreads)], { stdoutFile, stderrFile });
      for (let i = 0; i < 100 && !server.url; ++i) {
        if (server.child.exitCode !== null || /bind|listen|open/.test(readText(stderrFile))) break;
        if (await canConnect(port)) server.url = `ws://127.0.0.1:${port}/`;
        else await sleep(50);
      }
      if (!server.url) await stop(server.child, 1000);
    }
    if (!server.url) throw new Error(`chat-multi did not start: ${tail(stderrFile)}`);
  }
  watch(server);
  return server;
}

function readText(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function tail(file, lines = 5) {
  return readText(file).trim().split('\n').slice(-lines).join(' | ');
}

// ---------------------------------------------------------------------------------------------
// chat-bench

// `[  2.0 s] measure  sent 302 (121/s)  acked 286 (120/s)  delivered 291173 (125340/s)  errors 0`
const PROGRESS =
  /\[\s*([\d.]+) s\]\s+(.+?)\s+sent\s+(\d+)\s+\(\s*[\d.]+\/s\)\s+acked\s+(\d+)\s+\(\s*[\d.]+\/s\)\s+delivered\s+(\d+)\s+\(\s*([\d.]+)\/s\)\s+errors\s+(\d+)/;

// Runs one chat-bench fanout against `server`, bounded in time (SIGINT, then SIGKILL). At each
// progress line it also samples the CPU time of the server and of chat-bench, so the figures of
// the measured window include the cores each used and the server's CPU per delivery.
async function bench(server, label, options) {
  const base = path.join(work, `${label}-${++serial}`);
  const jsonFile = `${base}.json`;
  const argv = ['fanout', '--url', server.url, '--json', jsonFile];
  if (server.url.startsWith('ws:')) argv.push('--protocol', 'raw');
  else argv.push('--conns-per-user', '1000');
  if (cfg.benchThreads) argv.push('--threads', String(cfg.benchThreads));
  for (const [key, value] of Object.entries(options)) argv.push(`--${key}`, String(value));

  const connections = (options.groups ?? 1) * options.members + options.senders;
  const budget = 60 + connections / 200 + (options.warmup ?? 0) + options.duration + options.drain;
  const load1 = os.loadavg()[0];
  const child = launch(CHAT_BENCH, argv, { stdoutFile: `${base}.out` });
  let stderr = '';
  let pending = '';
  const progress = [];
  child.stderr.on('data', (chunk) => {
    const text = chunk.toString();
    stderr += text;
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) {
      const m = PROGRESS.exec(line);
      if (m) {
        progress.push({
          t: Number(m[1]), phase: m[2], sent: Number(m[3]), acked: Number(m[4]), delivered: Number(m[5]),
          wall: performance.now() / 1000, server_cpu: cpuSeconds(server.child.pid), bench_cpu: cpuSeconds(child.pid),
        });
      }
      if (cfg.verbose) console.error(`    ${label}: ${line}`);
    }
  });
  let timedOut = false;
  const soft = setTimeout(() => {
    timedOut = true;
    child.kill('SIGINT');
  }, budget * 1000);
  const hard = setTimeout(() => child.kill('SIGKILL'), (budget + 15) * 1000);
  const { code, signal } = await child.exited;
  clearTimeout(soft);
  clearTimeout(hard);
  fs.writeFileSync(`${base}.err`, stderr);

  let report = null;
  try {
    report = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
  } catch {}
  const r = report?.results ?? {};
  const lat = report?.latency_ms?.delivery ?? {};
  const failures = [...(report?.failures ?? [])];
  if (!report) failures.push(`no report (exit ${code ?? signal}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
  if (timedOut) failures.push(`stopped after ${budget.toFixed(0)} s`);
  if (server.killedForMemory) failures.push(`server killed above ${cfg.maxRssMb} MB`);
  else if (server.child.exitCode !== null || server.child.signalCode !== null) failures.push('the server died');
  const errors = Object.entries(report?.errors_by_kind ?? {}).map(([k, v]) => `${k} x${v}`);

  // The measured window, as seen by the progress lines: first to last `measure` line.
  const measured = progress.filter((p) => p.phase === 'measure');
  const window = {};
  if (measured.length >= 2) {
    const [a, b] = [measured[0], measured.at(-1)];
    const wall = b.wall - a.wall;
    const delivered = b.delivered - a.delivered;
    window.deliveries_per_second = round(delivered / (b.t - a.t));
    window.server_cores = round((b.server_cpu - a.server_cpu) / wall, 2);
    window.bench_cores = round((b.bench_cpu - a.bench_cpu) / wall, 2);
    window.server_cpu_us_per_delivery = delivered > 0 ? round(((b.server_cpu - a.server_cpu) * 1e6) / delivered, 2) : undefined;
    // The generator's share: with one TCP segment per delivery (raw peers) it costs about as
    // much CPU per delivery as the server, on the same cores.
    window.bench_cpu_us_per_delivery = delivered > 0 ? round(((b.bench_cpu - a.bench_cpu) * 1e6) / delivered, 2) : undefined;
  }
  return {
    label,
    command: ['chat-bench', ...argv.map((a) => (a === jsonFile ? '<json>' : a))].join(' '),
    passed: Boolean(report?.passed) && !timedOut && failures.length === 0,
    failures: [...new Set([...failures, ...errors.slice(0, 5)])],
    rate: options.rate,
    senders: options.senders,
    connections: r.connections,
    sent: r.sent,
    send_rate: r.send_rate,
    ack_rate: r.ack_rate,
    delivered: r.delivered,
    delivery_rate: r.delivery_rate,
    delivery_ratio: r.delivery_ratio,
    missing: r.missing,
    errors: r.errors,
    drain_seconds: r.drain_seconds,
    window_seconds: r.window_seconds,
    latency_ms: { p50: lat.p50, p90: lat.p90, p99: lat.p99, p99_9: lat.p99_9, max: lat.max, mean: lat.mean, count: lat.count },
    ack_latency_ms: pick(report?.latency_ms?.ack, ['p50', 'p99', 'p99_9', 'max']),
    // How late a thread sleeping 1 ms at a time woke meanwhile: how long a ready thread waited
    // for a CPU (the server's and chat-bench's own load included), which every latency includes.
    machine_stalls_ms: pick(report?.latency_ms?.hiccup, ['p99', 'p99_9', 'max']),
    measured_from_progress: window,
    server_peak_rss_mb: round(server.peakRssMb, 1),
    load_average_before: round(load1, 2),
  };
}

// Some fields of a chat-bench latency distribution; undefined when it was not reported.
function pick(distribution, keys) {
  return distribution ? Object.fromEntries(keys.map((k) => [k, distribution[k]])) : undefined;
}

function round(x, digits = 0) {
  if (x === undefined || x === null || !Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function summary(result) {
  const l = result.latency_ms;
  const w = result.measured_from_progress ?? {};
  const f = (x, d = 0) => fmt(x, d);
  return `rate ${result.rate === 0 ? 'max' : f(result.rate, result.rate < 10 ? 2 : 1)} -> sent ${f(result.send_rate)}/s,` +
    ` delivered ${f(result.delivery_rate)}/s (${f(result.delivery_ratio, 4)} of expected), drain ${f(result.drain_seconds, 2)} s,` +
    ` latency p50 ${f(l.p50, 2)} p99 ${f(l.p99, 2)} p99.9 ${f(l.p99_9, 2)} ms, machine stalls p99.9 ${f(result.machine_stalls_ms?.p99_9, 2)} ms; cores server ${f(w.server_cores, 2)}` +
    ` chat-bench ${f(w.bench_cores, 2)}, CPU µs per delivery server ${f(w.server_cpu_us_per_delivery, 1)} chat-bench ${f(w.bench_cpu_us_per_delivery, 1)}, load ${f(result.load_average_before, 1)}; ${result.passed ? 'PASS' : `FAIL: ${result.failures.join('; ')}`}`;
}

function timeLeft(seconds) {
  return Date.now() + seconds * 1000 < deadline;
}

// One chat-bench run against a fresh server, after `pause` seconds of idle machine; null when
// it would not end within the time limit.
async function freshRun(peer, label, options, pause = 0) {
  if (!timeLeft(pause + 30 + (options.warmup ?? 0) + options.duration + options.drain)) return null;
  await sleep(pause * 1000);
  return withServer(peer, label, (server) => bench(server, label, options));
}

async function withServer(peer, label, body) {
  const server = await startServer(peer, label);
  try {
    return await body(server);
  } finally {
    await stop(server.child);
  }
}

// ---------------------------------------------------------------------------------------------
// Scenarios

// A raw peer has no acknowledgement: a frame counts as sent once written to the socket, and the
// kernel's socket buffers then hold a backlog that no in-flight window bounds (at full speed,
// nothing sent in the window arrives before the drain ends). So raw peers are measured at fixed
// rates. A full-speed probe (rate 0) estimates the peak deliveries/s from chat-bench's progress
// lines while the peer falls behind; the search (searchRate) starts at 90% of the larger of that
// and of the peer's result in the previous throughput scenario (a peer that collapses under a
// flood, as chat-multi does with 100 senders, probes low). The best passing run is the peer's
// figure.
const seeds = {}; // peer -> deliveries/s of its best run so far

async function rawThroughput(peer, label, shape) {
  const receivers = shape.members - 1; // the sender is a member and its own echo is ignored
  const out = { mode: 'raw WebSocket, one group of all connections; fixed-rate search', steps: [] };
  const probe = await freshRun(peer, `${label}-${peer}-probe`, { ...shape, rate: 0, warmup: cfg.warmup, duration: cfg.probeDuration, drain: 0.1 });
  if (!probe) return { ...out, skipped: 'time limit' };
  const peak = probe.measured_from_progress.deliveries_per_second ?? 0;
  out.probe = { deliveries_per_second: peak, messages_per_second: round(peak / receivers, 1), ...probe.measured_from_progress, server_peak_rss_mb: probe.server_peak_rss_mb, note: 'rate 0: the peer falls behind; deliveries/s between the first and last progress line of the window' };
  const seed = Math.max(peak, seeds[peer] ?? 0);
  log(`  ${peer} probe: about ${fmt(peak)} deliveries/s at full speed; search from ${fmt(0.9 * seed)}`);
  if (!(seed > 0)) return { ...out, skipped: 'the probe delivered nothing' };
  const search = await searchRate(peer, label, { ...shape, 'in-flight': 100000 }, round((0.9 * seed) / receivers, 3));
  if (search.best) seeds[peer] = Math.max(seeds[peer] ?? 0, search.best.delivery_rate);
  return { ...out, ...search };
}

// The fixed-rate search shared by the raw peers and scenario H: from `rate` messages/s, x1.5
// after a pass until a failure, then the geometric mean of the best pass and the lowest
// failure, --steps runs at most, each with a fresh server. A run passes when everything
// arrived, the window's backlog drained and the median latency stayed within drainLimit, and
// the senders kept to the rate: the server kept up.
async function searchRate(peer, label, options, rate, { steps = cfg.steps, duration = cfg.duration, pause = 0 } = {}) {
  const out = { steps: [] };
  const limit = drainLimit(duration);
  let failed = null; // the lowest failing rate
  for (let step = 1; step <= steps; ++step) {
    const result = await freshRun(peer, `${label}-${peer}-step${step}`, { ...options, rate, warmup: cfg.warmup, duration, drain: cfg.drain }, pause);
    if (!result) {
      out.stopped = 'time limit';
      break;
    }
    const onRate = result.sent >= 0.95 * rate * result.window_seconds - options.senders;
    const drained = result.drain_seconds <= limit && result.latency_ms.p50 <= 1000 * limit;
    const keptUp = result.passed && drained && onRate;
    if (result.passed && !keptUp) {
      result.failures.push(onRate
        ? `fell behind: drain ${fmt(result.drain_seconds, 2)} s, p50 ${fmt(result.latency_ms.p50)} ms (limit ${limit} s)`
        : 'sent below the rate');
    }
    result.kept_up = keptUp;
    out.steps.push(result);
    log(`  ${peer} step ${step}: ${summary(result)}${result.passed && !keptUp ? ` (${result.failures.at(-1)})` : ''}`);
    if (keptUp && (!out.best || result.delivery_rate > out.best.delivery_rate)) out.best = result;
    if (!keptUp) failed = Math.min(failed ?? Infinity, rate);
    const lastPass = out.best?.rate;
    if (lastPass !== undefined && failed !== null) rate = round(Math.sqrt(lastPass * failed), 3);
    else if (lastPass !== undefined) rate = round(rate * 1.5, 3);
    else rate = round(rate * 0.6, 3);
  }
  // Without a failing run above the best one, the capacity is higher than measured.
  out.bracketed = Boolean(out.best && failed !== null && failed > out.best.rate);
  if (out.best && !out.bracketed) out.note = 'every run passed: the capacity is higher than the figure (a lower bound); raise the steps';
  return out;
}

// Scenario H: the latency target at half of ChatServer's fixed-rate peak, in C's shape. The
// peak is the highest rate of the search that ChatServer kept up with. Every run, of the search
// and at half the peak, follows --h-pause seconds of idle machine, since a run right after
// another one is slower (docs/performance.md, section 11) and a peak measured low would make
// the target easier. The figure is the worst run: the target holds only if every run meets it.
async function halfPeakLatency() {
  const members = cfg.cConnections / cfg.cGroups;
  const shape = { groups: cfg.cGroups, members, senders: cfg.cSenders, 'in-flight': 1000, 'connect-deadline': 600 };
  const out = { mode: `SignalR; a fixed-rate search for the peak, then ${cfg.hRuns} run(s) at half of it, ${cfg.hPause} s idle before every run` };
  const search = await searchRate('chatserver', 'H', shape, cfg.hStart, { steps: cfg.hSteps, duration: cfg.cDuration, pause: cfg.hPause });
  out.search = search;
  if (!search.best) return { ...out, skipped: search.stopped ?? 'no rate kept up' };
  out.peak = { rate: search.best.rate, deliveries_per_second: search.best.delivery_rate, bracketed: search.bracketed };
  const rate = round(search.best.rate / 2, 3);
  out.runs = [];
  for (let i = 1; i <= cfg.hRuns; ++i) {
    const result = await freshRun('chatserver', `H-half-${i}`, { ...shape, rate, warmup: cfg.warmup, duration: cfg.cDuration, drain: cfg.drain }, cfg.hPause);
    if (!result) {
      out.stopped = 'time limit';
      break;
    }
    log(`  chatserver at half the peak, run ${i}: ${summary(result)}`);
    out.runs.push(result);
  }
  const p99 = (r) => r.latency_ms.p99 ?? Infinity;
  out.best = [...out.runs].sort((a, b) => p99(b) - p99(a))[0];
  out.target_ms = cfg.hTarget;
  out.met = out.runs.length > 0 && out.runs.every((r) => r.passed && p99(r) < cfg.hTarget);
  out.verdict = `peak ${out.peak.bracketed ? '' : '≥ '}${fmt(out.peak.deliveries_per_second)} deliveries/s (${fmt(out.peak.rate, 1)} msg/s); ` +
    `at half of it, p99 ${out.runs.map((r) => fmt(r.latency_ms.p99, 2)).join(', ')} ms: target p99 < ${cfg.hTarget} ms ${out.met ? 'met' : 'not met'}`;
  log(`  ${out.verdict}`);
  return out;
}

async function chatServerRun(label, options, mode) {
  const result = await freshRun('chatserver', `${label}-chatserver`, options);
  if (!result) return { mode, skipped: 'time limit' };
  log(`  chatserver: ${summary(result)}`);
  return { mode, best: result };
}

const scenarioDefs = {
  A: {
    title: `A: one group of ${cfg.aMembers.toLocaleString('en-US')} connections, one sender at full speed`,
    chatserver: () => chatServerRun('A', { groups: 1, members: cfg.aMembers, senders: 1, rate: 0, 'in-flight': cfg.inFlight, warmup: cfg.warmup, duration: cfg.duration, drain: cfg.drain }, `SignalR; rate 0, at most ${cfg.inFlight} unacknowledged sends (acknowledged once stored)`),
    raw: (peer) => rawThroughput(peer, 'A', { members: cfg.aMembers, senders: 1 }),
    kind: 'throughput',
    note: `ChatServer: 1 sender + ${cfg.aMembers} receivers. Raw peers: ${cfg.aMembers} connections, one of them sending, so each message reaches ${cfg.aMembers - 1}.`,
  },
  B: {
    title: `B: ${cfg.bGroups} groups of ${cfg.bMembers}, ${cfg.bGroups} senders`,
    chatserver: () => chatServerRun('B', { groups: cfg.bGroups, members: cfg.bMembers, senders: cfg.bGroups, rate: 0, 'in-flight': cfg.inFlight, warmup: cfg.warmup, duration: cfg.duration, drain: cfg.drain }, `SignalR; each sender to its own group, rate 0, at most ${cfg.inFlight} unacknowledged sends each`),
    raw: (peer) => rawThroughput(peer, 'B', { members: cfg.bGroups * cfg.bMembers, senders: cfg.bGroups }),
    kind: 'throughput',
    note: `The raw peers have no groups: one server, ${cfg.bGroups * cfg.bMembers} connections of which ${cfg.bGroups} send, and every message goes to all ${cfg.bGroups * cfg.bMembers - 1} others (ChatServer: to the ${cfg.bMembers} members of one group). Compare delivered messages per second.`,
  },
  C: {
    title: `C: ${cfg.cConnections.toLocaleString('en-US')} connections in ${cfg.cGroups} groups at a fixed rate (latency)`,
    chatserver: () => chatServerRun('C', { groups: cfg.cGroups, members: cfg.cConnections / cfg.cGroups, senders: cfg.cSenders, rate: cfg.cRate, 'in-flight': 1000, warmup: cfg.warmup, duration: cfg.cDuration, drain: cfg.drain, 'connect-deadline': 600 }, `SignalR; ${cfg.cRate} msg/s in total`),
    raw: async (peer) => {
      const rate = round((cfg.cRate * (cfg.cConnections / cfg.cGroups)) / (cfg.cConnections - 1), 4);
      // Few senders, so that each sends at least one message a second (not a handful per run).
      const senders = Math.min(cfg.cSenders, Math.max(1, Math.floor(rate)));
      const mode = `raw WebSocket; ${cfg.cConnections} connections, ${senders} of them sending ${rate} msg/s in total (the same deliveries/s as ChatServer)`;
      const result = await freshRun(peer, `C-${peer}`, { members: cfg.cConnections, senders, rate, 'in-flight': 1000, warmup: cfg.warmup, duration: cfg.cDuration, drain: cfg.drain, 'connect-deadline': 600 });
      if (!result) return { mode, skipped: 'time limit' };
      log(`  ${peer}: ${summary(result)}`);
      return { mode, best: result };
    },
    kind: 'latency',
    note: `Same deliveries per second for every peer. ChatServer: ${cfg.cGroups} groups of ${cfg.cConnections / cfg.cGroups} + ${cfg.cSenders} senders. Raw peers have no groups: each message goes to all ${cfg.cConnections - 1} other connections, so they send ${cfg.cGroups}x fewer messages (from at most one sender per message a second) and every one is a burst ${cfg.cGroups}x wider.`,
  },
  H: {
    title: `H: latency at half of ChatServer's fixed-rate peak, ${cfg.cConnections.toLocaleString('en-US')} connections in ${cfg.cGroups} groups`,
    chatserver: halfPeakLatency,
    kind: 'latency',
    note: `ChatServer only, in C's shape: a fixed-rate search (from ${cfg.hStart} msg/s, ${cfg.hSteps} runs at most) for the highest rate it keeps up with, then ${cfg.hRuns} run(s) at half of that rate; every run follows ${cfg.hPause} s of idle machine. The row is the worst run at half the peak.`,
  },
};

function ratios(kind, ours, theirs) {
  if (!ours?.best || !theirs?.best) return null;
  const a = ours.best;
  const b = theirs.best;
  const div = (x, y) => (Number.isFinite(x) && Number.isFinite(y) && y > 0 ? round(x / y, 3) : null);
  if (kind === 'throughput') {
    return {
      delivered_per_second: div(a.delivery_rate, b.delivery_rate),
      server_cpu_per_delivery: div(a.measured_from_progress.server_cpu_us_per_delivery, b.measured_from_progress.server_cpu_us_per_delivery),
    };
  }
  return {
    latency_p50: div(a.latency_ms.p50, b.latency_ms.p50),
    latency_p99: div(a.latency_ms.p99, b.latency_ms.p99),
    latency_p99_9: div(a.latency_ms.p99_9, b.latency_ms.p99_9),
    delivered_per_second: div(a.delivery_rate, b.delivery_rate),
  };
}

// ---------------------------------------------------------------------------------------------
// Output

function fmt(x, digits = 0) {
  if (x === undefined || x === null || !Number.isFinite(x)) return '-';
  return x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function markdown(results) {
  const lines = [];
  lines.push(`# ChatServer vs plain WebSocket broadcast servers`, '');
  lines.push(`${results.date}, host \`${results.host}\`: ${results.machine.cpus} × ${results.machine.cpu_model}, ${fmt(results.machine.memory_gb, 1)} GB, Linux ${results.machine.kernel}.`);
  lines.push(`ChatServer ${results.versions.chatserver}; ${results.versions.chat_multi}; ${results.versions.ws}; chat-bench on the same machine.${results.quick ? ' **Quick (smoke) run: short and small, not a measurement.**' : ''}`, '');
  lines.push('Server, chat-bench and everything else on the machine share its cores: "cores" is what the server and chat-bench used during the measured window, "load avg" the 1-minute load average before the run. Ratios are ChatServer / peer: above 1 means more deliveries per second (throughput), or more latency or CPU (below 1 is better for ChatServer).', '');
  for (const [id, scenario] of Object.entries(results.scenarios)) {
    lines.push(`## ${scenario.title}`, '', scenario.note, '');
    lines.push('| peer | conns | rate asked msg/s | sent msg/s | delivered/s | delivered / expected | drain s | p50 ms | p99 ms | p99.9 ms | machine stalls p99.9 ms | server µs CPU / delivery | cores: server / chat-bench | load avg | server peak RSS MB | result |');
    lines.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|');
    for (const [peer, entry] of Object.entries(scenario.peers)) {
      const b = entry.best;
      if (!b) {
        lines.push(`| ${PEER_NAMES[peer]} | | | | | | | | | | | | | | | ${entry.skipped ?? entry.error ?? 'no passing run'} |`);
        continue;
      }
      const rate = b.rate === 0 ? 'max' : fmt(b.rate, b.rate < 10 ? 2 : 0);
      const w = b.measured_from_progress ?? {};
      const atLeast = entry.bracketed === false ? '≥ ' : '';
      lines.push(`| ${PEER_NAMES[peer]} | ${fmt(b.connections)} | ${rate} | ${fmt(b.send_rate, b.send_rate < 10 ? 1 : 0)} | ${atLeast}${fmt(b.delivery_rate)} | ${fmt(b.delivery_ratio, 4)} | ${fmt(b.drain_seconds, 2)} | ${fmt(b.latency_ms.p50, 2)} | ${fmt(b.latency_ms.p99, 2)} | ${fmt(b.latency_ms.p99_9, 2)} | ${fmt(b.machine_stalls_ms?.p99_9, 2)} | ${fmt(w.server_cpu_us_per_delivery, 2)} | ${fmt(w.server_cores, 2)} / ${fmt(w.bench_cores, 2)} | ${fmt(b.load_average_before, 1)} | ${fmt(b.server_peak_rss_mb)} | ${b.passed ? 'PASS' : `FAIL: ${b.failures.join('; ')}`} |`);
    }
    for (const entry of Object.values(scenario.peers)) {
      if (entry.verdict) lines.push('', `${entry.verdict}.`);
    }
    const probes = Object.entries(scenario.peers).filter(([, e]) => e.probe);
    if (probes.length) {
      lines.push('', 'Raw peers, full-speed probe (falls behind; from the per-second progress): ' +
        probes.map(([p, e]) => `${PEER_NAMES[p]} peak ≈ ${fmt(e.probe.deliveries_per_second)} deliveries/s`).join('; ') + '.');
    }
    const rows = Object.entries(scenario.ratios ?? {}).filter(([, r]) => r);
    if (rows.length) {
      const labels = { delivered_per_second: 'delivered/s', server_cpu_per_delivery: 'server CPU per delivery', latency_p50: 'latency p50', latency_p99: 'latency p99', latency_p99_9: 'latency p99.9' };
      lines.push('', '| ChatServer / peer | ' + Object.keys(rows[0][1]).map((k) => labels[k] ?? k).join(' | ') + ' |');
      lines.push('|---|' + Object.keys(rows[0][1]).map(() => '--:').join('|') + '|');
      for (const [peer, r] of rows) lines.push(`| ${PEER_NAMES[peer]} | ${Object.values(r).map((v) => fmt(v, 3)).join(' | ')} |`);
    }
    lines.push('');
  }
  lines.push('Throughput (A, B): ChatServer as fast as its acknowledgements allow (a message is acknowledged and delivered once stored in SQLite); raw peers at the highest fixed rate of the search at which everything arrived and both the drain and the median latency stayed within ' + `${drainLimit(cfg.duration)} s; "≥" marks a raw peer whose every run passed, so its capacity is higher (the ratio is then an upper bound). Latency is send → receipt; with ChatServer it includes the database commit. "Machine stalls" is how late a thread sleeping 1 ms at a time woke during the run: how long a ready thread waited for a CPU (the server's and chat-bench's own load included), which every latency also contains.`);
  return lines.join('\n') + '\n';
}

function printRatios(id, scenario) {
  for (const [peer, r] of Object.entries(scenario.ratios ?? {})) {
    if (!r) continue;
    const bound = scenario.peers[peer]?.bracketed === false ? ' (delivered/s: an upper bound, the peer passed every run)' : '';
    log(`  ratio ChatServer / ${peer}: ${Object.entries(r).map(([k, v]) => `${k} ${v ?? '-'}`).join(', ')}${bound}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Main

function limits() {
  const m = /Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/.exec(readText('/proc/self/limits'));
  return m ? Number(m[1] === 'unlimited' ? Infinity : m[1]) : 0;
}

let chatMulti = null;

async function main() {
  log(`compare: ${quick ? 'quick run' : 'full run'}, scenarios ${cfg.scenarios.join(',')}, peers ${cfg.peers.join(',')}; work directory ${work}`);
  const files = limits();
  const needed = Math.max(cfg.aMembers, cfg.bGroups * (cfg.bMembers + 1), cfg.scenarios.some((id) => ['C', 'H'].includes(id)) ? cfg.cConnections + cfg.cSenders : 0) + 200;
  if (files < needed) {
    console.error(`compare: the file limit is ${files}, below the ${needed} the largest scenario needs; start through bench/compare/run (ulimit -n), or raise the hard limit`);
    process.exit(1);
  }
  buildRepository();
  for (const binary of [CHATSERVER, CHAT_BENCH]) {
    if (!fs.existsSync(binary)) {
      console.error(`compare: no ${binary}: cmake --build --preset release --target chatserver chat-bench`);
      process.exit(1);
    }
  }
  if (cfg.peers.includes('beast')) chatMulti = await buildChatMulti();

  const git = (argv) => run('git', argv).out.trim();
  const results = {
    tool: 'bench/compare',
    date: new Date().toISOString(),
    host: os.hostname(),
    quick,
    machine: { cpus: cores, cpu_model: os.cpus()[0]?.model ?? '?', memory_gb: round(os.totalmem() / 2 ** 30, 1), kernel: os.release(), load_average_at_start: os.loadavg().map((x) => round(x, 2)) },
    versions: {
      chatserver: `${git(['rev-parse', '--short', 'HEAD'])}${git(['status', '--porcelain', '--untracked-files=no']) ? ' (modified)' : ''}`,
      chat_multi: chatMulti ? `Boost ${readText('/usr/include/boost/version.hpp').match(/BOOST_LIB_VERSION "([\d_]+)"/)?.[1]?.replace('_', '.') ?? '?'} Beast chat-multi, ${chatMulti.compiler}, ${chatMulti.flags}, ${cfg.serverThreads} threads` : 'chat-multi not run',
      ws: `Node ${process.version}, ws ${JSON.parse(readText(path.join(ROOT, 'node_modules/ws/package.json')) || '{}').version ?? '?'}`,
      chat_bench: CHAT_BENCH,
    },
    settings: cfg,
    scenarios: {},
  };

  for (const id of cfg.scenarios) {
    const def = scenarioDefs[id];
    log(`\n${def.title}\n  ${def.note}`);
    const scenario = { title: def.title, note: def.note, peers: {}, ratios: {} };
    results.scenarios[id] = scenario;
    for (const peer of cfg.peers) {
      if (peer !== 'chatserver' && !def.raw) continue;
      try {
        scenario.peers[peer] = peer === 'chatserver' ? await def.chatserver() : await def.raw(peer);
      } catch (error) {
        scenario.peers[peer] = { error: error.message };
        console.error(`  ${peer}: ${error.message}`);
      }
    }
    if (scenario.peers.chatserver) {
      for (const peer of cfg.peers.filter((p) => p !== 'chatserver' && scenario.peers[p])) {
        scenario.ratios[peer] = ratios(def.kind, scenario.peers.chatserver, scenario.peers[peer]);
      }
    }
    printRatios(id, scenario);
  }
  results.elapsed_seconds = round((Date.now() - started) / 1000, 1);
  results.machine.load_average_at_end = os.loadavg().map((x) => round(x, 2));

  fs.mkdirSync(cfg.resultsDir, { recursive: true });
  const stamp = results.date.replace(/:\d\d\.\d+Z$/, 'Z').replace(/:/g, '');
  const stem = path.join(cfg.resultsDir, `${stamp}-${results.host}${quick ? '-quick' : ''}`);
  const table = markdown(results);
  fs.writeFileSync(`${stem}.json`, JSON.stringify(results, null, 2) + '\n');
  fs.writeFileSync(`${stem}.md`, table);
  log(`\n${table}`);
  log(`compare: ${results.elapsed_seconds} s; wrote ${path.relative(process.cwd(), stem)}.json and .md${cfg.keep ? `; logs in ${work}` : ''}`);
}

main().catch((error) => {
  console.error(`compare: ${error.stack ?? error}`);
  process.exitCode = 1;
});
