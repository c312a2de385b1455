// bench/compare: output. Figures as text, the one-line summary of a run, the Markdown table
// of the results and the files written.
import fs from 'node:fs';
import path from 'node:path';

export const PEER_NAMES = {
  chatserver: 'ChatServer (SignalR, SQLite)',
  beast: 'Beast chat-multi (raw WS)',
  ws: 'Node ws broadcast (raw WS)',
};

export const log = (line) => console.log(line);

export function round(x, digits = 0) {
  if (x === undefined || x === null || !Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function fmt(x, digits = 0) {
  if (x === undefined || x === null || !Number.isFinite(x)) return '-';
  return x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function summary(result) {
  const l = result.latency_ms;
  const w = result.measured_from_progress ?? {};
  const f = (x, d = 0) => fmt(x, d);
  return `rate ${result.rate === 0 ? 'max' : f(result.rate, result.rate < 10 ? 2 : 1)} -> sent ${f(result.send_rate)}/s,` +
    ` delivered ${f(result.delivery_rate)}/s (${f(result.delivery_ratio, 4)} of expected), drain ${f(result.drain_seconds, 2)} s,` +
    ` latency p50 ${f(l.p50, 2)} p99 ${f(l.p99, 2)} p99.9 ${f(l.p99_9, 2)} ms, machine stalls p99.9 ${f(result.machine_stalls_ms?.p99_9, 2)} ms; cores server ${f(w.server_cores, 2)}` +
    ` chat-bench ${f(w.bench_cores, 2)}, CPU µs per delivery server ${f(w.server_cpu_us_per_delivery, 1)} chat-bench ${f(w.bench_cpu_us_per_delivery, 1)}, load ${f(result.load_average_before, 1)}; ${result.passed ? 'PASS' : `FAIL: ${result.failures.join('; ')}`}`;
}

export function markdown(results, drainLimitSeconds) {
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
  lines.push('Throughput (A, B): ChatServer as fast as its acknowledgements allow (a message is acknowledged and delivered once stored in SQLite); raw peers at the highest fixed rate of the search at which everything arrived and both the drain and the median latency stayed within ' + `${drainLimitSeconds} s; "≥" marks a raw peer whose every run passed, so its capacity is higher (the ratio is then an upper bound). Latency is send → receipt; with ChatServer it includes the database commit. "Machine stalls" is how late a thread sleeping 1 ms at a time woke during the run: how long a ready thread waited for a CPU (the server's and chat-bench's own load included), which every latency also contains.`);
  return lines.join('\n') + '\n';
}

export function printRatios(id, scenario) {
  for (const [peer, r] of Object.entries(scenario.ratios ?? {})) {
    if (!r) continue;
    const bound = scenario.peers[peer]?.bracketed === false ? ' (delivered/s: an upper bound, the peer passed every run)' : '';
    log(`  ratio ChatServer / ${peer}: ${Object.entries(r).map(([k, v]) => `${k} ${v ?? '-'}`).join(', ')}${bound}`);
  }
}

// Writes <date>-<host>[-quick].json and .md into `resultsDir` and prints the table;
// returns the common path of the two files, without the extension.
export function writeResults(results, resultsDir, drainLimitSeconds) {
  fs.mkdirSync(resultsDir, { recursive: true });
  const stamp = results.date.replace(/:\d\d\.\d+Z$/, 'Z').replace(/:/g, '');
  const stem = path.join(resultsDir, `${stamp}-${results.host}${results.quick ? '-quick' : ''}`);
  const table = markdown(results, drainLimitSeconds);
  fs.writeFileSync(`${stem}.json`, JSON.stringify(results, null, 2) + '\n');
  fs.writeFileSync(`${stem}.md`, table);
  log(`\n${table}`);
  return stem;
}
