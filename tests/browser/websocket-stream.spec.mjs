// WebSocketStream (network/websocket-stream.js): decided as a WebSocket is. Sockets go to the
// tests' WebSocket server, the browser's proxy (socket-proxy.mjs), which keeps every frame.
import { test as base, expect, shimPage, withSdk } from './fixtures.mjs';
import { withSocketProxy } from './socket-proxy.mjs';
import { grant, revoke, ledgerOf } from './helpers.mjs';

const test = withSocketProxy(base);
const TELEMETRY = '/dist/rtc-privacy-shim-telemetry.js';
const SOCKET = 'ws://signal.rtc-sdk.test';
const manifest = withSdk({
  endpoints: [
    { match: `${SOCKET}/gate*`, purpose: 'call', redact: false },
    { match: `${SOCKET}/log*`, purpose: 'diagnostics', format: 'json' },
  ],
});
const BINARY = [0x08, 0x96, 0x01, 0xff, 0xfe];

async function open(page, serve, sockets, path = '/wss.html') {
  sockets.connections.length = 0;
  await page.goto(serve(path, shimPage({ manifest, shim: TELEMETRY })));
}

// Everything a script sees of a stream that never opens (its url aside).
const PROBE = async (url) => {
  let unhandled = 0;
  const count = () => { unhandled++; };
  addEventListener('unhandledrejection', count);
  const s = new WebSocketStream(url);
  const failure = (e) => [e.constructor.name, e.name, e.message, e.closeCode, e.reason];
  const out = {
    proto: Object.getPrototypeOf(s) === WebSocketStream.prototype,
    opened: await s.opened.then(() => 'opened', failure),
    closed: await s.closed.then(() => 'closed', failure),
    close: s.close(),
  };
  await new Promise((resolve) => setTimeout(resolve, 50));
  removeEventListener('unhandledrejection', count);
  out.unhandled = unhandled;
  return out;
};

// Opens `url`, writes a binary and a text message, → what happened.
const SEND = async ({ url, binary, text }) => {
  const s = new WebSocketStream(url);
  try {
    const { writable } = await s.opened;
    const writer = writable.getWriter();
    await writer.write(new Uint8Array(binary));
    await writer.write(text);
    return ['opened', s.url];
  } catch (e) {
    return [e.message];
  }
};

test('before consent a stream to a declared endpoint fails as one to an unreachable host does, and nothing connects', async ({ page, serve, proxyServer: sockets }) => {
  await open(page, serve, sockets);
  const native = await page.evaluate(PROBE, 'wss://127.0.0.1:1/');
  const standIn = await page.evaluate(PROBE, `${SOCKET}/gate/accesshub?token=t0k`);
  expect(standIn).toEqual(native);
  expect(standIn.closed).toEqual(['WebSocketError', 'WebSocketError', 'WebSocket was not cleanly closed.', 1006, '']);
  expect(await page.evaluate((u) => new WebSocketStream(u).url, `${SOCKET}/gate/x`)).toBe(`${SOCKET}/gate/x`);
  expect(sockets.connections).toEqual([]);
  expect((await ledgerOf(page, 'websocket')).map((e) => e.action)).toEqual(['drop', 'drop']);
});

test('with consent: a gate-only endpoint as written; a redacting one with its URL and each message redacted', async ({ page, serve, proxyServer: sockets }) => {
  await open(page, serve, sockets, '/wss-consent.html');
  await grant(page, 'call');
  await grant(page, 'diagnostics');
  expect(await page.evaluate(SEND, { url: `${SOCKET}/gate/accesshub?token=t0k`, binary: BINARY, text: '{"user":"alice@example.com"}' }))
    .toEqual(['opened', `${SOCKET}/gate/accesshub?token=t0k`]);
  expect(await page.evaluate(SEND, { url: `${SOCKET}/log?mail=bob@example.com`, binary: BINARY, text: '{"user":"alice@example.com"}' }))
    .toEqual(['opened', `${SOCKET}/log?mail=%5BEMAIL%5D`]);
  await expect.poll(() => sockets.connections.map((c) => c.frames.length).join()).toBe('2,1');
  expect(sockets.connections.map((c) => [c.url, c.frames.map((f) => [f.opcode, Buffer.from(f.bytes).toString('latin1')])])).toEqual([
    ['/gate/accesshub?token=t0k', [[2, Buffer.from(BINARY).toString('latin1')], [1, '{"user":"alice@example.com"}']]],
    // Bytes that are not text and not compressed text: dropped, as a WebSocket's binary frame.
    ['/log?mail=%5BEMAIL%5D', [[1, '{"user":"[EMAIL]"}']]],
  ]);
  expect((await ledgerOf(page, 'websocket')).map((e) => e.action)).toEqual(['allow', 'redact', 'drop', 'redact']);
});

test('withdrawing consent closes an open stream to a declared endpoint, recorded', async ({ page, serve, proxyServer: sockets }) => {
  await open(page, serve, sockets, '/wss-revoke.html');
  await grant(page, 'call');
  await page.evaluate(async (u) => {
    window.stream = new WebSocketStream(u);
    window.own = new WebSocketStream('ws://other.example.test/own');
    window.own.opened.catch(() => {});
    window.own.closed.catch(() => {});
    await window.stream.opened;
  }, `${SOCKET}/gate/accesshub`);
  await revoke(page, 'diagnostics');  // not its purpose
  expect(await page.evaluate(() => Promise.race([stream.closed.then(() => 'closed'), new Promise((r) => setTimeout(() => r('open'), 100))]))).toBe('open');
  await revoke(page, 'call');
  // Closed by the shim (the tests' server ends the connection without a closing frame of its own).
  expect(await page.evaluate(() => Promise.race([stream.closed.then(() => 'ended', () => 'ended'), new Promise((r) => setTimeout(() => r('open'), 2000))]))).toBe('ended');
  expect((await ledgerOf(page, 'websocket')).map((e) => [e.action, e.reason])).toEqual([
    ['allow', 'consent "call" granted'], ['drop', 'consent "call" is denied']]);
});

// A dedicated worker's streams: the page's engine decides, as for its own.
const inWorker = (page, fn, arg) => page.evaluate(({ source, value }) => new Promise((resolve) => {
  const worker = new Worker(URL.createObjectURL(new Blob([`
    const run = ${source};
    onmessage = async (e) => { try { postMessage(await run(e.data)); } catch (error) { postMessage('failed: ' + (error && error.stack)); } };`])));
  worker.onmessage = (e) => resolve(e.data);
  worker.onerror = (e) => resolve(`worker error: ${e.message}`);
  worker.postMessage(value);
}), { source: fn.toString(), value: arg });

test('a worker\'s stream: failing before consent as the browser\'s own unreachable one; with consent as written or redacted, message by message', async ({ page, serve, proxyServer: sockets }) => {
  await open(page, serve, sockets, '/wss-worker.html');
  const native = await inWorker(page, PROBE, 'wss://127.0.0.1:1/');
  const standIn = await inWorker(page, PROBE, `${SOCKET}/gate/accesshub?token=t0k`);
  expect(standIn).toEqual(native);
  expect(sockets.connections).toEqual([]);
  await grant(page, 'call');
  await grant(page, 'diagnostics');
  expect(await inWorker(page, SEND, { url: `${SOCKET}/gate/accesshub?token=t0k`, binary: BINARY, text: '{"user":"alice@example.com"}' }))
    .toEqual(['opened', `${SOCKET}/gate/accesshub?token=t0k`]);
  expect(await inWorker(page, SEND, { url: `${SOCKET}/log?mail=bob@example.com`, binary: BINARY, text: '{"user":"alice@example.com"}' }))
    .toEqual(['opened', `${SOCKET}/log?mail=%5BEMAIL%5D`]);
  await expect.poll(() => sockets.connections.map((c) => c.frames.length).join()).toBe('2,1');
  expect(sockets.connections.map((c) => [c.url, c.frames.map((f) => [f.opcode, Buffer.from(f.bytes).toString('latin1')])])).toEqual([
    ['/gate/accesshub?token=t0k', [[2, Buffer.from(BINARY).toString('latin1')], [1, '{"user":"alice@example.com"}']]],
    ['/log?mail=%5BEMAIL%5D', [[1, '{"user":"[EMAIL]"}']]],
  ]);
  expect((await ledgerOf(page, 'websocket')).map((e) => e.action)).toEqual(['drop', 'allow', 'redact', 'drop', 'redact']);
});

test('withdrawing consent closes a worker\'s open stream to a declared endpoint, recorded', async ({ page, serve, proxyServer: sockets }) => {
  await open(page, serve, sockets, '/wss-worker-revoke.html');
  await grant(page, 'call');
  await page.evaluate((url) => new Promise((resolve) => {
    window.streamWorker = new Worker(URL.createObjectURL(new Blob([`
      let stream;
      onmessage = async (e) => {
        if (e.data === 'open') {
          stream = new WebSocketStream(${JSON.stringify(url)});
          await stream.opened;
          postMessage('opened');
        } else {
          postMessage(await Promise.race([stream.closed.then(() => 'ended', () => 'ended'), new Promise((r) => setTimeout(() => r('open'), 300))]));
        }
      };`])));
    streamWorker.onmessage = (e) => resolve(e.data);
    streamWorker.postMessage('open');
  }), `${SOCKET}/gate/accesshub`);
  const state = () => page.evaluate(() => new Promise((resolve) => {
    streamWorker.onmessage = (e) => resolve(e.data);
    streamWorker.postMessage('state');
  }));
  await revoke(page, 'diagnostics');  // not its purpose
  expect(await state()).toBe('open');
  await revoke(page, 'call');
  expect(await state()).toBe('ended');
  expect((await ledgerOf(page, 'websocket')).map((e) => [e.action, e.reason])).toEqual([
    ['allow', 'consent "call" granted'], ['drop', 'consent "call" is denied']]);
});

// A browser with WebSocketStream but no WebSocketError (an earlier Chromium): the stand-in fails
// with a NetworkError, never hangs or throws at the page.
test('without WebSocketError the stand-in fails with a NetworkError', async ({ page, serve, proxyServer: sockets }) => {
  await page.addInitScript(() => { delete window.WebSocketError; });
  await open(page, serve, sockets, '/wss-no-error.html');
  expect(await page.evaluate((u) => {
    const s = new WebSocketStream(u);
    return Promise.all([s.opened.catch((e) => `${e.name}: ${e.message}`), s.closed.catch((e) => `${e.name}: ${e.message}`)]);
  }, `${SOCKET}/gate/x`)).toEqual(['NetworkError: WebSocket closed before handshake complete.', 'NetworkError: WebSocket was not cleanly closed.']);
  expect(sockets.connections).toEqual([]);
  // A worker's side, run in a page as a worker's bootstrap has it.
  expect(await page.evaluate(async (url) => {
    const { workerWebSocketStream } = await import('/js-bindings/network/websocket-stream.js');
    const { workerClosing } = await import('/js-bindings/network/web-transport.js');
    const { createWrapKit } = await import('/js-bindings/wrap.js');
    const { workerNatives } = await import('/js-bindings/realms/worker-boot.js');
    const kit = createWrapKit();
    const w = workerNatives();
    const channel = { ask() {}, onPush() {} };
    workerWebSocketStream(kit, channel, w, { known: () => false, remember() {}, classify: (u, transport, next) => next({ pass: false, send: false }),
      socketUrl: (u) => u, failureAfter: () => 0, failuresReset() {},
      closing: (proto, fieldsOf, fail, transport) => workerClosing(kit, channel, w, proto, fieldsOf, fail, transport) });
    const s = new WebSocketStream(url);
    return Promise.all([s.opened.catch((e) => `${e.name}: ${e.message}`), s.closed.catch((e) => `${e.name}: ${e.message}`)]);
  }, `${SOCKET}/gate/y`)).toEqual(['NetworkError: WebSocket closed before handshake complete.', 'NetworkError: WebSocket was not cleanly closed.']);
});
