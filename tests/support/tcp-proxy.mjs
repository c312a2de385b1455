// A TCP proxy for tests that break the network under a client: every accepted connection is
// joined byte for byte to the target. cut() destroys both sides of every connection open at
// that moment (a dropped network, as both peers see it). hold() makes the connections that
// arrive from then on wait, accepted but not joined, until release(): a network that stays
// down while the client tries again.
import net from 'node:net';

/**
 * Listens on a free loopback port. Resolves
 *   { port, url, connections, cut(), hold(), release(), close() }
 * where `connections` lists every accepted connection in arrival order as
 * { firstLine, openedAt, joinedAt }: firstLine is the first line the client sent (for HTTP,
 * the request line), joinedAt when it was joined to the target (undefined while held).
 */
export async function startTcpProxy({ targetPort, targetHost = '127.0.0.1' }) {
  const pairs = new Set();
  const held = [];
  const connections = [];
  let holding = false;

  const join = (pair) => {
    const upstream = net.connect(targetPort, targetHost);
    pair.upstream = upstream;
    pair.entry.joinedAt = Date.now();
    upstream.on('error', () => pair.client.destroy());
    upstream.on('close', () => pair.client.destroy());
    upstream.pipe(pair.client);
    pair.client.pipe(upstream);
    pair.client.resume();
  };

  const server = net.createServer((client) => {
    client.pause();
    const entry = { firstLine: undefined, openedAt: Date.now(), joinedAt: undefined };
    connections.push(entry);
    const pair = { client, upstream: undefined, entry };
    pairs.add(pair);
    let head = '';
    const readFirstLine = (chunk) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n');
      if (end >= 0 || head.length > 8192) {
        entry.firstLine = end >= 0 ? head.slice(0, end) : head;
        client.off('data', readFirstLine);
      }
    };
    client.on('data', readFirstLine);
    client.on('error', () => pair.upstream?.destroy());
    client.on('close', () => {
      pair.upstream?.destroy();
      pairs.delete(pair);
    });
    if (holding) held.push(pair);
    else join(pair);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    connections,
    /** Destroys both sides of every connection open now, held ones included. */
    cut() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream?.destroy();
      }
      held.length = 0;
    },
    /** Connections accepted from now on wait, unjoined, until release(). */
    hold() {
      holding = true;
    },
    /** Joins the held connections to the target, and the later ones at once again. */
    release() {
      holding = false;
      for (const pair of held.splice(0)) {
        if (!pair.client.destroyed) join(pair);
      }
    },
    close() {
      this.cut();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
