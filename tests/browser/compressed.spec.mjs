// Compressed and binary telemetry, and URLs as payloads (issue 6, points 1 and 2), captured
// as they leave the page (page.route / page.routeWebSocket) and opened here with node's zlib:
// gzip and zlib bodies arrive in their container, holding the redacted JSON; nothing leaves
// before consent; binary frames pass only where the endpoint says so; a WebSocket URL's
// query is redacted; a socket to a declared endpoint is not opened before consent, fails as
// on a network error, and a page that reconnects on close does not spin.
import { deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import { test, expect, shimPage, withSdk } from './fixtures.mjs';
import { withSocketProxy } from './socket-proxy.mjs';
import { grant, ledgerOf } from './helpers.mjs';

const TELEMETRY = '/dist/rtc-privacy-shim-telemetry.js';
const LOG = 'https://web-log-report.rtc-sdk.test/video/v1/webrtc_log/';
const TLOG = 'wss://weblogger-wss.rtc-sdk.test/zglog/tlog';
const PASSING = 'wss://signal.rtc-sdk.test/ws';
// Plain ws: for a Worker's sockets, which reach the test's proxy (socket-proxy.mjs).
const WS_TLOG = 'ws://weblogger-ws.rtc-sdk.test/zglog/tlog';
const WS_PASSING = 'ws://signal.rtc-sdk.test/bin';
const manifest = withSdk({
  endpoints: [
    { match: LOG, purpose: 'diagnostics', format: 'json' },
    { match: TLOG, purpose: 'diagnostics', format: 'json' },
    { match: PASSING, purpose: 'diagnostics', format: 'json', binary: 'pass' },
    { match: WS_TLOG, purpose: 'diagnostics', format: 'json' },
    { match: WS_PASSING, purpose: 'diagnostics', format: 'json', binary: 'pass' },
    { match: 'https://log.rtc-sdk.test/zglog/whitelist', purpose: 'diagnostics', format: 'json' },
  ],
});
const PAYLOAD = '{"event":"join","email":"alice@example.com","ip":"203.0.113.77"}';
const REDACTED = '{"event":"join","email":"[EMAIL]","ip":"[IPV4]"}';
const BINARY = [0x08, 0x96, 0x01, 0x12, 0x03, 0xff, 0xfe, 0x00];
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJ1aWQiOiJhbGljZSJ9.c2lnbmF0dXJlc2lnbmF0dXJl';

async function open(page, serve) {
  const sent = [];
  await page.goto(serve('/c.html', shimPage({ manifest, shim: TELEMETRY })));
  await page.route(/^https:\/\/(web-log-report|log)\.rtc-sdk\.test\//, (route) => {
    const request = route.request();
    sent.push({ url: request.url(), body: request.postDataBuffer() });
    return route.fulfill({ status: 200, body: 'ok', headers: { 'access-control-allow-origin': '*' } });
  });
  return sent;
}

test('a gzip body by fetch, XHR (ArrayBuffer, Blob) and sendBeacon: nothing before consent, gzip holding the redacted JSON after', async ({ page, serve }) => {
  const sent = await open(page, serve);
  const gzip = [...gzipSync(PAYLOAD)];
  const post = (bytes) => page.evaluate(async ({ url, bytes }) => {
    const body = new Uint8Array(bytes);
    const status = await fetch(url, { method: 'POST', body, headers: { 'content-encoding': 'gzip' } }).then((r) => r.status);
    for (const xhrBody of [body.buffer, new Blob([body])]) {
      await new Promise((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', url);
        xhr.onloadend = resolve;
        xhr.send(xhrBody);
      });
    }
    navigator.sendBeacon(url, new Blob([body], { type: 'application/octet-stream' }));
    return status;
  }, { url: LOG, bytes });
  expect(await post(gzip)).toBe(204);
  expect((await ledgerOf(page, 'fetch')).map((e) => e.action)).toEqual(['drop']);
  await grant(page);
  expect(await post(gzip)).toBe(200);
  await expect.poll(() => sent.length).toBe(4);
  for (const { body } of sent) {
    expect([...body.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(gunzipSync(body).toString('utf8')).toBe(REDACTED);  // gunzip checks CRC-32 and ISIZE
  }
  expect((await ledgerOf(page, 'fetch')).at(-1).counts).toMatchObject({ 'container:gzip': 1, email: 1 });
});

test('a corrupt gzip body is dropped with consent, the ledger naming the problem', async ({ page, serve }) => {
  const sent = await open(page, serve);
  await grant(page);
  const corrupt = [...gzipSync(PAYLOAD)];
  corrupt[corrupt.length - 6] ^= 1;  // a CRC-32 byte
  const status = await page.evaluate(({ url, bytes }) => fetch(url, { method: 'POST', body: new Uint8Array(bytes) })
    .then((r) => r.status), { url: LOG, bytes: corrupt });
  expect(status).toBe(204);
  expect(sent).toEqual([]);
  const entry = (await ledgerOf(page, 'fetch')).at(-1);
  expect(entry.action).toBe('drop');
  expect(entry.reason).toBe('gzip body: CRC-32 mismatch');
});

test('a GET query to a declared endpoint is redacted like a body (ZIM whitelist)', async ({ page, serve }) => {
  const sent = await open(page, serve);
  await grant(page);
  await page.evaluate((token) => fetch(`https://log.rtc-sdk.test/zglog/whitelist?product=zim&appid=1&uin=alice@example.com&token=${token}`),
    TOKEN);
  await expect.poll(() => sent.length).toBe(1);
  expect(sent[0].url).not.toContain('alice');
  expect(sent[0].url).not.toContain(TOKEN);
  expect(sent[0].url).toContain('https://log.rtc-sdk.test/zglog/whitelist?product=zim&appid=1&uin=');
});

test.describe('WebSocket', () => {
  // With the browser's own WebSocket (a socket the page opens shows as a page 'websocket'
  // event) and under Playwright's routeWebSocket, whose handler would be called on connect.
  for (const mocked of [false, true]) {
    test(`not opened before consent: the page sees error, then close 1006, and nothing connects${mocked ? ' (routeWebSocket)' : ''}`, async ({ page, serve }) => {
      let connected = 0;
      if (mocked) await page.routeWebSocket(/weblogger-wss\.rtc-sdk\.test/, () => { connected++; });
      page.on('websocket', () => { connected++; });
      await open(page, serve);
      const seen = await page.evaluate((url) => new Promise((resolve) => {
        const ws = new WebSocket(`${url}?product=express&token=secret`);
        const events = [`constructed:${ws.readyState}`];
        ws.onopen = () => events.push('open');
        ws.onerror = () => events.push(`error:${ws.readyState}`);
        ws.addEventListener('close', (e) => {
          events.push(`close:${e.code}:${e.wasClean}:${e instanceof CloseEvent}:${ws.readyState}`);
          let sendThrew = false;
          try { ws.send('x'); } catch { sendThrew = true; }
          resolve({ events, instance: ws instanceof WebSocket, url: ws.url, sendThrew });
        });
        try { ws.send('too early'); } catch (error) { events.push(error.name); }
      }), TLOG);
      expect(seen.events).toEqual(['constructed:0', 'InvalidStateError', 'error:3', 'close:1006:false:true:3']);
      expect(seen.instance).toBe(true);
      expect(seen.url).toBe(`${TLOG}?product=express&token=secret`);  // nothing left: the page's own URL
      expect(seen.sendThrew).toBe(false);  // a closed socket discards frames silently
      expect(connected).toBe(0);
      expect((await ledgerOf(page, 'websocket')).map((e) => e.action)).toEqual(['drop']);
    });
  }

  test('a page that reconnects on close does not spin: every attempt is one the page made, and they stay few', async ({ page, serve }) => {
    let connected = 0;
    await page.routeWebSocket(/weblogger-wss\.rtc-sdk\.test/, () => { connected++; });
    await open(page, serve);
    await page.evaluate((url) => {
      window.attempts = 0;
      window.closes = 0;
      const connect = () => {
        window.attempts++;
        const ws = new WebSocket(url);
        ws.onclose = () => { window.closes++; connect(); };
      };
      connect();
    }, TLOG);
    await expect.poll(() => page.evaluate(() => window.closes)).toBeGreaterThanOrEqual(3);
    // The page answers while it reconnects.
    for (let i = 0; i < 20; i++) expect(await page.evaluate(() => document.readyState)).toBe('complete');
    // The shim saw exactly the page's attempts (read in one go: the page goes on reconnecting).
    const { attempts, closes, drops } = await page.evaluate(() => ({ attempts: window.attempts, closes: window.closes,
      drops: RtcPrivacyShim.current.ledger.entries().filter((e) => e.surface === 'websocket').length }));
    expect(drops).toBeGreaterThanOrEqual(attempts - 1);
    expect(drops).toBeLessThanOrEqual(attempts);
    expect(attempts).toBeLessThanOrEqual(closes + 1);
    // Failures in a row come later and later: a handful, not the thousands an immediate
    // failure would allow in the same time.
    expect(attempts).toBeLessThan(12);
    expect(connected).toBe(0);
  });

  test('with consent: the URL query is redacted, a zlib frame stays zlib and is redacted, a binary frame is dropped', async ({ page, serve }) => {
    const frames = [];
    const urls = [];
    await page.routeWebSocket(/weblogger-wss\.rtc-sdk\.test/, (ws) => {
      urls.push(ws.url());
      ws.onMessage((m) => frames.push(m));
    });
    await open(page, serve);
    await grant(page);
    await page.evaluate(({ url, token, zlib, binary }) => new Promise((resolve) => {
      const ws = new WebSocket(`${url}?product=express&appid=1&token=${token}&id_name=alice@example.com`);
      ws.binaryType = 'arraybuffer';
      ws.onopen = () => {
        ws.send(new Uint8Array(zlib));
        ws.send(new Uint8Array(binary).buffer);
        ws.send('{"after":true}');
        resolve();
      };
    }), { url: TLOG, token: TOKEN, zlib: [...deflateSync(PAYLOAD)], binary: BINARY });
    await expect.poll(() => frames.length).toBe(2);
    expect(urls).toHaveLength(1);
    expect(urls[0]).not.toContain('alice');
    expect(urls[0]).not.toContain(TOKEN);
    expect(urls[0]).toContain(`${TLOG}?product=express&appid=1&token=`);
    expect(Buffer.isBuffer(frames[0])).toBe(true);
    expect(frames[0][0]).toBe(0x78);
    expect(inflateSync(frames[0]).toString('utf8')).toBe(REDACTED);  // inflate checks Adler-32
    // The binary frame between them never arrived.
    expect(frames[1]).toBe('{"after":true}');
    const reasons = (await ledgerOf(page, 'websocket')).map((e) => e.reason);
    expect(reasons).toContain('binary body cannot be redacted: dropped (the endpoint does not declare "binary": "pass")');
  });

  test('binary frames pass unchanged with consent where the endpoint declares "binary": "pass"', async ({ page, serve }) => {
    const frames = [];
    await page.routeWebSocket(PASSING, (ws) => { ws.onMessage((m) => frames.push(m)); });
    await open(page, serve);
    await grant(page);
    await page.evaluate(({ url, binary }) => new Promise((resolve) => {
      const ws = new WebSocket(url);
      ws.onopen = () => { ws.send(new Uint8Array(binary)); resolve(); };
    }), { url: PASSING, binary: BINARY });
    await expect.poll(() => frames.length).toBe(1);
    expect([...frames[0]]).toEqual(BINARY);
  });
});

// From a blob Worker: its fetch, XHR and socket ask the page's engine, bytes as bytes.
test.describe('a Worker\'s bytes', () => {
  // `fn`'s source runs in a blob Worker; ask(page, data) → what fn(data) resolves to there.
  const startWorker = (page, fn) => page.evaluate((source) => {
    const worker = new Worker(URL.createObjectURL(new Blob([`const run = ${source};\nonmessage = async (e) => postMessage(await run(e.data));`])));
    window.askWorker = (data) => new Promise((resolve) => {
      worker.onmessage = (e) => resolve(e.data);
      worker.postMessage(data);
    });
  }, fn.toString());
  const ask = (page, data) => page.evaluate((d) => window.askWorker(d), data);

  // fetch (a Uint8Array), then XHR with an ArrayBuffer and with a Blob: → the statuses.
  async function post({ url, bytes }) {
    const body = new Uint8Array(bytes);
    const statuses = [await fetch(url, { method: 'POST', body, headers: { 'content-encoding': 'gzip' } }).then((r) => r.status)];
    for (const xhrBody of [body.slice().buffer, new Blob([body])]) {
      statuses.push(await new Promise((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', url);
        xhr.onloadend = () => resolve(xhr.status);
        xhr.send(xhrBody);
      }));
    }
    return statuses;
  }

  test('a gzip body by fetch and XHR (ArrayBuffer, Blob): nothing before consent, gzip holding the redacted JSON after', async ({ page, serve }) => {
    const sent = await open(page, serve);
    await startWorker(page, post);
    const gzip = [...gzipSync(PAYLOAD)];
    expect(await ask(page, { url: LOG, bytes: gzip })).toEqual([204, 204, 204]);
    expect(sent).toEqual([]);
    await grant(page);
    expect(await ask(page, { url: LOG, bytes: gzip })).toEqual([200, 200, 200]);
    expect(sent).toHaveLength(3);
    for (const { body } of sent) {
      expect([...body.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
      expect(gunzipSync(body).toString('utf8')).toBe(REDACTED);
    }
    const entries = [...await ledgerOf(page, 'fetch'), ...await ledgerOf(page, 'xhr')];
    expect(entries.map((e) => e.action)).toEqual(['drop', 'redact', 'drop', 'drop', 'redact', 'redact']);
    expect(entries.filter((e) => e.action === 'redact').every((e) => e.counts['container:gzip'] === 1)).toBe(true);
  });

  test('a corrupt gzip body is dropped with consent, the ledger naming the problem', async ({ page, serve }) => {
    const sent = await open(page, serve);
    await startWorker(page, ({ url, bytes }) => fetch(url, { method: 'POST', body: new Uint8Array(bytes) }).then((r) => r.status));
    await grant(page);
    const corrupt = [...gzipSync(PAYLOAD)];
    corrupt[corrupt.length - 6] ^= 1;  // a CRC-32 byte
    expect(await ask(page, { url: LOG, bytes: corrupt })).toBe(204);
    expect(sent).toEqual([]);
    const entry = (await ledgerOf(page, 'fetch')).at(-1);
    expect(entry.action).toBe('drop');
    expect(entry.reason).toBe('gzip body: CRC-32 mismatch');
  });

  // Opens a socket and sends each frame: { view | buffer | blob: bytes } or { text }.
  function sendFrames({ url, frames }) {
    return new Promise((resolve) => {
      const ws = new WebSocket(url);
      ws.onopen = () => {
        for (const f of frames) {
          if (f.text) ws.send(f.text);
          else if (f.blob) ws.send(new Blob([new Uint8Array(f.blob)]));
          else if (f.buffer) ws.send(new Uint8Array(f.buffer).buffer);
          else ws.send(new Uint8Array(f.view));
        }
        resolve('open');
      };
      ws.onerror = () => resolve('error');
    });
  }
  const proxied = withSocketProxy(test);

  proxied('a zlib frame (a typed array, a Blob) arrives zlib holding the redacted JSON, in order; a binary frame is dropped', async ({ page, serve, proxyServer: proxy }) => {
    proxy.connections.length = 0;
    await open(page, serve);
    await startWorker(page, sendFrames);
    const zlib = [...deflateSync(PAYLOAD)];
    const frames = [{ view: zlib }, { buffer: BINARY }, { blob: zlib }, { text: '{"after":true}' }];
    expect(await ask(page, { url: WS_TLOG, frames })).toBe('error');
    expect(proxy.connections).toEqual([]);
    await grant(page);
    expect(await ask(page, { url: WS_TLOG, frames })).toBe('open');
    await expect.poll(() => proxy.connections[0] && proxy.connections[0].frames.length).toBe(3);
    const [first, second, third] = proxy.connections[0].frames;
    for (const frame of [first, second]) {
      expect(frame.opcode).toBe(2);
      expect(frame.bytes[0]).toBe(0x78);
      expect(inflateSync(Buffer.from(frame.bytes)).toString('utf8')).toBe(REDACTED);  // inflate checks Adler-32
    }
    // The binary frame between them never arrived.
    expect(third).toEqual({ opcode: 1, bytes: [...Buffer.from('{"after":true}')] });
    const reasons = (await ledgerOf(page, 'websocket')).map((e) => e.reason);
    expect(reasons).toContain('binary body cannot be redacted: dropped (the endpoint does not declare "binary": "pass")');
  });

  proxied('binary frames pass unchanged with consent where the endpoint declares "binary": "pass"', async ({ page, serve, proxyServer: proxy }) => {
    proxy.connections.length = 0;
    await open(page, serve);
    await startWorker(page, sendFrames);
    await grant(page);
    expect(await ask(page, { url: WS_PASSING, frames: [{ view: BINARY }] })).toBe('open');
    await expect.poll(() => proxy.connections[0] && proxy.connections[0].frames.length).toBe(1);
    expect(proxy.connections[0].frames).toEqual([{ opcode: 2, bytes: BINARY }]);
  });
});
