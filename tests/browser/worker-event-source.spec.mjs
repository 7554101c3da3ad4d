// EventSource in the page's workers (dedicated, shared, nested): asked about before it connects,
// decided by the page's engine as the page's own (network/worker.js, network/event-source.js).
// An EventSource needs a real stream: servers of the test's own on 127.0.0.1 serve the page
// (one port) and the streams (another: cross-origin, so that cookies go only where the
// request asks for them), and record each stream request with its cookies and whether the
// browser closed it. Telemetry is declared on the streams' origin (any port).
import { createServer } from 'node:http';
import { test, expect, shimPage, withSdk } from './fixtures.mjs';

const TELEMETRY = '/dist/rtc-privacy-shim-telemetry.js';
const manifest = withSdk({
  endpoints: [
    { match: 'http://127.0.0.1/es/*', purpose: 'diagnostics', format: 'json' },
    { match: 'http://127.0.0.1/gate/*', purpose: 'diagnostics', redact: false },
  ],
});
const PHONE = 'phone=13812345678';
// Each stream starts with a message (id 7) and a named event, and stays open.
const STREAM = 'retry: 600000\nid: 7\ndata: hello\n\nevent: ping\ndata: named\n\n';

// The worker's script (dedicated or shared): each command makes an EventSource (closed at once
// if asked), listens on one, makes a nested worker or reports the constructors' shape; every
// event it sees goes back to the page, which logs it (window.log).
const WORKER = `
const sources = {};
const run = (post) => (e) => {
  const c = e.data;
  // A worker made by this one, from the same script, its events passed on.
  if (c.nest) {
    sources.nested = new Worker(URL.createObjectURL(new Blob([c.nest])));
    sources.nested.onmessage = (m) => post(m.data);
    return undefined;
  }
  if (c.nested) return sources.nested.postMessage(c.nested);
  if (c.shape) {
    const native = (fn) => Function.prototype.toString.call(fn).includes('[native code]');
    return post({ id: c.id, event: 'shape', shape: [EventSource.name, EventSource.length, native(EventSource),
      native(EventTarget.prototype.addEventListener), native(Object.getOwnPropertyDescriptor(EventSource.prototype, 'url').get),
      EventSource.prototype.constructor === EventSource, native(WebSocket), native(Request)] });
  }
  if (c.listen) {
    sources[c.id].addEventListener(c.listen, (ev) => post({ id: c.id, event: ev.type, data: ev.data }));
    return post({ id: c.id, event: 'listening' });
  }
  if (c.throws) {
    try { new EventSource(c.throws === 'symbol' ? Symbol('url') : c.throws, c.init); return post({ id: c.id, event: 'made' }); }
    catch (x) { return post({ id: c.id, event: 'thrown', name: x.name, message: x.message }); }
  }
  if (c.order) {
    // A handler set, cleared and set again comes after a listener added in between, as in the browser.
    const order = [];
    const source = new EventSource(c.order);
    source.onmessage = () => order.push('handler-gone');
    source.addEventListener('message', () => order.push('listener'));
    source.onmessage = null;
    source.onmessage = () => { order.push('handler'); source.close(); post({ id: c.id, event: 'order', order }); };
    return undefined;
  }
  const source = new EventSource(c.url, c.init);
  // The worker's script gives Array.prototype a setter for index 0 that keeps nothing.
  if (c.trap) Object.defineProperty(Array.prototype, '0', { set() {}, configurable: true });
  sources[c.id] = source;
  const log = (ev) => post({ id: c.id, event: ev.type, data: ev.data, lastEventId: ev.lastEventId, origin: ev.origin, readyState: source.readyState });
  source.onopen = log;
  source.onmessage = log;
  source.onerror = log;
  if (c.named) source.addEventListener(c.named, log);
  post({ id: c.id, event: 'made', url: source.url, readyState: source.readyState, withCredentials: source.withCredentials,
    proto: Object.getPrototypeOf(source) === EventSource.prototype });
  if (c.closeAtOnce) {
    source.close();
    post({ id: c.id, event: 'closed', readyState: source.readyState });
  }
};
if ('onconnect' in self) onconnect = (e) => { const port = e.ports[0]; port.onmessage = run((m) => port.postMessage(m)); };
else onmessage = run(postMessage);
`;

const PAGE_HELPERS = `<script>
window.log = [];
window.WORKER = ${JSON.stringify(WORKER)};
window.start = (shared) => {
  const url = URL.createObjectURL(new Blob([WORKER]));
  const worker = shared ? new SharedWorker(url) : new Worker(url);
  const port = worker.port || worker;
  port.onmessage = (m) => log.push(m.data);
  return port;
};
</script>`;

async function servers() {
  const requests = [];  // { path, cookie, closed }
  const streams = [];
  let html = '';
  const pages = createServer((request, response) => {
    response.writeHead(request.url === '/es.html' ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    response.end(request.url === '/es.html' ? html : '');
  });
  const events = createServer((request, response) => {
    const entry = { path: request.url, cookie: request.headers.cookie || '-', closed: false };
    requests.push(entry);
    response.on('close', () => { entry.closed = true; });
    response.on('error', () => {});
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store',
      'access-control-allow-origin': request.headers.origin || '*', 'access-control-allow-credentials': 'true' });
    response.write(STREAM);
    streams.push(response);
  });
  await Promise.all([pages, events].map((s) => new Promise((resolve) => s.listen(0, '127.0.0.1', resolve))));
  return {
    requests,
    page: (files) => {
      html = shimPage({ manifest, shim: `${files.url}${TELEMETRY}`, head: PAGE_HELPERS });
      return `http://127.0.0.1:${pages.address().port}/es.html`;
    },
    base: `http://127.0.0.1:${events.address().port}`,
    write: (text) => streams.forEach((r) => { if (!r.destroyed) r.write(text); }),
    close: () => Promise.all([pages, events].map((s) => new Promise((resolve) => {
      streams.forEach((r) => r.destroy());
      s.closeAllConnections();
      s.close(resolve);
    }))),
  };
}

// The events the worker logged for `id`, without the fields they do not have.
const logged = (page, id) => page.evaluate((i) => log.filter((e) => e.id === i)
  .map(({ id: _, ...rest }) => Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined))), id);
const ledger = (page) => page.evaluate(() => RtcPrivacyShim.current.ledger.entries()
  .filter((e) => e.surface === 'eventsource').map((e) => `${e.action} ${e.target}`));

test.describe('EventSource in workers', () => {
  let s;
  test.beforeEach(async ({ page, server: files }) => {
    s = await servers();
    await page.goto(s.page(files));
  });
  test.afterEach(async () => { await s.close(); });

  test('before consent one to a declared endpoint never connects and fails as the page\'s (error, CLOSED), recorded; an undeclared one is untouched', async ({ page }) => {
    const declared = `${s.base}/es/stream?${PHONE}`;
    const own = `${s.base}/app/stream?${PHONE}`;
    await page.evaluate(({ declared, own }) => {
      window.dedicated = start(false);
      window.shared = start(true);
      dedicated.postMessage({ id: 'declared', url: declared });
      shared.postMessage({ id: 'shared', url: declared, init: { withCredentials: true } });
      dedicated.postMessage({ id: 'own', url: own, named: 'ping' });
      dedicated.postMessage({ id: 'symbol', throws: 'symbol' });
      dedicated.postMessage({ id: 'invalid', throws: 'http://[' });
      dedicated.postMessage({ id: 'init', throws: declared, init: 5 });
      dedicated.postMessage({ id: 'shape', shape: true });
    }, { declared, own });
    await expect.poll(() => logged(page, 'declared')).toEqual([
      { event: 'made', url: declared, readyState: 0, withCredentials: false, proto: true },
      { event: 'error', readyState: 2 },
    ]);
    await expect.poll(() => logged(page, 'shared')).toEqual([
      { event: 'made', url: declared, readyState: 0, withCredentials: true, proto: true },
      { event: 'error', readyState: 2 },
    ]);
    // The undeclared one connects to the URL as given, and its messages and named events flow.
    const origin = s.base;
    await expect.poll(() => logged(page, 'own')).toEqual([
      { event: 'made', url: own, readyState: 0, withCredentials: false, proto: true },
      { event: 'open', readyState: 1 },
      { event: 'message', data: 'hello', lastEventId: '7', origin, readyState: 1 },
      { event: 'ping', data: 'named', lastEventId: '7', origin, readyState: 1 },
    ]);
    // The browser's errors, at once: a Symbol URL, a URL it cannot parse, an init that is no object.
    const thrown = async (id) => (await logged(page, id)).map((e) => e.name);
    expect([await thrown('symbol'), await thrown('invalid')]).toEqual([['TypeError'], ['SyntaxError']]);
    expect(await logged(page, 'init')).toEqual([{ event: 'thrown', name: 'TypeError',
      message: 'Failed to construct \'EventSource\': The provided value is not of type \'EventSourceInit\'.' }]);
    // The wrappers look native, EventSource and WebSocket too (wrapped twice: here and by worker-scope.js).
    expect((await logged(page, 'shape'))[0].shape).toEqual(['EventSource', 1, true, true, true, true, true, true]);
    expect(s.requests.map((r) => r.path)).toEqual([`/app/stream?${PHONE}`]);
    expect(await ledger(page)).toEqual(['drop http://127.0.0.1/es/*', 'drop http://127.0.0.1/es/*']);
  });

  test('with consent one to a declared endpoint connects to the redacted URL without cookies (cookie-free mode) and relays messages and named events; a gate-only one goes as given', async ({ page, context }) => {
    await context.addCookies([{ name: 'sid', value: 'abc', domain: '127.0.0.1', path: '/' }]);
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
    const declared = `${s.base}/es/stream?${PHONE}`;
    await page.evaluate(({ base, declared, phone }) => {
      window.dedicated = start(false);
      window.shared = start(true);
      dedicated.postMessage({ id: 'closed', url: `${base}/es/closed`, closeAtOnce: true });
      dedicated.postMessage({ id: 'declared', url: declared, init: { withCredentials: true }, named: 'ping' });
      shared.postMessage({ id: 'shared', url: `${base}/es/shared?${phone}`, named: 'ping' });
      dedicated.postMessage({ id: 'gate', url: `${base}/gate/stream?${phone}`, init: { withCredentials: true } });
      dedicated.postMessage({ id: 'own', url: `${base}/app/stream`, init: { withCredentials: true } });
    }, { base: s.base, declared, phone: PHONE });
    const origin = s.base;
    const flowed = (url, withCredentials) => [
      { event: 'made', url, readyState: 0, withCredentials, proto: true },
      { event: 'open', readyState: 1 },
      { event: 'message', data: 'hello', lastEventId: '7', origin, readyState: 1 },
      { event: 'ping', data: 'named', lastEventId: '7', origin, readyState: 1 },
    ];
    // The stand-in shows the URL and credentials the worker's script gave.
    await expect.poll(() => logged(page, 'declared')).toEqual(flowed(declared, true));
    await expect.poll(() => logged(page, 'shared')).toEqual(flowed(`${s.base}/es/shared?${PHONE}`, false));
    await expect.poll(() => logged(page, 'gate')).toHaveLength(3);
    await expect.poll(() => logged(page, 'own')).toHaveLength(3);
    // Closed before the page answered: CLOSED at once, no event, and it never connects.
    expect(await logged(page, 'closed')).toEqual([
      { event: 'made', url: `${s.base}/es/closed`, readyState: 0, withCredentials: false, proto: true },
      { event: 'closed', readyState: 2 },
    ]);
    // A named event the script listens to only once connected is relayed too.
    await page.evaluate(() => dedicated.postMessage({ id: 'declared', listen: 'pong' }));
    await expect.poll(() => logged(page, 'declared').then((l) => l.at(-1))).toEqual({ event: 'listening' });
    s.write('event: pong\ndata: later\n\n');
    await expect.poll(() => logged(page, 'declared').then((l) => l.at(-1))).toEqual({ event: 'pong', data: 'later' });
    expect(s.requests.map((r) => `${r.path} ${r.cookie}`).sort()).toEqual([
      '/app/stream sid=abc',
      `/es/shared?phone=%5BPHONE%5D -`,
      `/es/stream?phone=%5BPHONE%5D -`,
      `/gate/stream?${PHONE} -`,
    ]);
    // The one closed at once was decided (redact) before the page knew.
    expect((await ledger(page)).sort()).toEqual(['allow http://127.0.0.1/gate/*', 'redact http://127.0.0.1/es/*',
      'redact http://127.0.0.1/es/*', 'redact http://127.0.0.1/es/*']);
  });

  test('withdrawing consent closes a worker\'s EventSource to a declared endpoint (error, CLOSED), a nested worker\'s too, recorded; an undeclared one stays open', async ({ page }) => {
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
    await page.evaluate((base) => {
      window.dedicated = start(false);
      dedicated.postMessage({ id: 'declared', url: `${base}/es/stream` });
      dedicated.postMessage({ id: 'own', url: `${base}/app/stream` });
      dedicated.postMessage({ nest: WORKER });
      dedicated.postMessage({ nested: { id: 'nested', url: `${base}/es/nested` } });
    }, s.base);
    for (const id of ['declared', 'own', 'nested']) await expect.poll(() => logged(page, id)).toHaveLength(3);
    await page.evaluate(() => RtcPrivacyShim.current.consent.revoke('diagnostics'));
    for (const id of ['declared', 'nested']) {
      await expect.poll(() => logged(page, id).then((l) => l.slice(3))).toEqual([{ event: 'error', readyState: 2 }]);
    }
    await expect.poll(() => s.requests.filter((r) => r.closed).map((r) => r.path).sort()).toEqual(['/es/nested', '/es/stream']);
    expect((await ledger(page)).sort()).toEqual(['drop http://127.0.0.1/es/*', 'drop http://127.0.0.1/es/*',
      'redact http://127.0.0.1/es/*', 'redact http://127.0.0.1/es/*']);
    // The undeclared one still gets what its stream sends.
    s.write('data: still\n\n');
    await expect.poll(() => logged(page, 'own').then((l) => l.at(-1))).toEqual({ event: 'message', data: 'still', lastEventId: '7', origin: s.base, readyState: 1 });
    expect(await logged(page, 'declared')).toHaveLength(4);
  });

  test('a worker script\'s Array.prototype index setter does not keep a declared EventSource open after withdrawal', async ({ page }) => {
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
    await page.evaluate((base) => {
      window.dedicated = start(false);
      dedicated.postMessage({ id: 'trapped', url: `${base}/es/trapped`, trap: true });
    }, s.base);
    await expect.poll(() => logged(page, 'trapped')).toHaveLength(3);
    await page.evaluate(() => RtcPrivacyShim.current.consent.revoke('diagnostics'));
    await expect.poll(() => logged(page, 'trapped').then((l) => l.slice(3))).toEqual([{ event: 'error', readyState: 2 }]);
    await expect.poll(() => s.requests.filter((r) => r.closed).map((r) => r.path)).toEqual(['/es/trapped']);
  });

  test('the stand-in runs handlers and listeners in the browser\'s order', async ({ page }) => {
    await page.evaluate((base) => {
      window.dedicated = start(false);
      dedicated.postMessage({ id: 'order', order: `${base}/app/order` });
    }, s.base);
    await expect.poll(() => logged(page, 'order')).toEqual([{ event: 'order', order: ['listener', 'handler'] }]);
  });
});
