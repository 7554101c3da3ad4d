// Gate-only endpoints ("redact": false): an SDK's call traffic is held before consent exactly
// like declared telemetry (fetch / XHR answered 204, a WebSocket not opened, in the page and in
// a blob Worker), and with consent arrives byte for byte as the page wrote it: the URL with its
// token, a body that is not even UTF-8, binary and text frames. Sockets go to a WebSocket
// server of the test's own on 127.0.0.1, which counts connections (a Worker's socket, which
// Playwright cannot route, included) and keeps every frame's bytes.
import { test as base, expect, shimPage, withSdk } from './fixtures.mjs';
import { withSocketProxy } from './socket-proxy.mjs';
import { grant } from './helpers.mjs';

const TELEMETRY = '/dist/rtc-privacy-shim-telemetry.js';
const ACCESS = 'https://access.rtc-sdk.test/dispatch/v1/AccessInfo';
// Bytes that are no UTF-8 text (a protobuf-like frame): a redactor would drop or change them.
const BINARY = [0x08, 0x96, 0x01, 0xff, 0xfe, 0x00, 0xc3, 0x28, 0x80];
const TOKEN = '001token5f2d8e1a9b3c4d7e6f801a2b';

const test = withSocketProxy(base);

const SOCKET = 'ws://signal.rtc-sdk.test';
const manifest = withSdk({
  endpoints: [
    { match: 'https://*.rtc-sdk.test/*', purpose: 'call', redact: false },
    { match: `${SOCKET}/gate*`, purpose: 'call', redact: false },
    // A telemetry path under the broad gate-only host: redacted, whatever the order.
    { match: 'https://access.rtc-sdk.test/log', purpose: 'diagnostics', format: 'json' },
  ],
});

async function open(page, serve, sockets) {
  sockets.connections.length = 0;
  const sent = [];
  await page.goto(serve('/gate.html', shimPage({ manifest, shim: TELEMETRY })));
  await page.route(/^https:\/\/access\.rtc-sdk\.test\//, (route) => {
    const request = route.request();
    sent.push({ url: request.url(), body: request.postDataBuffer() ? [...request.postDataBuffer()] : null });
    return route.fulfill({ status: 200, body: 'ok', headers: { 'access-control-allow-origin': '*' } });
  });
  return sent;
}
const ledger = (page) => page.evaluate(() => RtcPrivacyShim.current.ledger.entries()
  .filter((e) => e.purpose === 'call').map((e) => ({ surface: e.surface, action: e.action, counts: e.counts })));

// fetch and XHR with a body of bytes that are not UTF-8; → the statuses the page saw.
const sendBoth = (page, url) => page.evaluate(async ({ target, bytes }) => {
  const body = new Uint8Array(bytes);
  const fetched = (await fetch(target, { method: 'POST', body })).status;
  const xhr = await new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('POST', target);
    request.onloadend = () => resolve(request.status);
    request.send(body);
  });
  return [fetched, xhr];
}, { target: url, bytes: BINARY });

test('gate-only fetch and XHR: 204 and nothing sent before consent; byte-identical after (URL and a body that is not UTF-8)', async ({ page, serve, proxyServer: sockets }) => {
  const sent = await open(page, serve, sockets);
  const url = `${ACCESS}?Action=GetAccessInfo&token=${TOKEN}&mail=alice@example.com`;
  expect(await sendBoth(page, url)).toEqual([204, 204]);
  expect(sent).toEqual([]);
  await grant(page, 'call');
  expect(await sendBoth(page, url)).toEqual([200, 200]);
  expect(sent).toEqual([{ url, body: BINARY }, { url, body: BINARY }]);
  // Recorded, without counts: nothing was read.
  expect(await ledger(page)).toEqual([
    { surface: 'fetch', action: 'drop', counts: {} }, { surface: 'xhr', action: 'drop', counts: {} },
    { surface: 'fetch', action: 'allow', counts: {} }, { surface: 'xhr', action: 'allow', counts: {} },
  ]);
});

test('gate-only sendBeacon and image: queued / loaded and nothing sent before consent; as written after', async ({ page, serve, proxyServer: sockets }) => {
  const sent = await open(page, serve, sockets);
  // n=1 before consent, n=2 after: a beacon or pixel that leaks shows by its n.
  const url = (n) => `${ACCESS}?token=${TOKEN}&n=${n}`;
  const both = (n) => page.evaluate(({ target, bytes }) => new Promise((resolve) => {
    const queued = navigator.sendBeacon(target, new Uint8Array(bytes));
    const img = new Image();
    img.onload = () => resolve(['load', queued]);
    img.onerror = () => resolve(['error', queued]);
    img.src = `${target}&pixel=1`;
  }), { target: url(n), bytes: BINARY });
  expect(await both(1)).toEqual(['load', true]);
  expect(sent).toEqual([]);
  await grant(page, 'call');
  // Now the page gets the network's answer: the route's 'ok' is no image.
  expect(await both(2)).toEqual(['error', true]);
  // Both requests of n=2 are in (sent after those of n=1, which would have left first).
  await expect.poll(() => sent.filter((r) => r.url.includes('&n=2')).length).toBe(2);
  const byUrl = (a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0);
  expect([...sent].sort(byUrl)).toEqual([{ url: url(2), body: BINARY }, { url: `${url(2)}&pixel=1`, body: null }]);
  expect((await ledger(page)).map((e) => `${e.surface}:${e.action}`)).toEqual(['beacon:drop', 'image:drop', 'beacon:allow', 'image:allow']);
});

test('a telemetry endpoint under a broad gate-only host is redacted, not passed', async ({ page, serve, proxyServer: sockets }) => {
  const sent = await open(page, serve, sockets);
  await page.evaluate(() => RtcPrivacyShim.current.consent.grant(['call', 'diagnostics']));
  await page.evaluate(() => fetch('https://access.rtc-sdk.test/log', { method: 'POST', body: '{"mail":"alice@example.com"}' }));
  expect(sent.map((r) => Buffer.from(r.body).toString('utf8'))).toEqual(['{"mail":"[EMAIL]"}']);
});

// A socket from the page or a blob Worker (the same function, its source in the Worker):
// report(events) gets what the page's script saw.
function openSocket(report, url, bytes, token) {
  const events = [];
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  events.push(`constructed:${ws.readyState}`);
  ws.onopen = () => {
    ws.send(new Uint8Array(bytes));
    ws.send(`{"token":"${token}"}`);
    events.push('open');
    report(events);
  };
  ws.onerror = () => events.push(`error:${ws.readyState}`);
  ws.onclose = (e) => { events.push(`close:${e.code}`); report(events); };
}
const inPage = (page, url) => page.evaluate(({ source, args }) => new Promise((resolve) => {
  // The page runs the function it was given as a classic script of its own.
  window.__report = resolve;
  const script = document.createElement('script');
  script.textContent = `(${source})(window.__report, ...${JSON.stringify(args)});`;
  document.body.appendChild(script);
}), { source: openSocket.toString(), args: [url, BINARY, TOKEN] });
const inWorker = (page, url) => page.evaluate(({ source, args }) => new Promise((resolve) => {
  const worker = new Worker(URL.createObjectURL(new Blob([`(${source})((events) => postMessage(events), ...${JSON.stringify(args)});`])));
  worker.onmessage = (e) => resolve(e.data);
}), { source: openSocket.toString(), args: [url, BINARY, TOKEN] });

for (const [where, run] of [['the page', inPage], ['a blob Worker', inWorker]]) {
  test(`gate-only WebSocket from ${where}: not opened before consent (error, close 1006); with consent opened with its URL, binary and text frames byte-identical`, async ({ page, serve, proxyServer: sockets }) => {
    await open(page, serve, sockets);
    const url = `${SOCKET}/gate/accesshub?token=${TOKEN}`;
    expect(await run(page, url)).toEqual(['constructed:0', 'error:3', 'close:1006']);
    expect(sockets.connections).toEqual([]);
    await grant(page, 'call');
    expect(await run(page, url)).toEqual(['constructed:0', 'open']);
    await expect.poll(() => sockets.connections[0] && sockets.connections[0].frames.length).toBe(2);
    expect(sockets.connections).toEqual([{
      target: 'signal.rtc-sdk.test:80',
      url: `/gate/accesshub?token=${TOKEN}`,
      frames: [{ opcode: 2, bytes: BINARY }, { opcode: 1, bytes: [...Buffer.from(`{"token":"${TOKEN}"}`)] }],
    }]);
    const entries = (await ledger(page)).filter((e) => e.surface === 'websocket');
    expect(entries.map((e) => e.action)).toEqual(['drop', 'allow']);
  });
}
