// bench/compare: the scenarios. A, B and C against every peer (a raw peer's throughput by
// a fixed-rate search), H (ChatServer's latency at half its fixed-rate peak), and the ratios
// ChatServer / peer.
import { bench } from './chat-bench.mjs';
import { sleep } from './processes.mjs';
import { fmt, log, round, summary } from './report.mjs';
import { withServer } from './servers.mjs';

// A fixed-rate run keeps up with its rate when everything arrived, the backlog at the end of a
// window of `duration` seconds drained within this many seconds and the median latency stayed
// below it (a server 10% too slow needs about 10% of the window to catch up).
export const drainLimit = (duration) => Math.max(0.25, 0.1 * duration);

// The scenarios of this run, by id: { title, note, kind, chatserver(), raw(peer) }. `ctx` is
// { cfg, work, deadline, chatMulti }.
export function createScenarios(ctx) {
  const { cfg, deadline } = ctx;

  function timeLeft(seconds) {
    return Date.now() + seconds * 1000 < deadline;
  }

  // One chat-bench run against a fresh server, after `pause` seconds of idle machine; null when
  // it would not end within the time limit.
  async function freshRun(peer, label, options, pause = 0) {
    if (!timeLeft(pause + 30 + (options.warmup ?? 0) + options.duration + options.drain)) return null;
    await sleep(pause * 1000);
    return withServer(ctx, peer, label, (server) => bench(ctx, server, label, options));
  }

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

  return {
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
}

export function ratios(kind, ours, theirs) {
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
