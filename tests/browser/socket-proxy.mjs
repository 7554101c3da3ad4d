// A WebSocket server the tests' browser reaches as its proxy: sockets from the page and from
// Workers (which Playwright cannot route) alike, each frame's bytes kept. Used by
// gate.spec.mjs and compressed.spec.mjs.
import { createHash } from 'node:crypto';
import { createServer as createNetServer } from 'node:net';

// The browser's proxy, which is also the WebSocket server: a socket, the page's or a Worker's,
// reaches it as a CONNECT (counted), then speaks RFC 6455 inside the tunnel; client frames are
// unmasked and kept as { opcode, bytes }. Nothing else is tunnelled anywhere.
export function startSocketProxy() {
  const connections = [];
  const server = createNetServer((socket) => {
    let connection = null;
    let pending = Buffer.alloc(0);
    let stage = 'connect';
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      if (stage !== 'frames') {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = pending.subarray(0, end).toString('latin1').split('\r\n');
        pending = pending.subarray(end + 4);
        if (stage === 'connect') {
          connection = { target: head[0].split(' ')[1], url: null, frames: [] };
          connections.push(connection);
          stage = 'upgrade';
          socket.write('HTTP/1.1 200 Connection established\r\n\r\n');
          return;
        }
        connection.url = head[0].split(' ')[1];
        const key = head.find((h) => /^sec-websocket-key:/i.test(h)).split(':')[1].trim();
        const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
        socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
        stage = 'frames';
      }
      while (pending.length >= 6) {
        let length = pending[1] & 0x7f;
        let at = 2;
        if (length === 126) { length = pending.readUInt16BE(2); at = 4; }
        if (length === 127) { length = Number(pending.readBigUInt64BE(2)); at = 10; }
        if (pending.length < at + 4 + length) return;
        const mask = pending.subarray(at, at + 4);
        const bytes = Buffer.from(pending.subarray(at + 4, at + 4 + length).map((b, i) => b ^ mask[i % 4]));
        const opcode = pending[0] & 0x0f;
        pending = pending.subarray(at + 4 + length);
        if (opcode === 8) { socket.end(); return; }
        connection.frames.push({ opcode, bytes: [...bytes] });
      }
    });
    socket.on('error', () => {});
  });
  return listenLocally(server, { connections });
}

// Starts `server` on a free port of 127.0.0.1 → { url (as a proxy address), close, ...more }.
export function listenLocally(server, more) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((done) => server.close(done)),
    ...more,
  })));
}

// `base` with a proxy made by `start()` as the browser's for every context of the tests it
// makes, and as the worker-scoped fixture `proxyServer` (Playwright reads fixture names from
// the source, so the name is fixed); the test server (127.0.0.1) is reached directly.
export const withProxy = (base, start) => base.extend({
  proxyServer: [async ({}, use) => {
    const proxy = await start();
    await use(proxy);
    await proxy.close();
  }, { scope: 'worker' }],
  contextOptions: async ({ contextOptions, proxyServer }, use) => {
    await use({ ...contextOptions, proxy: { server: proxyServer.url, bypass: '127.0.0.1' } });
  },
});

// The fixture `proxyServer` is the socket proxy ({ url, connections, close }).
export const withSocketProxy = (base) => withProxy(base, startSocketProxy);
