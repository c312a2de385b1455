// bench/compare: child processes. Every one is tracked, killed on exit, and dies with us
// (parent death signal); the memory and CPU of a server from /proc; small file helpers.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../..');

const children = new Set();
const hasSetpriv = spawnSync('setpriv', ['--help'], { stdio: 'ignore' }).status === 0;

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Tracks `child` until it exits; `child.exited` resolves with { code, signal }.
export function track(child) {
  children.add(child);
  child.exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  return child;
}

export function launch(command, argv, { stdoutFile, stderrFile, cwd = ROOT, env } = {}) {
  const [cmd, full] = hasSetpriv
    ? ['setpriv', ['--pdeathsig', 'KILL', '--', command, ...argv]]
    : [command, argv];
  const child = track(spawn(cmd, full, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }));
  child.on('error', () => {}); // reported through `exited` and the missing output
  if (stdoutFile) child.stdout.pipe(fs.createWriteStream(stdoutFile));
  if (stderrFile) child.stderr.pipe(fs.createWriteStream(stderrFile));
  return child;
}

export async function stop(child, graceMs = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

// Kills every child still running when this process exits or is interrupted, then calls
// `finish` (once).
export function killChildrenOnExit(finish) {
  let cleaned = false;
  const cleanup = () => {
    if (cleaned) return;
    cleaned = true;
    for (const child of children) {
      try {
        child.kill('SIGKILL');
      } catch {}
    }
    finish();
  };
  process.on('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      console.error(`\ncompare: ${signal}: stopping every server and chat-bench`);
      cleanup();
      process.exit(130);
    });
  }
}

export function run(cmd, argv, options = {}) {
  const result = spawnSync(cmd, argv, { cwd: ROOT, encoding: 'utf8', ...options });
  return { ok: result.status === 0, out: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

// A new path in the work directory: `<stem>-<serial>`, unique within this run.
let serial = 0;
export function workPath(work, stem) {
  return path.join(work, `${stem}-${++serial}`);
}

export function readText(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export function tailText(text, lines = 5) {
  return text.trim().split('\n').slice(-lines).join(' | ');
}

export function tail(file, lines = 5) {
  return tailText(readText(file), lines);
}

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
export function cpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime + stime
  } catch {
    return NaN;
  }
}

// Polls the server's resident size; kills it above `maxRssMb` (a broadcast server without
// flow control can queue without bound).
export function watch(server, maxRssMb) {
  server.peakRssMb = 0;
  server.killedForMemory = false;
  const timer = setInterval(() => {
    const rss = rssMb(server.child.pid);
    server.peakRssMb = Math.max(server.peakRssMb, rss);
    if (rss > maxRssMb && !server.killedForMemory) {
      server.killedForMemory = true;
      console.error(`compare: ${server.peer} above ${maxRssMb} MB (${rss.toFixed(0)} MB): killed`);
      server.child.kill('SIGKILL');
    }
  }, 250);
  timer.unref();
  server.child.exited.then(() => clearInterval(timer));
}
