// bench/compare: one chat-bench fanout run and the figures taken from it.
import fs from 'node:fs';
import os from 'node:os';

import { cpuSeconds, launch, workPath } from './processes.mjs';
import { round } from './report.mjs';
import { CHAT_BENCH } from './servers.mjs';

// `[  2.0 s] measure  sent 302 (121/s)  acked 286 (120/s)  delivered 291173 (125340/s)  errors 0`
const PROGRESS =
  /\[\s*([\d.]+) s\]\s+(.+?)\s+sent\s+(\d+)\s+\(\s*[\d.]+\/s\)\s+acked\s+(\d+)\s+\(\s*[\d.]+\/s\)\s+delivered\s+(\d+)\s+\(\s*([\d.]+)\/s\)\s+errors\s+(\d+)/;

// Runs one chat-bench fanout against `server`, bounded in time (SIGINT, then SIGKILL). At each
// progress line it also samples the CPU time of the server and of chat-bench, so the figures of
// the measured window include the cores each used and the server's CPU per delivery.
export async function bench(ctx, server, label, options) {
  const { cfg, work } = ctx;
  const base = workPath(work, label);
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
