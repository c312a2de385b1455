// Starts the chatserver binary and waits until it prints
// "Now listening on: http://HOST:PORT". Shared by the integration, end-to-end and browser
// harnesses, bench/compare and (through the command line below) bench/smoke.sh.
//
// As a module:
//   const server = await launchServer({ bin, args: ['--data-dir', dir] });
//   server.url; server.port; server.process; await server.stop();
//
// As a command, for shell scripts:
//   node tests/support/launch-server.mjs [--timeout-ms N] -- BIN [ARGS...]
// prints "URL PID" on one line once the server listens, then stays until the server exits
// (SIGTERM or SIGINT to this process stop the server first) and exits with its code. If the
// server does not start it prints why on stderr and exits 1 without printing a line.
import { spawn as spawnChild } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const LISTENING = /Now listening on: http:\/\/([^\s/]+):(\d+)/;

/** A TCP port on 127.0.0.1 that was free a moment ago, for a server that needs a fixed one. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// Servers still running when this process exits are killed, so none outlive it.
const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Spawns `bin` with `--port <port>` (0 by default: the server picks a free one) followed by
 * `args`, with both output pipes drained for the server's whole life (the last `maxLogChars`
 * of each are kept). Resolves, once the listening line appears, with
 *   { url, host, port, process, exited, stop(), logs() }
 * where `exited` resolves with { code, signal }, logs() returns { stdout, stderr, output }
 * (output: both, in arrival order) and stop() sends SIGTERM and resolves with the exit outcome,
 * or sends SIGKILL and rejects if the server is still running `stopTimeoutMs` later.
 * Rejects, after killing the server, if it exits first, cannot be spawned, or does not get
 * there within `timeoutMs`; the error has the output so far in its message and as
 * error.stdout and error.stderr.
 *
 * `spawn(command, args, { cwd, env, stdio })` replaces child_process.spawn, e.g. to run the
 * server under a wrapper or to track it; it must return a child with piped stdout and stderr.
 */
export async function launchServer({
  bin, args = [], port = 0, cwd, env, timeoutMs = 15_000, stopTimeoutMs = 10_000,
  maxLogChars = 64 * 1024, name = 'Server', spawn = spawnChild,
}) {
  const child = spawn(bin, ['--port', String(port), ...args],
                      { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);

  let stdout = '';
  let stderr = '';
  let output = '';
  const keep = (log, chunk) => (log + chunk).slice(-maxLogChars);
  const logs = () => ({ stdout, stderr, output });
  const failure = (message) => Object.assign(
    new Error(`${message}\nstdout:\n${stdout}\nstderr:\n${stderr}`), { stdout, stderr });

  const exited = new Promise((resolveExit) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolveExit({ code, signal });
    });
  });
  const spawnError = new Promise((_, rejectSpawn) => child.once('error', rejectSpawn));
  spawnError.catch(() => {});

  let listening;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr = keep(stderr, chunk);
    output = keep(output, chunk);
  });
  child.stdout.setEncoding('utf8');
  const address = new Promise((resolveAddress, rejectAddress) => {
    let pending = '';
    const timer = setTimeout(() => {
      rejectAddress(failure(`${name} did not report listening within ${timeoutMs} ms.`));
    }, timeoutMs);
    child.stdout.on('data', (chunk) => {
      stdout = keep(stdout, chunk);
      output = keep(output, chunk);
      if (listening) return;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) {
        const match = LISTENING.exec(line);
        if (match) {
          clearTimeout(timer);
          listening = { host: match[1], port: Number(match[2]) };
          resolveAddress(listening);
          return;
        }
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      rejectAddress(failure(`${name} exited early (code ${code}, signal ${signal}).`));
    });
    spawnError.catch((error) => {
      clearTimeout(timer);
      rejectAddress(error);
    });
  });

  let host;
  let actualPort;
  try {
    ({ host, port: actualPort } = await address);
    if (!(actualPort > 0)) throw failure(`${name} reported port ${actualPort}.`);
  } catch (error) {
    child.kill('SIGKILL');
    await Promise.race([exited, spawnError.catch(() => {})]);
    throw error;
  }

  let stopped;
  const stop = () => {
    stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      let timer;
      const outcome = await Promise.race([
        exited,
        new Promise((resolveTimeout) => {
          timer = setTimeout(() => resolveTimeout(null), stopTimeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (outcome === null) {
        child.kill('SIGKILL');
        await exited;
        throw failure(`${name} did not exit within ${stopTimeoutMs} ms of SIGTERM.`);
      }
      return outcome;
    })();
    return stopped;
  };

  return {
    url: `http://${host}:${actualPort}`, host, port: actualPort, process: child, exited, stop, logs,
  };
}

async function main(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { 'timeout-ms': { type: 'string' } },
    allowPositionals: true,
  });
  const [bin, ...args] = positionals;
  if (!bin) {
    console.error('usage: node tests/support/launch-server.mjs [--timeout-ms N] -- BIN [ARGS...]');
    return 2;
  }
  const timeoutMs = values['timeout-ms'] === undefined ? undefined : Number(values['timeout-ms']);
  let server;
  try {
    server = await launchServer({ bin, args, timeoutMs });
  } catch (error) {
    console.error(`launch-server: ${error.message}`);
    return 1;
  }
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.once(signal, () => { server.stop().catch(() => {}); });
  }
  console.log(`${server.url} ${server.process.pid}`);
  const { code, signal } = await server.exited;
  if (code !== 0) {
    const { stdout, stderr } = server.logs();
    console.error(`launch-server: the server exited (code ${code}, signal ${signal}).\n` +
                  `stdout:\n${stdout}\nstderr:\n${stderr}`);
  }
  return code ?? 1;
}

function isEntryPoint() {
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = await main(process.argv.slice(2));
}
