// A minimal WebSocket broadcast server, for comparing ChatServer with a peer that does
// nothing but relay: every text message received is sent to every connected client (the
// sender included). `node bench/raw-broadcast-server.mjs [port]` (default 0: a free port),
// prints `Now listening on: ws://127.0.0.1:PORT/`. Loopback only.
// Then: chat-bench fanout --protocol raw --url ws://127.0.0.1:PORT/ -m 100 -s 4 --rate 1000
import ws from 'ws';

// ws 6 names it Server, ws 8 WebSocketServer.
const WebSocketServer = ws.WebSocketServer ?? ws.Server;

const port = Number(process.argv[2] ?? 0);
const server = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false });
server.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => {
    for (const client of server.clients) {
      if (client.readyState === 1) client.send(data, { binary: isBinary });
    }
  });
  socket.on('error', () => {});
});
server.on('listening', () => {
  console.log(`Now listening on: ws://127.0.0.1:${server.address().port}/`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const client of server.clients) client.terminate();
    server.close(() => process.exit(0));
  });
}
