// An HTTP/1.1 proxy for tests, in front of one or more servers. Requests and responses are
// streamed as they come, nothing held back, so Server-Sent Events and long polls pass as a
// well-behaved proxy passes them; WebSocket upgrades are joined byte for byte.
// `target(request)` picks the server of each request (roundRobin(urls) makes a load
// balancer without sticky sessions); `refuse(request)` answers a request with 403 instead,
// as a corporate proxy that blocks WebSockets does. A client that goes away (an aborted
// poll, a closed event stream) is gone for the server too.
import http from 'node:http';
import net from 'node:net';

/** A `target` that sends each request to the next of `urls`, in turn. */
export function roundRobin(urls) {
  let next = 0;
  return () => urls[next++ % urls.length];
}

/**
 * A `target` that sends each request of a hub connection (its `id` query parameter) to the
 * next of `urls` after the one its previous request went to, so that no two requests of one
 * connection in a row reach the same server; requests without an id go round robin.
 */
export function roundRobinByConnection(urls) {
  let next = 0;
  const following = new Map();
  return (request) => {
    const id = new URL(request.url, 'http://proxy').searchParams.get('id');
    if (!id) return urls[next++ % urls.length];
    const index = following.get(id) ?? next++;
    following.set(id, index + 1);
    return urls[index % urls.length];
  };
}

/** True for a WebSocket upgrade request. */
export function isWebSocketUpgrade(request) {
  return /\bwebsocket\b/i.test(request.headers.upgrade ?? '');
}

/** True for a Server-Sent Events request. */
export function isEventStream(request) {
  return /text\/event-stream/i.test(request.headers.accept ?? '');
}

/**
 * Listens on a free loopback port. Resolves { port, url, log, close() }; `log` lists every
 * request in arrival order as
 *   { method, url, id, upgrade, eventStream, target, status, refused }
 * where `id` is the request's `id` query parameter (a hub connection token), `target` the
 * origin it was sent to and `status` the status the server answered (once it has).
 */
export async function startHttpProxy({ target, refuse = () => false }) {
  const log = [];
  const sockets = new Set();
  const track = (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };

  const record = (request) => {
    const url = new URL(request.url, 'http://proxy');
    const entry = {
      method: request.method, url: request.url, id: url.searchParams.get('id'),
      upgrade: isWebSocketUpgrade(request), eventStream: isEventStream(request),
      target: undefined, status: undefined, refused: false,
    };
    log.push(entry);
    return entry;
  };

  const server = http.createServer((request, response) => {
    const entry = record(request);
    if (refuse(request)) {
      entry.refused = true;
      entry.status = 403;
      request.resume();
      response.writeHead(403, { 'content-type': 'text/plain', connection: 'close' });
      response.end('Refused by the test proxy');
      return;
    }
    const to = new URL(target(request));
    entry.target = to.origin;
    const upstream = http.request({
      host: to.hostname, port: to.port, method: request.method, path: request.url,
      headers: request.headers, agent: false,
    });
    upstream.on('socket', track);
    upstream.on('response', (answer) => {
      entry.status = answer.statusCode;
      response.writeHead(answer.statusCode, answer.statusMessage, answer.rawHeaders);
      response.flushHeaders();
      answer.pipe(response);
    });
    upstream.on('error', () => {
      if (response.headersSent) {
        response.destroy();
      } else {
        entry.status = 502;
        response.writeHead(502, { 'content-type': 'text/plain' });
        response.end('The test proxy could not reach the server');
      }
    });
    response.on('close', () => upstream.destroy());
    request.pipe(upstream);
  });

  server.on('upgrade', (request, socket, head) => {
    const entry = record(request);
    socket.on('error', () => socket.destroy());
    if (refuse(request)) {
      entry.refused = true;
      entry.status = 403;
      const body = 'Refused by the test proxy';
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n` +
                 `Connection: close\r\n\r\n${body}`);
      return;
    }
    const to = new URL(target(request));
    entry.target = to.origin;
    const upstream = net.connect(Number(to.port), to.hostname, () => {
      const lines = [`${request.method} ${request.url} HTTP/${request.httpVersion}`];
      for (let i = 0; i < request.rawHeaders.length; i += 2) {
        lines.push(`${request.rawHeaders[i]}: ${request.rawHeaders[i + 1]}`);
      }
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.once('data', (chunk) => {
        entry.status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(chunk.toString('latin1'))?.[1]);
      });
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => socket.destroy());
    upstream.on('close', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
  });

  server.on('connection', track);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    log,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
