// Every realm the page can make is guarded like the page: same-origin frames (however they
// are made and reached), windows it opens, workers it creates. Each test reaches a protected
// API from inside the other realm and asserts the denial, the drop or the page's answer.
// (Without the shim, Chromium's fake media UI grants the camera: 'allowed'.)
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { test, expect, shimPage, withSdk } from './fixtures.mjs';
import { READ_FAILED, chooseDeletedFile, dropReasons } from './helpers.mjs';
import { withSocketProxy } from './socket-proxy.mjs';

const TELEMETRY = '/dist/rtc-privacy-shim-telemetry.js';
const manifest = withSdk({
  storage: [{ key: 'vertc_*', purpose: 'diagnostics' }],
  // With "call" granted the page's real user agent is shown: a worker must follow.
  collects: [{ item: 'userAgent', necessity: 'optional', purpose: 'call', treatment: 'keep' }],
  endpoints: [
    { match: 'https://log.rtc-sdk.test/report*', purpose: 'diagnostics', format: 'json' },
    // ws:, so that the socket proxy (socket-proxy.mjs) sees each socket's URL.
    { match: 'ws://ws.rtc-sdk.test/*', purpose: 'diagnostics', format: 'json' },
    // On the test server's own origin (any port): reached by relative URLs.
    { match: 'http://127.0.0.1/collect*', purpose: 'diagnostics', format: 'json' },
  ],
});
const REPORT = 'https://log.rtc-sdk.test/report';
const PAYLOAD = '{"event":"join","email":"alice@example.com"}';
const PROBE = '<script src="/tests/browser/pages/realm-probe.js"></script>';

// The camera from inside `win`: 'allowed' or the error's name.
const CAMERA = 'window.cameraIn = (win) => win.navigator.mediaDevices.getUserMedia({ video: true }).then(() => "allowed", (e) => e.name);';

async function open(page, serve, { shim, body = '', path = '/p.html', query = '' } = {}) {
  await page.goto(serve(path, shimPage({ manifest, shim, head: `<script>${CAMERA}</script>`, body })) + query);
}

// A WebSocket server on 127.0.0.1 that records each connection and each text frame it gets
// (RFC 6455: client frames are masked; the tests send short text frames only).
async function webSocketServer() {
  const seen = { connections: 0, frames: [] };
  const sockets = [];
  const server = createServer();
  server.on('upgrade', (request, socket) => {
    seen.connections++;
    sockets.push(socket);
    const accept = createHash('sha1').update(`${request.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 6) {
        const opcode = buffered[0] & 15;
        let length = buffered[1] & 127;
        let at = 2;
        if (length === 126) { length = buffered.readUInt16BE(2); at = 4; }
        if (buffered.length < at + 4 + length) return;
        const mask = buffered.subarray(at, at + 4);
        const payload = Buffer.from(buffered.subarray(at + 4, at + 4 + length).map((b, i) => b ^ mask[i % 4]));
        buffered = buffered.subarray(at + 4 + length);
        if (opcode === 1) seen.frames.push(payload.toString('utf8'));
        if (opcode === 8) socket.end();
      }
    });
    socket.on('error', () => {});
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { seen, url: `ws://127.0.0.1:${server.address().port}/live`, close: () => new Promise((resolve) => { sockets.forEach((s) => s.destroy()); server.close(resolve); }) };
}

// Records what leaves for the telemetry hosts (workers' requests included).
async function captureTelemetry(page) {
  const sent = [];
  await page.route(/^https:\/\/log\.rtc-sdk\.test\//, (route) => {
    sent.push({ url: route.request().url(), body: route.request().postData() });
    return route.fulfill({ status: 200, body: 'ok', headers: { 'access-control-allow-origin': '*' } });
  });
  return sent;
}

test.describe('same-origin frames', () => {
  test('an iframe used the moment it is appended (contentWindow, before any load): camera denied in its realm, as that realm\'s NotAllowedError', async ({ page, serve }) => {
    await open(page, serve);
    const result = await page.evaluate(async () => {
      const frame = document.createElement('iframe');
      document.body.appendChild(frame);
      const win = frame.contentWindow;
      return win.navigator.mediaDevices.getUserMedia({ audio: true })
        .then(() => 'allowed', (e) => `${e.name} ${e instanceof win.DOMException}`);
    });
    expect(result).toBe('NotAllowedError true');
  });

  test('frames reached only as window[i] right after innerHTML, insertAdjacentHTML, a Range fragment, document.write, append of a fragment', async ({ page, serve }) => {
    await open(page, serve, { body: '<div id="host"></div>' });
    const results = await page.evaluate(async () => {
      const host = document.getElementById('host');
      const out = {};
      host.innerHTML = '<iframe></iframe>';
      out.innerHTML = await cameraIn(window[0]);
      host.insertAdjacentHTML('beforeend', '<iframe></iframe>');
      out.insertAdjacentHTML = await cameraIn(frames[1]);
      host.append(document.createRange().createContextualFragment('<p><iframe></iframe></p>'));
      out.contextualFragment = await cameraIn(window[2]);
      const fragment = document.createDocumentFragment();
      fragment.append(document.createElement('iframe'));
      host.replaceWith(fragment);
      out.replaceWith = await cameraIn(window[0]);
      const doc = window[0].document;
      doc.open();
      doc.write('<iframe></iframe>');
      doc.close();
      out.documentWrite = await cameraIn(window[0][0]);
      out.count = window.length;
      return out;
    });
    expect(results).toEqual({ innerHTML: 'NotAllowedError', insertAdjacentHTML: 'NotAllowedError', contextualFragment: 'NotAllowedError',
      replaceWith: 'NotAllowedError', documentWrite: 'NotAllowedError', count: 1 });
  });

  test('a parser-inserted iframe reached by the very next script as frames[0] / window[0]', async ({ page, serve }) => {
    await open(page, serve, { body: '<iframe></iframe><script>window.early = cameraIn(window[0]);</script>' });
    expect(await page.evaluate(() => window.early)).toBe('NotAllowedError');
  });

  test('a frame loading a same-origin document: that document\'s own first script is denied (the about:blank realm it starts in is kept)', async ({ page, serve }) => {
    serve('/inner.html', `<!doctype html><html><head>${PROBE}</head></html>`);
    await open(page, serve, { body: '<iframe src="/inner.html"></iframe>' });
    await page.waitForFunction(() => window.__probe);
    expect(await page.evaluate(() => window.__probe)).toBe('NotAllowedError');
  });

  test('a frame navigated a second time gets a new realm, guarded by its load event at the latest; an <object> document too', async ({ page, serve }) => {
    serve('/a.html', '<!doctype html><p>a</p>');
    serve('/b.html', '<!doctype html><p>b</p>');
    await open(page, serve, { body: '<iframe src="/a.html"></iframe><object type="text/html" data="/a.html"></object>' });
    const result = await page.evaluate(async () => {
      const frame = document.querySelector('iframe');
      if (frame.contentDocument.readyState !== 'complete') await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
      const before = frame.contentWindow.Function;
      frame.src = '/b.html';
      await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
      const object = document.querySelector('object');
      if (!object.contentDocument || object.contentDocument.readyState !== 'complete') await new Promise((resolve) => object.addEventListener('load', resolve, { once: true }));
      return { newRealm: window[0].Function !== before, frame: await cameraIn(window[0]), object: await cameraIn(object.contentWindow) };
    });
    expect(result).toEqual({ newRealm: true, frame: 'NotAllowedError', object: 'NotAllowedError' });
  });

  for (const csp of [false, true]) {
    test(`srcdoc: the srcdoc document's own script is denied${csp ? ' under the strict CSP' : ''}`, async ({ page, serve }) => {
      const srcdoc = PROBE.replace(/"/g, '&quot;');
      await open(page, serve, { body: `<iframe srcdoc="${srcdoc}"></iframe>`, query: csp ? '?csp=strict' : '' });
      await page.waitForFunction(() => window.__probe);
      expect(await page.evaluate(() => window.__probe)).toBe('NotAllowedError');
      // Set from script on a frame that shows a document already: the new markup runs guarded too.
      await page.evaluate((html) => { window.__probe = undefined; document.querySelector('iframe').srcdoc = html; }, PROBE);
      await page.waitForFunction(() => window.__probe);
      expect(await page.evaluate(() => window.__probe)).toBe('NotAllowedError');
    });
  }

  test('srcdoc keeps its timing: its script runs after the inserting call returns, and a load listener set then still fires', async ({ page, serve }) => {
    await open(page, serve);
    const log = await page.evaluate(async () => {
      window.steps = [];
      const frame = document.createElement('iframe');
      frame.srcdoc = '<script>parent.steps.push(`script ${typeof navigator.mediaDevices.getUserMedia}`)<\/script>';
      document.body.appendChild(frame);
      steps.push('appended');
      await new Promise((resolve) => { frame.onload = resolve; });
      steps.push('load');
      return steps;
    });
    expect(log).toEqual(['appended', 'script function', 'load']);
  });

  test('an iframe\'s setAttribute keeps the browser\'s TypeError for a Symbol name', async ({ page, serve }) => {
    await open(page, serve);
    expect(await page.evaluate(() => { try { document.createElement('iframe').setAttribute(Symbol('a'), 'x'); return 'set'; } catch (e) { return e.name; } }))
      .toBe('TypeError');
  });

  test('cookie-free mode holds in a frame: its document.cookie write is dropped, a declared key stays out of its localStorage', async ({ page, serve, context }) => {
    await open(page, serve);
    const result = await page.evaluate(() => {
      const frame = document.createElement('iframe');
      document.body.append(frame);
      const win = frame.contentWindow;
      win.document.cookie = 'sid=from-frame; path=/';
      win.localStorage.setItem('vertc_device', 'abc');
      return { cookie: win.document.cookie, inFrame: win.localStorage.getItem('vertc_device'),
        inPage: localStorage.getItem('vertc_device'), onDevice: localStorage.length };
    });
    // The page and the frame share the area (one origin): both read the value held in memory.
    // (length counts what the browser stores: the value held in memory is not there.)
    expect(result).toEqual({ cookie: '', inFrame: 'abc', inPage: 'abc', onDevice: 0 });
    expect(await context.cookies()).toEqual([]);
    const ledger = await page.evaluate(() => RtcPrivacyShim.current.ledger.entries().map((e) => `${e.surface}:${e.action}`));
    expect(ledger).toEqual(expect.arrayContaining(['document.cookie:drop', 'localStorage:memory']));
  });

  test('telemetry from a frame: fetch, XHR and sendBeacon to a declared endpoint are dropped, and the frame sees its realm\'s Response', async ({ page, serve }) => {
    await open(page, serve, { shim: TELEMETRY });
    const sent = await captureTelemetry(page);
    const result = await page.evaluate(async ({ url, body }) => {
      const frame = document.createElement('iframe');
      document.body.append(frame);
      const win = frame.contentWindow;
      const response = await win.fetch(url, { method: 'POST', body });
      const xhr = await new Promise((resolve) => {
        const request = new win.XMLHttpRequest();
        request.onloadend = () => resolve(request.status);
        request.open('POST', url);
        request.send(body);
      });
      return { fetch: response.status, ownResponse: response instanceof win.Response, xhr, beacon: win.navigator.sendBeacon(url, body) };
    }, { url: REPORT, body: PAYLOAD });
    expect(result).toEqual({ fetch: 204, ownResponse: true, xhr: 204, beacon: true });
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
    expect(sent).toEqual([]);
  });

  test('a request opened with the page\'s XMLHttpRequest.open and sent with a frame\'s send is still dropped', async ({ page, serve }) => {
    await open(page, serve, { shim: TELEMETRY });
    const sent = await captureTelemetry(page);
    const status = await page.evaluate(({ url, body }) => new Promise((resolve) => {
      const frame = document.createElement('iframe');
      document.body.append(frame);
      const xhr = new XMLHttpRequest();
      xhr.onloadend = () => resolve(xhr.status);
      XMLHttpRequest.prototype.open.call(xhr, 'POST', url);
      frame.contentWindow.XMLHttpRequest.prototype.send.call(xhr, body);
    }), { url: REPORT, body: PAYLOAD });
    expect(status).toBe(204);
    expect(sent).toEqual([]);
  });

  test('frames of another origin are left alone, and reaching them throws nothing the browser would not', async ({ page, serve }) => {
    await open(page, serve, { body: '<iframe sandbox="allow-scripts" srcdoc="<p>opaque</p>"></iframe>' });
    const result = await page.evaluate(() => {
      const frame = document.querySelector('iframe');
      let crossed;
      try { crossed = frame.contentWindow.document; } catch (e) { crossed = e.name; }
      return { document: frame.contentDocument, window: typeof frame.contentWindow, length: window.length, crossed, frames: frames === window };
    });
    expect(result).toEqual({ document: null, window: 'object', length: 1, crossed: 'SecurityError', frames: true });
  });

  test('a realm is installed once, however often it is reached: one camera decision per call', async ({ page, serve }) => {
    await open(page, serve);
    const decisions = await page.evaluate(async () => {
      RtcPrivacyShim.current.consent.grant('call');
      const frame = document.createElement('iframe');
      document.body.append(frame);
      frame.contentWindow; frame.contentDocument; window[0]; frames.length; frame.remove(); document.body.append(frame);
      frame.contentWindow; frames[0]; frame.getSVGDocument();
      const before = RtcPrivacyShim.current.ledger.entries().length;
      const stream = await frame.contentWindow.navigator.mediaDevices.getUserMedia({ video: true });
      stream.getTracks().forEach((t) => t.stop());
      return RtcPrivacyShim.current.ledger.entries().slice(before).filter((e) => e.surface === 'camera').map((e) => e.action);
    });
    expect(decisions).toEqual(['allow']);
  });
});

test.describe('windows the page opens', () => {
  test('window.open(): an about:blank popup is denied, and a same-origin document\'s own first script too', async ({ page, serve }) => {
    serve('/popup.html', `<!doctype html><html><head>${PROBE}</head></html>`);
    await open(page, serve);
    const blank = await page.evaluate(async () => {
      const popup = window.open('about:blank', '_blank');
      const result = await cameraIn(popup);
      popup.close();
      return result;
    });
    expect(blank).toBe('NotAllowedError');
    // document.open() with three arguments is window.open().
    expect(await page.evaluate(async () => {
      const popup = document.open('about:blank', '_blank', '');
      const result = await cameraIn(popup);
      popup.close();
      return result;
    })).toBe('NotAllowedError');
    await page.evaluate(() => { window.popup = window.open('/popup.html', '_blank'); });
    await page.waitForFunction(() => window.__probe);
    expect(await page.evaluate(() => window.__probe)).toBe('NotAllowedError');
  });
});

test.describe('workers', () => {
  // The page's answer for navigator.userAgent, as the device-info surface would give it.
  // The page's user agent as the browser would report it (installed before the shim); the
  // device-info surface answers its generalized form, which is what a worker must see too.
  const PAGE_ANSWER = () => Object.defineProperty(Navigator.prototype, 'userAgent', {
    get() { return 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/110.0.4321.12 Safari/537.36'; },
    configurable: true });
  const answer = () => 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/110.0.0.0 Safari/537.36';
  const ask = () => {
    window.ask = (worker, question) => new Promise((resolve) => {
      const target = worker.port || worker;
      target.onmessage = (e) => resolve(e.data);
      worker.onerror = (e) => resolve(`error ${e.message || e.type}`);
      target.postMessage(question);
    });
  };
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(PAGE_ANSWER);
    await page.addInitScript(ask);
  });

  test('a blob worker: navigator.userAgent is the page\'s answer, fetch to a declared endpoint dropped, redacted after consent', async ({ page, serve }) => {
    await open(page, serve, { shim: TELEMETRY });
    const sent = await captureTelemetry(page);
    const result = await page.evaluate(async ({ url, body }) => {
      const source = `onmessage = async (e) => postMessage(e.data === 'ua' ? navigator.userAgent
        : await fetch(e.data, { method: 'POST', body: ${JSON.stringify(body)} }).then((r) => r.status, (x) => 'error ' + x.message));`;
      const worker = new Worker(URL.createObjectURL(new Blob([source])));
      const out = { ua: await ask(worker, 'ua'), before: await ask(worker, url) };
      RtcPrivacyShim.current.consent.grant('diagnostics');
      out.after = await ask(worker, url);
      return out;
    }, { url: REPORT, body: PAYLOAD });
    expect(result).toEqual({ ua: answer(), before: 204, after: 200 });
    expect(sent).toEqual([{ url: REPORT, body: '{"event":"join","email":"[EMAIL]"}' }]);
    const ledger = await page.evaluate(() => RtcPrivacyShim.current.ledger.entries().filter((e) => e.surface === 'fetch').map((e) => e.action));
    expect(ledger).toEqual(['drop', 'redact']);
  });

  test('a worker\'s XHR open() the browser refuses after one to a declared endpoint: send() still drops that request before consent', async ({ page, serve }) => {
    await open(page, serve, { shim: TELEMETRY });
    const sent = await captureTelemetry(page);
    const result = await page.evaluate(({ url, body }) => {
      const source = `onmessage = (e) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', e.data + '?phone=13812345678');
        let refused = 'no error';
        try { xhr.open('POST', 'http://['); } catch (x) { refused = x.name; }
        xhr.onloadend = () => postMessage([refused, xhr.status]);
        xhr.send(${JSON.stringify(body)});
      };`;
      return ask(new Worker(URL.createObjectURL(new Blob([source]))), url);
    }, { url: REPORT, body: PAYLOAD });
    expect(result).toEqual(['SyntaxError', 204]);
    expect(sent).toEqual([]);
  });

  // page.routeWebSocket does not reach a worker's sockets: a local server takes them, and the
  // page comes from disk (a page a route fulfils has no address, and Chromium then refuses it
  // sockets to 127.0.0.1).
  test('a blob worker like Tencent Chat\'s: its WebSocket and fetch to declared endpoints send nothing before consent, redacted after', async ({ page, server, serve }) => {
    const wss = await webSocketServer();
    try {
      serve('/unused.html', '');  // the fixture's guard: nothing leaves 127.0.0.1
      await page.goto(`${server.url}/tests/browser/pages/worker-socket.html`);
      const sent = await captureTelemetry(page);
      // The worker opens a socket and posts the payload on it and by fetch; it answers how both went.
      const source = `onmessage = (e) => {
        const ws = new WebSocket(e.data.socket);
        const socket = new Promise((resolve) => {
          ws.onopen = () => { ws.send(e.data.body); resolve('open'); };
          ws.onerror = () => resolve('error');
        });
        const posted = fetch(e.data.url, { method: 'POST', body: e.data.body }).then((r) => r.status, (x) => 'error ' + x.message);
        Promise.all([socket, posted]).then(postMessage);
      };`;
      const before = await page.evaluate(async (data) => {
        window.tencentWorker = new Worker(URL.createObjectURL(new Blob([data.code])));
        return ask(tencentWorker, { socket: data.socket, url: data.url, body: data.body });
      }, { code: source, socket: wss.url, url: REPORT, body: PAYLOAD });
      // The fetch is answered as sent; the socket is not opened: it fails as on a network error.
      expect(before).toEqual(['error', 204]);
      expect(wss.seen.connections).toBe(0);
      expect(sent).toEqual([]);
      await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
      const after = await page.evaluate((data) => ask(tencentWorker, data),
        { socket: wss.url, url: REPORT, body: '{"event":"after","email":"bob@example.com"}' });
      expect(after).toEqual(['open', 200]);
      await expect.poll(() => wss.seen.frames.length).toBe(1);
      // Only the frame sent after consent left, redacted; the one before never did.
      expect(wss.seen.frames).toEqual(['{"event":"after","email":"[EMAIL]"}']);
      expect(sent).toEqual([{ url: REPORT, body: '{"event":"after","email":"[EMAIL]"}' }]);
      // Recorded by the page's engine, as the page's own requests are.
      const ledger = await page.evaluate(() => RtcPrivacyShim.current.ledger.entries()
        .filter((e) => e.surface === 'fetch').map((e) => e.action));
      expect(ledger).toEqual(['drop', 'redact']);
      // One connection in all: the one after consent.
      expect(wss.seen.connections).toBe(1);
    } finally {
      await wss.close();
    }
  });

  // The worker's sockets reach the socket proxy (page.routeWebSocket does not see them).
  const proxied = withSocketProxy(test);
  proxied('a worker from its URL: relative importScripts and location as written; XHR and WebSocket to declared endpoints dropped', async ({ page, serve, proxyServer: sockets }) => {
    sockets.connections.length = 0;
    await open(page, serve, { shim: TELEMETRY });
    const sent = await captureTelemetry(page);
    const result = await page.evaluate(async ({ url, body }) => {
      window.fromUrl = new Worker('/tests/browser/pages/realm-worker.js');
      return { navigator: await ask(fromUrl, 'navigator'), xhr: await ask(fromUrl, { xhr: url, body }),
        websocket: await ask(fromUrl, { websocket: 'ws://ws.rtc-sdk.test/live?n=1', body }) };
    }, { url: REPORT, body: PAYLOAD });
    const base = new URL('/tests/browser/pages/', page.url()).href;
    // The socket is not opened before consent: it stays CONNECTING until it fails, so a send at
    // once throws as a connecting socket's does (network/worker.js).
    expect(result).toEqual({ navigator: { userAgent: answer(), location: `${base}realm-worker.js`, relative: `${base}x` },
      xhr: 204, websocket: 'InvalidStateError' });
    // The page's engine decided both, and its ledger says so.
    await expect.poll(() => page.evaluate(() => RtcPrivacyShim.current.ledger.entries()
      .filter((e) => e.surface === 'xhr' || e.surface === 'websocket').map((e) => `${e.surface}:${e.action}`))).toEqual(['xhr:drop', 'websocket:drop']);
    expect(sent).toEqual([]);
    expect(sockets.connections).toEqual([]);
    // With consent the worker's socket (n=2) is opened; the one of n=1, made before it, never was.
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
    expect(await page.evaluate((body) => ask(fromUrl, { websocket: 'ws://ws.rtc-sdk.test/live?n=2', body }), PAYLOAD)).toBe('InvalidStateError');
    await expect.poll(() => sockets.connections.some((c) => c.url === '/live?n=2')).toBe(true);
    expect(sockets.connections).toEqual([{ target: 'ws.rtc-sdk.test:80', url: '/live?n=2', frames: [] }]);
    expect(sent).toEqual([]);
  });

  // The page resolves nothing for a worker: the worker asks about the absolute URL its
  // request goes to, resolved against its own base, as the page's own requests are checked.
  // A guard: worker-scope.js resolves these URLs before the network wrappers see them, so it
  // passed before the network wrappers resolved them too; it keeps both layers honest.
  test('a worker\'s fetch and XHR to a relative URL of a declared endpoint: dropped before consent, redacted after', async ({ page, serve }) => {
    await open(page, serve, { shim: TELEMETRY });
    const sent = [];
    await page.route(/^http:\/\/127\.0\.0\.1:\d+\/collect/, (route) => {
      sent.push({ url: new URL(route.request().url()).pathname, body: route.request().postData() });
      return route.fulfill({ status: 200, body: 'ok' });
    });
    // From its URL (a blob worker resolves no relative URL): /tests/browser/pages/realm-worker.js.
    const run = () => page.evaluate(async (body) => {
      window.relative ||= new Worker('/tests/browser/pages/realm-worker.js');
      return { fetch: await ask(relative, { fetch: '/collect', body }), xhr: await ask(relative, { xhr: '../../../collect?n=1', body }),
        page: await fetch('/collect', { method: 'POST', body }).then((r) => r.status) };
    }, PAYLOAD);
    expect(await run()).toEqual({ fetch: 204, xhr: 204, page: 204 });
    expect(sent).toEqual([]);
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
    expect(await run()).toEqual({ fetch: 200, xhr: 200, page: 200 });
    const redacted = '{"event":"join","email":"[EMAIL]"}';
    expect(sent).toEqual([{ url: '/collect', body: redacted }, { url: '/collect', body: redacted }, { url: '/collect', body: redacted }]);
    const ledger = await page.evaluate(() => RtcPrivacyShim.current.ledger.entries()
      .filter((e) => e.target === 'http://127.0.0.1/collect*').map((e) => `${e.surface}:${e.action}`));
    expect(ledger).toEqual(['fetch:drop', 'xhr:drop', 'fetch:drop', 'fetch:redact', 'xhr:redact', 'fetch:redact']);
  });

  // The URL is converted once: the browser connects to the URL that was checked, whatever a
  // second conversion would give. A guard, as the one above (worker-scope.js converts first).
  proxied('a worker\'s WebSocket to an object whose string changes connects to the URL that was checked', async ({ page, serve, proxyServer: sockets }) => {
    sockets.connections.length = 0;
    await open(page, serve, { shim: TELEMETRY });
    const result = await page.evaluate(() => {
      const source = `onmessage = async () => {
        const opened = (ws) => new Promise((resolve) => { ws.onopen = () => resolve('open'); ws.onerror = () => resolve('error'); });
        const first = await opened(new WebSocket('ws://app.test/live'));  // no endpoint: asked once, then known to pass
        let conversions = 0;
        const flip = { toString: () => (conversions++ === 0 ? 'ws://app.test/live' : 'ws://ws.rtc-sdk.test/live?flipped') };
        const ws = new WebSocket(flip);
        const second = await opened(ws);
        postMessage({ first, second, url: ws.url, conversions });
      };`;
      return ask(new Worker(URL.createObjectURL(new Blob([source]))), 'go');
    });
    expect(result).toEqual({ first: 'open', second: 'open', url: 'ws://app.test/live', conversions: 1 });
    expect(sockets.connections.map((c) => `${c.target}${c.url}`)).toEqual(['app.test:80/live', 'app.test:80/live']);
  });

  test('a Symbol as a worker\'s URL throws the browser\'s TypeError (fetch rejects with it)', async ({ page, serve }) => {
    await open(page, serve, { shim: TELEMETRY });
    const result = await page.evaluate(() => {
      const source = `onmessage = async () => {
        const thrown = (make) => { try { make(); return 'no error'; } catch (e) { return e.name; } };
        const url = Symbol('url');
        postMessage({
          websocket: thrown(() => new WebSocket(url)), eventSource: thrown(() => new EventSource(url)),
          request: thrown(() => new Request(url)), xhr: thrown(() => new XMLHttpRequest().open('GET', url)),
          importScripts: thrown(() => importScripts(url)), fetch: await fetch(url).then(() => 'fetched', (e) => e.name),
        });
      };`;
      return ask(new Worker(URL.createObjectURL(new Blob([source]))), 'go');
    });
    expect(result).toEqual({ websocket: 'TypeError', eventSource: 'TypeError', request: 'TypeError', xhr: 'TypeError', importScripts: 'TypeError',
      fetch: 'TypeError' });
  });

  // A body whose read fails for real, in the worker: a File from the page's <input type=file>
  // (posted to the worker), its file deleted on disk, and a ReadableStream that errors.
  const unreadable = async (page, serve) => {
    await open(page, serve, { shim: TELEMETRY, body: '<input type="file" id="upload">' });
    await chooseDeletedFile(page, PAYLOAD);
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
  };

  test('a worker\'s XHR and fetch whose body read fails (a deleted file, an erroring stream) end as dropped requests, recorded with the reason', async ({ page, serve }) => {
    await unreadable(page, serve);
    const sent = await captureTelemetry(page);
    const result = await page.evaluate((url) => {
      const source = `onmessage = async (e) => {
        const stream = () => new ReadableStream({ start(c) { c.error(new Error('broken')); } });
        const xhr = (body) => new Promise((resolve) => {
          const x = new XMLHttpRequest();
          const seen = [];
          x.onreadystatechange = () => seen.push('rs' + x.readyState);
          x.onload = () => seen.push('load');
          x.onerror = () => seen.push('error');
          x.onloadend = () => resolve([x.readyState, x.status, ...seen, 'loadend']);
          x.open('POST', e.data.url);
          x.send(body);
        });
        const fetched = (body) => fetch(e.data.url, { method: 'POST', body, duplex: 'half' }).then((r) => r.status, (x) => x.name);
        postMessage({ xhr: [await xhr(e.data.file), await xhr(stream())], fetch: [await fetched(e.data.file), await fetched(stream())] });
      };`;
      return ask(new Worker(URL.createObjectURL(new Blob([source]))), { url, file: document.getElementById('upload').files[0] });
    }, REPORT);
    const dropped = [4, 204, 'rs1', 'rs4', 'load', 'loadend'];
    expect(result).toEqual({ xhr: [dropped, dropped], fetch: [204, 204] });
    expect(sent).toEqual([]);
    expect(await dropReasons(page, 'xhr')).toEqual([READ_FAILED, READ_FAILED]);
    expect(await dropReasons(page, 'fetch')).toEqual([READ_FAILED, READ_FAILED]);
  });

  proxied('a worker\'s WebSocket frames whose read fails are dropped and recorded; the frames after them go on, redacted', async ({ page, serve, proxyServer: sockets }) => {
    sockets.connections.length = 0;
    await unreadable(page, serve);
    const result = await page.evaluate(({ body }) => {
      const source = `onmessage = (e) => {
        const ws = new WebSocket('ws://ws.rtc-sdk.test/frames');
        ws.onopen = () => {
          ws.send(new ReadableStream({ start(c) { c.error(new Error('broken')); } }));
          ws.send(e.data.file);
          ws.send(e.data.body);
          postMessage('open');
        };
        ws.onerror = () => postMessage('error');
      };`;
      return ask(new Worker(URL.createObjectURL(new Blob([source]))), { body, file: document.getElementById('upload').files[0] });
    }, { body: PAYLOAD });
    expect(result).toBe('open');
    await expect.poll(() => dropReasons(page, 'websocket')).toEqual([READ_FAILED, READ_FAILED]);
    await expect.poll(() => sockets.connections[0] && sockets.connections[0].frames.length).toBe(1);
    expect(sockets.connections.map((c) => [c.url, c.frames.map((f) => Buffer.from(f.bytes).toString('utf8'))]))
      .toEqual([['/frames', ['{"event":"join","email":"[EMAIL]"}']]]);
  });

  proxied('a worker\'s socket before consent: an http: URL checked as ws: without its fragment, and one closed at once, each end as a failed connection', async ({ page, serve, proxyServer: sockets }) => {
    sockets.connections.length = 0;
    await open(page, serve, { shim: TELEMETRY });
    const result = await page.evaluate(() => {
      const source = `onmessage = () => {
        const watch = (ws) => new Promise((resolve) => {
          const seen = [ws.url, ws.readyState];
          ws.onerror = () => seen.push('error ' + ws.readyState);
          ws.onclose = (e) => { seen.push('close ' + e.code + ' ' + e.wasClean + ' ' + ws.readyState); resolve(seen); };
        });
        const given = watch(new WebSocket('http://ws.rtc-sdk.test/live?n=1#part'));
        const closing = new WebSocket('ws://ws.rtc-sdk.test/live?n=2');
        closing.close();
        Promise.all([given, watch(closing)]).then(postMessage);
      };`;
      return ask(new Worker(URL.createObjectURL(new Blob([source]))), 'go');
    });
    expect(result).toEqual([
      ['ws://ws.rtc-sdk.test/live?n=1', 0, 'error 3', 'close 1006 false 3'],
      ['ws://ws.rtc-sdk.test/live?n=2', 2, 'error 3', 'close 1006 false 3'],
    ]);
    expect(sockets.connections).toEqual([]);
  });

  // The telemetry page, with consent unless `granted` is false, recording what leaves for the
  // telemetry hosts and for api.app.test (no endpoint).
  const grantedWithApp = async (page, serve, granted = true) => {
    await open(page, serve, { shim: TELEMETRY });
    if (granted) await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
    const sent = await captureTelemetry(page);
    await page.route(/^https:\/\/api\.app\.test\//, (route) => {
      sent.push({ url: route.request().url(), body: route.request().postData() });
      return route.fulfill({ status: 200, body: 'ok', headers: { 'access-control-allow-origin': '*' } });
    });
    return sent;
  };

  // A worker's XHR waits for the page's answer (and its body's read) before it is sent: one
  // aborted meanwhile fires what the browser's abort of a request in flight fires, during the
  // call (readyState 4), and reads readyState 0 after it; it is never sent.
  test('a worker\'s XHR aborted before the page answered fires what the browser\'s abort fires', async ({ page, serve }) => {
    const sent = await grantedWithApp(page, serve);
    const seen = await page.evaluate(({ report }) => {
      const source = `onmessage = (e) => postMessage([e.data.report, 'https://api.app.test/data'].map((url) => {
        const xhr = new XMLHttpRequest();
        const events = [];
        for (const type of ['readystatechange', 'abort', 'load', 'loadend', 'error']) xhr.addEventListener(type, () => events.push(type + ' ' + xhr.readyState + ' ' + xhr.status));
        xhr.open('POST', url);
        xhr.send(new Blob(['{"n":"aborted"}']));
        xhr.abort();
        events.push('after ' + xhr.readyState + ' ' + xhr.status);
        return events;
      }));`;
      return ask(new Worker(URL.createObjectURL(new Blob([source]))), { report });
    }, { report: REPORT });
    const aborted = ['readystatechange 1 0', 'readystatechange 4 0', 'abort 4 0', 'loadend 4 0', 'after 0 0'];
    expect(seen).toEqual([aborted, aborted]);
    expect(sent).toEqual([]);
  });

  // A worker's XHR answered by the shim (dropped before consent) acts as the browser's
  // request to elsewhere (answered 200 here), status aside: a second send() throws, and an
  // abort once done empties it without events.
  test('a worker\'s XHR answered by the shim: a second send() throws and an abort once done empties it, as the browser\'s', async ({ page, serve }) => {
    const sent = await grantedWithApp(page, serve, false);
    const seen = await page.evaluate(({ report }) => {
      const source = `onmessage = async (e) => {
        const run = async (url) => {
          const events = [];
          const xhr = new XMLHttpRequest();
          for (const type of ['abort', 'load', 'loadend', 'error']) xhr.addEventListener(type, () => events.push(type + ' ' + xhr.readyState));
          const done = new Promise((resolve) => xhr.addEventListener('loadend', resolve));
          xhr.open('POST', url);
          xhr.send('{"n":1}');
          try {
            xhr.send('{"n":2}');
            events.push('sent again');
          } catch (error) {
            events.push(error.name + ': ' + error.message);
          }
          await done;
          xhr.abort();
          events.push('after abort ' + xhr.readyState + ' ' + xhr.status + ' "' + xhr.responseText + '" "' + xhr.responseURL + '"');
          return events;
        };
        postMessage({ telemetry: await run(e.data.report), other: await run('https://api.app.test/data') });
      };`;
      return ask(new Worker(URL.createObjectURL(new Blob([source]))), { report });
    }, { report: REPORT });
    expect(seen.other).toEqual([
      'InvalidStateError: Failed to execute \'send\' on \'XMLHttpRequest\': The object\'s state must be OPENED.',
      'load 4', 'loadend 4', 'after abort 0 0 "" ""',
    ]);
    expect(seen.telemetry).toEqual(seen.other);
    expect(sent.filter((r) => r.url.startsWith('https://log.'))).toEqual([]);
  });

  // The browser's fetch reads its init when it is called: an init the worker changes right
  // after (one options object for a loop of requests) does not change what was asked for,
  // whether the page's answer on the URL comes at once or after its round trip.
  test('a worker\'s fetch reads its init when it is called, not when the page has answered', async ({ page, serve }) => {
    const sent = await grantedWithApp(page, serve);
    const statuses = await page.evaluate(({ report }) => {
      const source = `onmessage = async (e) => {
        const loop = (url) => {
          const init = { method: 'POST', headers: { 'content-type': 'application/json' } };
          const calls = [];
          for (const n of [1, 2, 3]) {
            init.body = '{"n":' + n + ',"email":"alice@example.com"}';
            calls.push(fetch(url, init).then((r) => r.status));
          }
          return Promise.all(calls);
        };
        postMessage([await loop(e.data.report), await loop('https://api.app.test/data')]);
      };`;
      return ask(new Worker(URL.createObjectURL(new Blob([source]))), { report });
    }, { report: REPORT });
    expect(statuses).toEqual([[200, 200, 200], [200, 200, 200]]);
    const of = (url) => sent.filter((r) => r.url === url).map((r) => r.body).sort();
    expect(of(REPORT)).toEqual([1, 2, 3].map((n) => `{"n":${n},"email":"[EMAIL]"}`));
    expect(of('https://api.app.test/data')).toEqual([1, 2, 3].map((n) => `{"n":${n},"email":"alice@example.com"}`));
  });

  test('a worker\'s fetch reads each member of its init once, to a declared endpoint and elsewhere; the body sent is the one that read gave', async ({ page, serve }) => {
    const sent = await grantedWithApp(page, serve);
    const reads = await page.evaluate(({ report, body }) => {
      const source = `onmessage = async (e) => {
        const counted = async (url) => {
          const counts = { body: 0, method: 0, headers: 0 };
          const init = {
            get body() { return counts.body++ === 0 ? e.data.body : '{"event":"second read","email":"carol@example.com"}'; },
            get method() { counts.method++; return 'POST'; },
            get headers() { counts.headers++; return { 'content-type': 'application/json' }; },
          };
          await fetch(url, init);
          return counts;
        };
        postMessage({ telemetry: await counted(e.data.report), other: await counted('https://api.app.test/data') });
      };`;
      return ask(new Worker(URL.createObjectURL(new Blob([source]))), { report, body });
    }, { report: REPORT, body: PAYLOAD });
    expect(reads).toEqual({ telemetry: { body: 1, method: 1, headers: 1 }, other: { body: 1, method: 1, headers: 1 } });
    expect(sent).toEqual([{ url: REPORT, body: '{"event":"join","email":"[EMAIL]"}' }, { url: 'https://api.app.test/data', body: PAYLOAD }]);
  });

  test('a module worker and a shared worker (two connections, one worker): the page\'s answer, fetch dropped', async ({ page, serve }) => {
    await open(page, serve, { shim: TELEMETRY });
    const sent = await captureTelemetry(page);
    const result = await page.evaluate(async ({ url, body }) => {
      const module = new Worker('/tests/browser/pages/realm-worker.mjs', { type: 'module' });
      const first = new SharedWorker('/tests/browser/pages/realm-shared-worker.js');
      const second = new SharedWorker('/tests/browser/pages/realm-shared-worker.js');
      return {
        module: [(await ask(module, 'navigator')).userAgent, await ask(module, { fetch: url, body })],
        shared: [(await ask(first, 'navigator')).userAgent, await ask(second, { fetch: url, body }), await ask(second, 'connections')],
      };
    }, { url: REPORT, body: PAYLOAD });
    expect(result).toEqual({ module: [answer(), 204], shared: [answer(), 204, 2] });
    expect(sent).toEqual([]);
  });

  test('a worker created inside a worker goes through the same bootstrap', async ({ page, serve }) => {
    await open(page, serve, { shim: TELEMETRY });
    const sent = await captureTelemetry(page);
    const result = await page.evaluate(async (url) => {
      const inner = 'onmessage = async (e) => postMessage(navigator.userAgent + " " + await fetch(e.data, { method: "POST", body: "{}" }).then((r) => r.status));';
      const outer = `onmessage = (e) => {
        const nested = new Worker(URL.createObjectURL(new Blob([${JSON.stringify(inner)}])));
        nested.onmessage = (m) => postMessage(m.data);
        nested.postMessage(e.data);
      };`;
      return ask(new Worker(URL.createObjectURL(new Blob([outer]))), url);
    }, REPORT);
    expect(result).toBe(`${answer()} 204`);
    expect(sent).toEqual([]);
  });

  test('a worker\'s answers follow the page\'s after a consent change', async ({ page, serve }) => {
    await open(page, serve);
    await page.evaluate(() => { window.worker = new Worker(URL.createObjectURL(new Blob(['onmessage = () => postMessage(navigator.userAgent)']))); });
    expect(await page.evaluate(() => ask(worker, 'ua'))).toBe(answer());
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant('call'));
    await expect.poll(() => page.evaluate(() => ask(worker, 'ua')))
      .toBe('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/110.0.4321.12 Safari/537.36');
  });

  test('fails closed: a data: worker is refused; under a CSP that forbids blob: workers the worker never runs', async ({ page, serve }) => {
    await open(page, serve);
    expect(await page.evaluate(() => { try { new Worker('data:text/javascript,postMessage(1)'); return 'created'; } catch (e) { return e.name; } }))
      .toBe('SecurityError');
    await open(page, serve, { path: '/csp.html', query: '?csp=strict' });
    expect(await page.evaluate(() => ask(new Worker('/tests/browser/pages/realm-worker.js'), 'navigator'))).toBe('error error');
  });

  test('Worker and SharedWorker keep the native shape: name, length, prototype, constructor, toString, new required', async ({ page, serve }) => {
    await open(page, serve);
    const result = await page.evaluate(() => [Worker, SharedWorker].map((ctor) => {
      let call;
      try { ctor('/x.js'); } catch (e) { call = e.name; }
      return [ctor.name, ctor.length, Object.getOwnPropertyNames(ctor).sort().join(), ctor.prototype.constructor === ctor,
        Function.prototype.toString.call(ctor), Object.getPrototypeOf(ctor) === EventTarget, call,
        new ctor(URL.createObjectURL(new Blob(['']))) instanceof ctor];
    }));
    expect(result).toEqual([
      ['Worker', 1, 'length,name,prototype', true, 'function Worker() { [native code] }', true, 'TypeError', true],
      ['SharedWorker', 1, 'length,name,prototype', true, 'function SharedWorker() { [native code] }', true, 'TypeError', true],
    ]);
  });
});

test.describe('the disguise across realms', () => {
  test('toString from a frame\'s realm reports native code for the page\'s wrappers, and the page\'s for the frame\'s; a frame\'s wrappers are its own realm\'s functions', async ({ page, serve }) => {
    await open(page, serve);
    const result = await page.evaluate(() => {
      const frame = document.createElement('iframe');
      document.body.append(frame);
      const win = frame.contentWindow;
      const cookieSetter = (w) => Object.getOwnPropertyDescriptor(w.Document.prototype, 'cookie').set;
      return {
        frameOnPage: win.Function.prototype.toString.call(navigator.mediaDevices.getUserMedia),
        pageOnFrame: Function.prototype.toString.call(win.navigator.mediaDevices.getUserMedia),
        frameOnSetter: win.Function.prototype.toString.call(cookieSetter(window)),
        frameOnItself: win.Function.prototype.toString.call(win.Function.prototype.toString),
        sameSource: win.Function.prototype.toString.call(cookieSetter(win)) === Function.prototype.toString.call(cookieSetter(window)),
        ownRealm: Object.getPrototypeOf(win.MediaDevices.prototype.getUserMedia) === win.Function.prototype
          && win.MediaDevices.prototype.getUserMedia instanceof win.Function,
        getterStaysGetter: typeof Object.getOwnPropertyDescriptor(win.Document.prototype, 'cookie').get,
      };
    });
    expect(result).toEqual({
      frameOnPage: 'function getUserMedia() { [native code] }',
      pageOnFrame: 'function getUserMedia() { [native code] }',
      frameOnSetter: 'function set cookie() { [native code] }',
      frameOnItself: 'function toString() { [native code] }',
      sameSource: true,
      ownRealm: true,
      getterStaysGetter: 'function',
    });
  });
});
