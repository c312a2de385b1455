// bench/compare: runs the same chat-bench `fanout` scenarios, one after the other on this
// machine, against ChatServer (SignalR JSON, SQLite, persistence on) and two plain WebSocket
// broadcast servers: Boost.Beast's `chat-multi` example, compiled here from the sources Debian's
// libboost1.81-doc installs, and a minimal Node `ws` server (ws-broadcast.mjs). Prints every
// figure and the ratios ChatServer / peer, and writes them to results/<date>-<host>.json and .md.
// Start it through ./run, which raises the file limit first. README.md explains the scenarios.
// This file is the command line: the settings, then one scenario after the other.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { HERE, ROOT, killChildrenOnExit, readText, run } from './processes.mjs';
import { log, printRatios, round, writeResults } from './report.mjs';
import { createScenarios, drainLimit, ratios } from './scenarios.mjs';
import { CHATSERVER, CHAT_BENCH, PEERS, buildChatMulti, buildRepository } from './servers.mjs';

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

const started = Date.now();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-compare-'));
killChildrenOnExit(() => {
  if (!cfg.keep) fs.rmSync(work, { recursive: true, force: true });
});
const ctx = { cfg, work, deadline: started + cfg.timeLimitMin * 60_000, chatMulti: null };
const scenarioDefs = createScenarios(ctx);

// ---------------------------------------------------------------------------------------------
// Main

function limits() {
  const m = /Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/.exec(readText('/proc/self/limits'));
  return m ? Number(m[1] === 'unlimited' ? Infinity : m[1]) : 0;
}

async function main() {
  log(`compare: ${quick ? 'quick run' : 'full run'}, scenarios ${cfg.scenarios.join(',')}, peers ${cfg.peers.join(',')}; work directory ${work}`);
  const files = limits();
  const needed = Math.max(cfg.aMembers, cfg.bGroups * (cfg.bMembers + 1), cfg.scenarios.some((id) => ['C', 'H'].includes(id)) ? cfg.cConnections + cfg.cSenders : 0) + 200;
  if (files < needed) {
    console.error(`compare: the file limit is ${files}, below the ${needed} the largest scenario needs; start through bench/compare/run (ulimit -n), or raise the hard limit`);
    process.exit(1);
  }
  buildRepository(cfg);
  for (const binary of [CHATSERVER, CHAT_BENCH]) {
    if (!fs.existsSync(binary)) {
      console.error(`compare: no ${binary}: cmake --build --preset release --target chatserver chat-bench`);
      process.exit(1);
    }
  }
  if (cfg.peers.includes('beast')) ctx.chatMulti = await buildChatMulti(cores);
  const { chatMulti } = ctx;

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

  const stem = writeResults(results, cfg.resultsDir, drainLimit(cfg.duration));
  log(`compare: ${results.elapsed_seconds} s; wrote ${path.relative(process.cwd(), stem)}.json and .md${cfg.keep ? `; logs in ${work}` : ''}`);
}

main().catch((error) => {
  console.error(`compare: ${error.stack ?? error}`);
  process.exitCode = 1;
});
