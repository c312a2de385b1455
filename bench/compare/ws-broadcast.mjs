// The Node peer of bench/compare: a minimal broadcast server on the `ws` package. Every text
// message received is sent to every connected client, the sender included; binary messages
// are relayed as binary. No groups, no storage, no authentication, no flow control beyond what
// `ws` does (a slow client's frames pile up in its socket's buffer).
//
//   node bench/compare/ws-broadcast.mjs [port]   # default 0: a free port
//
// Listens on 127.0.0.1 only and prints `Now listening on: ws://127.0.0.1:PORT/`. Ends on
// SIGINT or SIGTERM. `ws` comes from the repository's node_modules (a dependency of
// @microsoft/signalr); versions 6 to 8 work.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ws = require('ws');
const WebSocketServer = ws.WebSocketServer ?? ws.Server; // ws 8 : ws 6-7
const wsVersion = require('ws/package.json').version;

const port = Number(process.argv[2] ?? 0);
const server = new WebSocketServer({
  host: '127.0.0.1',
  port,
  perMessageDeflate: false,
  clientTracking: true,
});

server.on('connection', (socket) => {
  // ws 6-7: (data) with a string for text; ws 8: (data: Buffer, isBinary).
  socket.on('message', (data, isBinary) => {
    const binary = isBinary ?? typeof data !== 'string';
    for (const client of server.clients) {
      if (client.readyState === 1) client.send(data, { binary });
    }
  });
  socket.on('error', () => {}); // a client that vanishes is simply dropped
});

server.on('error', (error) => {
  console.error(`ws-broadcast: ${error.message}`);
  process.exit(1);
});

server.on('listening', () => {
  console.log(`ws-broadcast: node ${process.version}, ws ${wsVersion}`);
  console.log(`Now listening on: ws://127.0.0.1:${server.address().port}/`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const client of server.clients) client.terminate();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
