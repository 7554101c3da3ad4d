// WebTransport (network/web-transport.js): a session to a declared endpoint opens only with
// consent and only where its bytes may leave unread (a gate-only endpoint; one that declares
// "binary": "pass", its URL redacted); otherwise the page gets a stand-in that fails as a
// session to an unreachable server does, and nothing connects. Playwright cannot route
// WebTransport: what the browser set out to connect is read from the DevTools protocol
// (Network.webTransportCreated), and a session that stays open is played by a stand-in class
// installed before the shim.
import { test, expect, shimPage, withSdk } from './fixtures.mjs';
import { grant, revoke, ledgerOf } from './helpers.mjs';

const TELEMETRY = '/dist/rtc-privacy-shim-telemetry.js';
const ACCESS = 'https://accesshub-wss.rtc-sdk.test/accesshub';
const LOGS = 'https://weblogger.rtc-sdk.test/zglog';
const STATS = 'https://stats.rtc-sdk.test/report';
const manifest = withSdk({
  endpoints: [
    { match: `${ACCESS}*`, purpose: 'call', redact: false },
    { match: `${LOGS}*`, purpose: 'diagnostics', format: 'text', binary: 'pass' },
    { match: `${STATS}*`, purpose: 'diagnostics', format: 'json' },
  ],
});

// A session the browser sets out for (to a port it refuses to reach: nothing leaves) made after
// the ones a test looks at: once its event has come, theirs would have too.
const MARKER = 'https://127.0.0.1:1/marker';
const markAndWait = async (page, created) => {
  await page.evaluate((u) => new WebTransport(u).ready.catch(() => {}), MARKER);
  await expect.poll(() => created.includes(MARKER)).toBe(true);
};

// What the browser set out to connect, from the DevTools protocol.
async function watchSessions(page) {
  const cdp = await page.context().newCDPSession(page);
  const created = [];
  cdp.on('Network.webTransportCreated', (event) => created.push(event.url));
  await cdp.send('Network.enable');
  return created;
}

// Everything a script can see of a session that never opens: → a list of outcomes.
const PROBE = async (url) => {
  let unhandled = 0;
  const count = () => { unhandled++; };
  addEventListener('unhandledrejection', count);
  const t = new WebTransport(url);
  const failure = (e) => [e.constructor.name, e.name, e.message, e.source, e.streamErrorCode, e instanceof DOMException];
  const d = t.datagrams;
  const early = [t instanceof WebTransport, t.protocol, d.maxDatagramSize, d.incomingMaxAge, d.incomingHighWaterMark,
    d.outgoingHighWaterMark, String(d.readable), String(d.writable)];
  d.outgoingHighWaterMark = 7;
  const before = t.createBidirectionalStream().then(() => 'opened', failure);
  const ready = await t.ready.then(() => 'ready', failure);
  const closed = await t.closed.then(() => 'closed', failure);
  const out = {
    early, ready, closed, before: await before,
    after: await t.createUnidirectionalStream().then(() => 'opened', failure),
    incoming: await t.incomingBidirectionalStreams.getReader().read().then(() => 'read', failure),
    incomingUni: await t.incomingUnidirectionalStreams.getReader().read().then(() => 'read', failure),
    datagramRead: await d.readable.getReader().read().then(() => 'read', failure),
    datagramWrite: await d.writable.getWriter().write(new Uint8Array([1])).then(() => 'written', failure),
    highWaterMark: d.outgoingHighWaterMark,
    close: t.close(),
  };
  await new Promise((resolve) => setTimeout(resolve, 50));
  removeEventListener('unhandledrejection', count);
  out.unhandled = unhandled;
  return out;
};

test('before consent a session to a declared endpoint fails as an unreachable server does, and nothing connects', async ({ page, serve }) => {
  const created = await watchSessions(page);
  await page.goto(serve('/wt.html', shimPage({ manifest, shim: TELEMETRY })));
  // The browser's own session to a port it refuses to reach (nothing leaves): what a stand-in must look like.
  const native = await page.evaluate(PROBE, 'https://127.0.0.1:1/');
  const standIn = await page.evaluate(PROBE, `${ACCESS}?appid=1&deviceid=d-123`);
  expect(standIn).toEqual(native);
  expect(standIn.ready).toEqual(['WebTransportError', 'WebTransportError', 'Opening handshake failed.', 'session', null, true]);
  expect(standIn.unhandled).toBe(0);
  expect(created).toEqual(['https://127.0.0.1:1/']);
  expect(await ledgerOf(page, 'webtransport')).toEqual([expect.objectContaining({ action: 'drop', purpose: 'call', reason: 'consent "call" is unset' })]);
});

test('with consent: a gate-only endpoint as written, a binary-pass one redacted, a redacting one never (its bytes cannot be read)', async ({ page, serve }) => {
  const created = await watchSessions(page);
  await page.goto(serve('/wt-consent.html', shimPage({ manifest, shim: TELEMETRY })));
  await grant(page, 'call');
  await grant(page, 'diagnostics');
  const opened = (url) => page.evaluate((u) => new WebTransport(u).ready.then(() => 'ready', (e) => e.message), url);
  await opened(`${ACCESS}?appid=1&deviceid=d-123`);
  await opened(`${LOGS}?user=alice@example.com&seq=7`);
  expect(await opened(`${STATS}?seq=8`)).toBe('Opening handshake failed.');
  await expect.poll(() => created.length).toBe(2);
  expect(created).toEqual([`${ACCESS}?appid=1&deviceid=d-123`, `${LOGS}?user=%5BEMAIL%5D&seq=7`]);
  const entries = await ledgerOf(page, 'webtransport');
  expect(entries.map((e) => e.action)).toEqual(['allow', 'redact', 'drop']);
  expect(entries[2].reason).toContain('the endpoint must be gate-only or declare "binary": "pass"');
});

test('an undeclared session is the browser\'s own; URLs the browser refuses throw its own SyntaxError', async ({ page, serve }) => {
  const created = await watchSessions(page);
  await page.goto(serve('/wt-own.html', shimPage({ manifest, shim: TELEMETRY })));
  await page.evaluate(() => new WebTransport('https://media.example.test:4433/echo?x=1').ready.catch(() => {}));
  await expect.poll(() => created.length).toBe(1);
  expect(created).toEqual(['https://media.example.test:4433/echo?x=1']);
  const thrown = await page.evaluate((urls) => urls.map((u) => {
    try {
      new WebTransport(u);
      return 'made';
    } catch (e) {
      return `${e.name}: ${e.message}`;
    }
  }), [`${ACCESS}#frag`, 'http://accesshub-wss.rtc-sdk.test/accesshub']);
  expect(thrown[0]).toMatch(/^SyntaxError: .*fragment/);
  expect(thrown[1]).toMatch(/^SyntaxError: .*https/);
  expect(await page.evaluate(() => [Function.prototype.toString.call(WebTransport).includes('[native code]'),
    WebTransport.prototype.constructor === WebTransport, WebTransport.length])).toEqual([true, true, 1]);
  expect(await ledgerOf(page, 'webtransport')).toEqual([]);
});

// A session that opens, played by a class installed before the shim (no HTTP/3 server here):
// withdrawing consent closes it, once, and the drop is recorded.
test('withdrawing consent closes an open session to a declared endpoint', async ({ page, serve }) => {
  await page.addInitScript(() => {
    window.__sessions = [];
    class WebTransport {
      constructor(url) {
        this.url = url;
        this.closes = 0;
        this.done = new Promise((resolve) => { this.finish = resolve; });
        window.__sessions.push(this);
      }
      get closed() { return this.done; }
      get ready() { return Promise.resolve(); }
      close() { this.closes++; this.finish(); }
    }
    window.WebTransport = WebTransport;
  });
  await page.goto(serve('/wt-revoke.html', shimPage({ manifest, shim: TELEMETRY })));
  await grant(page, 'call');
  await page.evaluate((u) => { window.kept = new WebTransport(u); new WebTransport('https://media.example.test/own'); }, `${ACCESS}?appid=1`);
  await revoke(page, 'diagnostics');  // not the session's purpose
  expect(await page.evaluate(() => __sessions.map((s) => s.closes))).toEqual([0, 0]);
  await revoke(page, 'call');
  await revoke(page, 'call');
  expect(await page.evaluate(() => __sessions.map((s) => [s.url, s.closes]))).toEqual([
    ['https://accesshub-wss.rtc-sdk.test/accesshub?appid=1', 1], ['https://media.example.test/own', 0]]);
  expect((await ledgerOf(page, 'webtransport')).map((e) => [e.action, e.reason])).toEqual([
    ['allow', 'consent "call" granted'], ['drop', 'consent "call" is denied']]);
});

test('a closed shim opens no cross-origin session', async ({ page, serve }) => {
  const created = await watchSessions(page);
  await page.goto(serve('/wt-closed.html', shimPage({ manifest: { revision: 5 }, shim: TELEMETRY })));
  expect(await page.evaluate(() => RtcPrivacyShim.current.status().closed)).toBe(true);
  // Every session here is cross-origin (the page is http:), so no marker can be made: the
  // browser's event for a session comes before its failure, which the page awaited.
  expect(await page.evaluate(() => new WebTransport('https://media.example.test/own').ready.catch((e) => e.message)))
    .toBe('Opening handshake failed.');
  expect(created).toEqual([]);
});

// A dedicated worker's sessions: the page's engine decides, as for its own.
test('a worker\'s session to a declared endpoint: failing before consent as the browser\'s own unreachable one; decided by the page with consent', async ({ page, serve }) => {
  await page.goto(serve('/wt-worker.html', shimPage({ manifest, shim: TELEMETRY })));
  const inWorker = (urls) => page.evaluate(({ probe, list }) => new Promise((resolve) => {
    const worker = new Worker(URL.createObjectURL(new Blob([`
      const probe = ${probe};
      onmessage = async (e) => {
        const out = [];
        for (const url of e.data) out.push(await probe(url));
        postMessage(out);
      };`])));
    worker.onmessage = (e) => resolve(e.data);
    worker.postMessage(list);
  }), { probe: PROBE.toString().replace(/addEventListener|removeEventListener/g, 'self.$&'), list: urls });
  const [native, standIn] = await inWorker(['https://127.0.0.1:1/', `${ACCESS}?appid=1&deviceid=d-123`]);
  expect(standIn).toEqual(native);
  expect(standIn.ready).toEqual(['WebTransportError', 'WebTransportError', 'Opening handshake failed.', 'session', null, true]);
  expect((await ledgerOf(page, 'webtransport')).map((e) => [e.action, e.reason])).toEqual([['drop', 'consent "call" is unset']]);
  await grant(page, 'call');
  await grant(page, 'diagnostics');
  await inWorker([`${ACCESS}?appid=2`, `${LOGS}?user=alice@example.com`, `${STATS}?seq=1`]);
  const entries = (await ledgerOf(page, 'webtransport')).slice(1);
  expect(entries.map((e) => e.action)).toEqual(['allow', 'redact', 'drop']);
  expect(entries[2].reason).toContain('the endpoint must be gate-only or declare "binary": "pass"');
});

// The worker side on its own, in a page, with a session class that opens (no HTTP/3 server
// here): the stand-in follows the real session made behind it once the page answers.
test('the worker side: the stand-in\'s promises, streams and datagrams follow the real session; a refusal fails it', async ({ page, serve }) => {
  await page.goto(serve('/wt-worker-side.html', '<!doctype html><p>worker side</p>'));
  const result = await page.evaluate(async () => {
    const { workerClosing, workerWebTransport } = await import('/js-bindings/network/web-transport.js');
    const { createWrapKit } = await import('/js-bindings/wrap.js');
    const { workerNatives } = await import('/js-bindings/realms/worker-boot.js');
    const made = [];
    const sink = [];
    class FakeDatagrams {
      constructor() {
        this.r = new ReadableStream({ start: (c) => { c.enqueue('from server'); } });
        this.w = new WritableStream({ write: (chunk) => { sink.push(chunk); } });
        this.size = 1200;
        this.hwm = 1;
      }
      get readable() { return this.r; }
      get writable() { return this.w; }
      get maxDatagramSize() { return this.size; }
      get outgoingHighWaterMark() { return this.hwm; }
      set outgoingHighWaterMark(v) { this.hwm = v; }
    }
    class FakeSession {
      constructor(url) {
        made.push(url);
        this.d = new FakeDatagrams();
        this.incoming = new ReadableStream({ start: (c) => { c.enqueue('a stream'); } });
        this.end = new Promise((resolve) => { this.finish = resolve; });
        this.closes = 0;
      }
      get ready() { return Promise.resolve(); }
      get closed() { return this.end; }
      get datagrams() { return this.d; }
      get incomingBidirectionalStreams() { return this.incoming; }
      get incomingUnidirectionalStreams() { return new ReadableStream(); }
      get protocol() { return 'zego'; }
      createBidirectionalStream() { return Promise.resolve(`stream ${made.length}`); }
      createUnidirectionalStream() { return Promise.resolve('uni'); }
      close(info) { this.closes++; this.finish(info); }
    }
    Object.assign(window, { WebTransport: FakeSession, WebTransportDatagramDuplexStream: FakeDatagrams });
    const answers = [];
    const pushes = [];
    const channel = {
      ask(op, args, onAnswer) { answers.push([op, args.url]); setTimeout(() => onAnswer(answers.length === 1
        ? { pass: false, send: true, url: 'https://logs.test/up?user=%5BEMAIL%5D' }
        : op === 'net.keepsOpen' ? false : { pass: false, send: false, url: null })); },
      onPush(fn) { pushes.push(fn); },
    };
    const kit = createWrapKit();
    const w = workerNatives();
    workerWebTransport(kit, channel, w, { known: () => false, remember() {}, isObject: (v) => typeof v === 'object' && v !== null, base: location.href,
      failureAfter: () => 0, failuresReset() {}, closing: (proto, fieldsOf, fail, transport) => workerClosing(kit, channel, w, proto, fieldsOf, fail, transport) });
    const t = new window.WebTransport('https://logs.test/up?user=alice@example.com');
    const early = [t.protocol, t.datagrams.maxDatagramSize];
    t.datagrams.outgoingHighWaterMark = 4;
    const stream = t.createBidirectionalStream();  // asked for before the page answered
    const writer = t.datagrams.writable.getWriter();
    writer.write('to server');
    await t.ready;
    const out = { early, made: made.slice() };
    out.stream = await stream;
    out.later = await t.createUnidirectionalStream();
    out.protocol = t.protocol;
    out.size = t.datagrams.maxDatagramSize;
    out.hwm = t.datagrams.outgoingHighWaterMark;
    out.datagram = (await t.datagrams.readable.getReader().read()).value;
    out.incoming = (await t.incomingBidirectionalStreams.getReader().read()).value;
    await new Promise((resolve) => setTimeout(resolve, 20));
    out.sink = sink.slice();
    pushes.forEach((fn) => fn({}));  // a consent change: the page says the endpoint is no longer reached
    await new Promise((resolve) => setTimeout(resolve, 20));
    out.closed = await t.closed.then(() => 'closed');
    const refused = new window.WebTransport('https://stats.test/r');
    out.refused = await refused.ready.then(() => 'ready', (e) => [e.message, e.source]);
    out.refusedStream = await refused.createBidirectionalStream().then(() => 'opened', (e) => e.name);
    out.asked = answers;
    return out;
  });
  expect(result).toEqual({
    early: ['', 1024], made: ['https://logs.test/up?user=%5BEMAIL%5D'], stream: 'stream 1', later: 'uni', protocol: 'zego',
    size: 1200, hwm: 4, datagram: 'from server', incoming: 'a stream', sink: ['to server'], closed: 'closed',
    refused: ['Opening handshake failed.', 'session'], refusedStream: 'InvalidStateError',
    asked: [['net.session', 'https://logs.test/up?user=alice@example.com'], ['net.keepsOpen', 'https://logs.test/up?user=alice@example.com'],
      ['net.session', 'https://stats.test/r']],
  });
});

// ZEGO Express's access connection over HTTP/3 (its code tries WebTransport first where the
// browser has it): the preset's gate-only https patterns for its hosts hold it until consent.
test('the ZEGO Express preset holds its HTTP/3 access connection until consent', async ({ page, serve }) => {
  const { presetManifest } = await import('../../dist/presets.mjs');
  const zego = presetManifest({ controller: { name: 'Test App' }, sdks: ['zego-express'] });
  const created = await watchSessions(page);
  await page.goto(serve('/wt-zego.html', shimPage({ manifest: zego, shim: TELEMETRY })));
  const url = 'https://accesshub-h3.coolgcloud.com:443/accesshub?appid=1739272706&deviceid=z-123';
  expect(await page.evaluate((u) => new WebTransport(u).ready.catch((e) => e.message), url)).toBe('Opening handshake failed.');
  await markAndWait(page, created);
  expect(created).toEqual([MARKER]);
  const [entry] = await ledgerOf(page, 'webtransport');
  expect(entry).toMatchObject({ action: 'drop', sdk: 'zego-express', target: 'https://*.coolgcloud.com/*' });
});

// An SDK that tries again as soon as a session fails (ZEGO tries its next server): failures in a
// row to one endpoint come later and later, in the page and in a worker, as a WebSocket's do.
test('failures in a row come later and later: a handful of attempts, not thousands', async ({ page, serve }) => {
  await page.goto(serve('/wt-retry.html', shimPage({ manifest, shim: TELEMETRY })));
  const RETRY = (url) => {
    self.attempts = 0;
    const connect = () => {
      self.attempts++;
      new WebTransport(`${url}?token=t${self.attempts}`).ready.catch(connect);  // a fresh token each time
    };
    connect();
  };
  await page.evaluate(RETRY, ACCESS);
  await expect.poll(() => page.evaluate(() => window.attempts)).toBeGreaterThanOrEqual(3);
  expect(await page.evaluate(() => window.attempts)).toBeLessThan(12);
  const inWorker = await page.evaluate(({ retry, url }) => new Promise((resolve) => {
    const worker = new Worker(URL.createObjectURL(new Blob([`(${retry})(${JSON.stringify(url)}); setTimeout(() => postMessage(self.attempts), 1000);`])));
    worker.onmessage = (e) => resolve(e.data);
  }), { retry: RETRY.toString(), url: `${ACCESS}/worker` });
  expect(inWorker).toBeGreaterThanOrEqual(2);
  expect(inWorker).toBeLessThan(12);
});

// A browser with WebTransport but no WebTransportError: the stand-ins (the page's, and a
// worker's, its side run in a page as a worker's bootstrap has it) fail with a NetworkError,
// never hang or throw at the script.
test('without WebTransportError the stand-ins fail with a NetworkError', async ({ page, serve }) => {
  await page.addInitScript(() => { delete window.WebTransportError; });
  await page.goto(serve('/wt-no-error.html', shimPage({ manifest, shim: TELEMETRY })));
  const failure = (u) => new WebTransport(u).ready.catch((e) => `${e.name}: ${e.message}`);
  expect(await page.evaluate(failure, ACCESS)).toBe('NetworkError: Opening handshake failed.');
  await page.goto(serve('/wt-worker-side-no-error.html', '<!doctype html><p>worker side</p>'));
  expect(await page.evaluate(async () => {
    delete window.WebTransportError;
    const { workerClosing, workerWebTransport } = await import('/js-bindings/network/web-transport.js');
    const { createWrapKit } = await import('/js-bindings/wrap.js');
    const { workerNatives } = await import('/js-bindings/realms/worker-boot.js');
    const kit = createWrapKit();
    const w = workerNatives();
    const channel = { ask(op, args, onAnswer) { onAnswer({ pass: false, send: false, url: null }); }, onPush() {} };
    workerWebTransport(kit, channel, w, { known: () => false, remember() {}, isObject: (v) => typeof v === 'object' && v !== null,
      base: location.href, failureAfter: () => 0, failuresReset() {},
      closing: (proto, fieldsOf, fail, transport) => workerClosing(kit, channel, w, proto, fieldsOf, fail, transport) });
    return new WebTransport('https://stats.test/r').ready.catch((e) => `${e.name}: ${e.message}`);
  })).toBe('NetworkError: Opening handshake failed.');
});
