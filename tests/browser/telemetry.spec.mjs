// Telemetry through every transport, captured as it leaves the page (page.route /
// page.routeWebSocket): dropped before consent while the page's code sees success,
// redacted with consent, and undeclared traffic byte-identical.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { vertcToken } from '../../scripts/rtc-tokens.mjs';
import { test, expect, shimPage, withSdk } from './fixtures.mjs';
import { READ_FAILED, chooseDeletedFile, dropReasons, grant } from './helpers.mjs';

const TELEMETRY = '/dist/rtc-privacy-shim-telemetry.js';
const manifest = withSdk({
  collects: [{ item: 'ip', necessity: 'required', purpose: 'diagnostics', treatment: 'generalize' }],
  endpoints: [
    { match: 'https://log.rtc-sdk.test/report*', purpose: 'diagnostics', format: 'json', rules: ['user.phone:mask'] },
    { match: 'https://log.rtc-sdk.test/form', purpose: 'diagnostics', format: 'form' },
    { match: 'https://px.rtc-sdk.test/p', purpose: 'diagnostics', format: 'query' },
    { match: 'wss://ws.rtc-sdk.test/*', purpose: 'diagnostics', format: 'json' },
  ],
});
const PAYLOAD = '{"event":"join","email":"alice@example.com","user":{"phone":"13812345678"},"ip":"203.0.113.77","ts":1732350000000}';
const REDACTED = '{"event":"join","email":"[EMAIL]","user":{"phone":"*******5678"},"ip":"203.0.113.0","ts":1732350000000}';

// Opens the page and records every request to *.rtc-sdk.test and api.app.test.
async function open(page, serve) {
  const sent = [];
  await page.goto(serve('/t.html', shimPage({ manifest, shim: TELEMETRY })));
  await page.route(/^https:\/\/(log|px)\.rtc-sdk\.test\/|^https:\/\/api\.app\.test\//, (route) => {
    const request = route.request();
    sent.push({ url: request.url(), method: request.method(), body: request.postDataBuffer() });
    return route.fulfill({ status: 200, body: 'ok', headers: { 'access-control-allow-origin': '*' } });
  });
  return sent;
}
// A session cookie for the SDK's reporting host and one for the app's API host.
const sessionCookies = (page) => page.context().addCookies([
  { name: 'sid', value: 'sdk-session', domain: 'log.rtc-sdk.test', path: '/', secure: true, sameSite: 'None' },
  { name: 'app', value: 'app-session', domain: 'api.app.test', path: '/', secure: true, sameSite: 'None' },
]);
const bodies = (sent) => sent.map((r) => (r.body ? r.body.toString('utf8') : null));

test.describe('fetch', () => {
  test('dropped with a synthetic 204 before consent; redacted after', async ({ page, serve }) => {
    const sent = await open(page, serve);
    const before = await page.evaluate((body) => fetch('https://log.rtc-sdk.test/report', { method: 'POST', body })
      .then((r) => r.status), PAYLOAD);
    expect(before).toBe(204);
    expect(sent).toEqual([]);
    await grant(page);
    const after = await page.evaluate((body) => fetch('https://log.rtc-sdk.test/report?mail=bob@example.com', { method: 'POST', body, headers: { 'content-type': 'application/json' } })
      .then((r) => r.status), PAYLOAD);
    expect(after).toBe(200);
    expect(bodies(sent)).toEqual([REDACTED]);
    expect(sent[0].url).toBe('https://log.rtc-sdk.test/report?mail=%5BEMAIL%5D');
  });

  test('Request, URL, Blob, URLSearchParams and stream inputs are redacted too', async ({ page, serve }) => {
    const sent = await open(page, serve);
    await grant(page);
    await page.evaluate(async (body) => {
      const url = 'https://log.rtc-sdk.test/report';
      await fetch(new Request(url, { method: 'POST', body }));
      await fetch(new URL(url), { method: 'POST', body: new Blob([body], { type: 'application/json' }) });
      await fetch(url, { method: 'POST', body: new TextEncoder().encode(body) });
      await fetch(url, { method: 'POST', body: new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(body)); c.close(); } }), duplex: 'half' });
    }, PAYLOAD);
    expect(bodies(sent)).toEqual([REDACTED, REDACTED, REDACTED, REDACTED]);
  });

  test('a body that is not valid for its format is dropped, not sent raw', async ({ page, serve }) => {
    const sent = await open(page, serve);
    await grant(page);
    const status = await page.evaluate(() => fetch('https://log.rtc-sdk.test/report', { method: 'POST', body: '{"email":"alice@example.com"' }).then((r) => r.status));
    expect(status).toBe(204);
    expect(sent).toEqual([]);
  });
});

test.describe('XMLHttpRequest', () => {
  test('completes as 204 with load events before consent, nothing sent; redacted after, headers kept', async ({ page, serve }) => {
    const sent = await open(page, serve);
    const before = await page.evaluate((body) => new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      const events = [];
      xhr.onreadystatechange = () => events.push(`rs${xhr.readyState}`);
      xhr.onload = () => events.push('load');
      xhr.onloadend = () => resolve({ events, status: xhr.status, readyState: xhr.readyState });
      xhr.open('POST', 'https://log.rtc-sdk.test/report');
      xhr.send(body);
    }), PAYLOAD);
    expect(before.status).toBe(204);
    expect(before.readyState).toBe(4);
    expect(before.events).toContain('load');
    expect(sent).toEqual([]);
    await grant(page);
    const after = await page.evaluate((body) => new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.onloadend = () => resolve(xhr.status);
      xhr.open('POST', 'https://log.rtc-sdk.test/report?phone=13812345678');
      xhr.setRequestHeader('content-type', 'application/json');
      xhr.send(body);
    }), PAYLOAD);
    expect(after).toBe(200);
    expect(bodies(sent)).toEqual([REDACTED]);
    expect(sent[0].url).toBe('https://log.rtc-sdk.test/report?phone=%5BPHONE%5D');
    // A method the browser stringifies (an object with toString) is redacted the same way.
    const odd = await page.evaluate((body) => new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.onloadend = () => resolve(xhr.status);
      xhr.open({ toString: () => 'post' }, 'https://log.rtc-sdk.test/report');
      xhr.send(body);
    }), PAYLOAD);
    expect(odd).toBe(200);
    expect(bodies(sent)).toEqual([REDACTED, REDACTED]);
  });
});

// A refused open() (a URL the browser cannot parse, a Symbol) leaves the earlier request opened:
// a send() then sends that one, which must still be decided as it was.
test('an XHR open() the browser refuses after one to a declared endpoint: send() still drops that request before consent', async ({ page, serve }) => {
  const sent = await open(page, serve);
  const result = await page.evaluate((body) => Promise.all([Symbol('url'), 'http://['].map((bad) => new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', 'https://log.rtc-sdk.test/report?phone=13812345678');
    let refused = 'no error';
    try { xhr.open('POST', bad); } catch (e) { refused = e.name; }
    xhr.onloadend = () => resolve([refused, xhr.status]);
    xhr.send(body);
  }))), PAYLOAD);
  expect(result).toEqual([['TypeError', 204], ['SyntaxError', 204]]);
  expect(sent).toEqual([]);
});

test.describe('sendBeacon', () => {
  test('returns true and sends nothing before consent; sends the redacted body after', async ({ page, serve }) => {
    const sent = await open(page, serve);
    expect(await page.evaluate((body) => navigator.sendBeacon('https://log.rtc-sdk.test/report', body), PAYLOAD)).toBe(true);
    await page.waitForTimeout(300);
    expect(sent).toEqual([]);
    await grant(page);
    expect(await page.evaluate((body) => navigator.sendBeacon('https://log.rtc-sdk.test/report', body), PAYLOAD)).toBe(true);
    await expect.poll(() => sent.length).toBe(1);
    expect(bodies(sent)).toEqual([REDACTED]);
  });
});

test.describe('sendBeacon where the browser refuses the body', () => {
  // Cookie-free mode sends the beacon as a keepalive fetch: its answer must still be the one
  // the browser gives, so that an SDK falls back as it would.
  test('a TypeError for a stream; false over the keepalive quota, beacons in flight counted; a form leaves redacted', async ({ page, serve }) => {
    const sent = await open(page, serve);
    const probe = () => page.evaluate((body) => {
      const at = (fn) => { try { return fn(); } catch (e) { return e.name; } };
      const url = 'https://log.rtc-sdk.test/report';
      const big = JSON.stringify({ event: 'join', pad: 'x'.repeat(70 * 1024) });
      const half = JSON.stringify({ event: 'join', email: 'alice@example.com', pad: 'x'.repeat(40 * 1024) });
      // Under the quota as the page sends it, over it once redacted ("a@b.co" → "[EMAIL]").
      const grows = JSON.stringify({ event: 'join', note: 'a@b.co '.repeat(9000) });
      const form = new FormData();
      form.append('email', 'alice@example.com');
      return [
        at(() => navigator.sendBeacon(url, new ReadableStream())),
        at(() => navigator.sendBeacon(url, big)),
        at(() => navigator.sendBeacon(url, new Blob([big]))),
        at(() => navigator.sendBeacon(url, new TextEncoder().encode(big))),
        at(() => navigator.sendBeacon('https://log.rtc-sdk.test/form', form)),
        at(() => navigator.sendBeacon(url, grows)),
        at(() => navigator.sendBeacon(url, half)),
        at(() => navigator.sendBeacon(url, half)),  // the one before is still in flight
      ];
    });
    // Before consent nothing leaves, but the answers are the browser's (the last two: no
    // beacon is in flight).
    expect(await probe()).toEqual(['TypeError', false, false, false, true, true, true, true]);
    await grant(page);
    expect(await probe()).toEqual(['TypeError', false, false, false, true, false, true, false]);
    await expect.poll(() => sent.length).toBe(2);
    const [form, half] = bodies(sent).sort((a, b) => a.length - b.length);
    expect(form).toContain('[EMAIL]');
    expect(form).not.toContain('alice');
    expect(half.startsWith('{"event":"join","email":"[EMAIL]","pad":"xxx')).toBe(true);
  });
});

test.describe('WebSocket', () => {
  // A last frame with nothing to redact: its arrival says the ones before it have arrived.
  const MARKER = '{"event":"marker"}';
  test('text frames to a declared endpoint: dropped while consent is revoked, redacted with it', async ({ page, serve }) => {
    const frames = [];
    await page.routeWebSocket('wss://ws.rtc-sdk.test/live', (ws) => { ws.onMessage((m) => frames.push(String(m))); });
    await open(page, serve);
    // Before consent the socket would not open at all (compressed.spec.mjs).
    await grant(page);
    await page.evaluate(() => new Promise((resolve) => {
      const ws = new WebSocket('wss://ws.rtc-sdk.test/live');
      window.ws = ws;
      ws.onopen = () => resolve();
    }));
    // The frame sent while consent is revoked has a body of its own, so that a leak shows.
    await page.evaluate((body) => {
      RtcPrivacyShim.current.consent.revoke('diagnostics');
      window.ws.send(body);
    }, PAYLOAD.replace('"join"', '"while-revoked"'));
    await grant(page);
    await page.evaluate(({ body, marker }) => {
      window.ws.send(body);
      window.ws.send(new TextEncoder().encode(body));
      window.ws.send(marker);
    }, { body: PAYLOAD, marker: MARKER });
    // Frames keep their order: once the last one (the marker) is in, every frame sent before
    // it that left has arrived; the one sent while revoked is not among them.
    await expect.poll(() => frames.includes(MARKER)).toBe(true);
    // This endpoint has no rule for user.phone: the phone detector replaces it whole.
    const expected = REDACTED.replace('"*******5678"', '"[PHONE]"');
    expect(frames).toEqual([expected, expected, MARKER]);
  });
});

test.describe('image beacons', () => {
  test('a pixel is not requested before consent (load fires); its query is redacted after', async ({ page, serve }) => {
    const sent = await open(page, serve);
    const loaded = await page.evaluate(() => new Promise((resolve) => {
      const img = new Image();
      img.onload = () => resolve('load');
      img.onerror = () => resolve('error');
      img.src = 'https://px.rtc-sdk.test/p?ev=join&email=alice@example.com';
    }));
    expect(loaded).toBe('load');
    expect(sent).toEqual([]);
    await grant(page);
    await page.evaluate(() => {
      new Image().src = 'https://px.rtc-sdk.test/p?ev=join&email=alice@example.com';
      document.createElement('img').setAttribute('src', 'https://px.rtc-sdk.test/p?ev=attr&ip=203.0.113.77');
    });
    await expect.poll(() => sent.length).toBe(2);
    expect(sent.map((r) => r.url).sort()).toEqual([
      'https://px.rtc-sdk.test/p?ev=attr&ip=203.0.113.0',
      'https://px.rtc-sdk.test/p?ev=join&email=%5BEMAIL%5D',
    ]);
  });
});

// The browser converts a URL argument with WebIDL's rules: a Symbol is a TypeError, where
// String() would make it "Symbol(…)", a relative URL the request would go to.
test('a Symbol URL throws the browser\'s TypeError in every page transport (fetch rejects with it), nothing is requested; a URL whose toString throws rejects fetch with that error', async ({ page, serve }) => {
  await open(page, serve);
  await grant(page);
  const requested = [];
  page.on('request', (request) => requested.push(request.url()));
  const result = await page.evaluate(async () => {
    const url = Symbol('url');
    const thrown = (make) => { try { make(); return 'no error'; } catch (e) { return e.name; } };
    const img = new Image();
    const throwing = { toString() { throw new RangeError('from the page'); } };
    let fetchThrowing;
    try {
      fetchThrowing = await fetch(throwing).then(() => 'fetched', (e) => `rejected ${e.name} ${e.message}`);
    } catch (e) {
      fetchThrowing = `threw ${e.name}`;
    }
    return {
      xhr: thrown(() => new XMLHttpRequest().open('GET', url)),
      beacon: thrown(() => navigator.sendBeacon(url, 'x')),
      fetchLater: thrown(() => fetchLater(url)),
      imageSrc: thrown(() => { img.src = url; }),
      imageAttribute: thrown(() => img.setAttribute(Symbol('src'), 'x')),
      fetch: await fetch(url).then(() => 'fetched', (e) => e.name),
      fetchThrowing,
    };
  });
  expect(result).toEqual({ xhr: 'TypeError', beacon: 'TypeError', fetchLater: 'TypeError', imageSrc: 'TypeError', imageAttribute: 'TypeError',
    fetch: 'TypeError', fetchThrowing: 'rejected RangeError from the page' });
  await page.evaluate(() => fetch('/after-the-symbols'));
  expect(requested.map((url) => new URL(url).pathname)).toEqual(['/after-the-symbols']);
});

test('undeclared requests arrive byte-identical, personal data and invalid UTF-8 included', async ({ page, serve }) => {
  const sent = await open(page, serve);
  const bytes = [0xff, 0x00, 0x7b, 0x22, 0xc3, 0x28, 0x0a];
  await page.evaluate(async ({ body, bytes }) => {
    await fetch('https://api.app.test/data?email=alice@example.com', { method: 'POST', body });
    await fetch('https://api.app.test/bin', { method: 'POST', body: new Uint8Array(bytes) });
    await new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.onloadend = resolve;
      xhr.open('POST', 'https://api.app.test/xhr');
      xhr.send(body);
    });
    navigator.sendBeacon('https://api.app.test/beacon', body);
  }, { body: PAYLOAD, bytes });
  await expect.poll(() => sent.length).toBe(4);
  const byPath = Object.fromEntries(sent.map((r) => [new URL(r.url).pathname, r]));
  expect(byPath['/data'].url).toBe('https://api.app.test/data?email=alice@example.com');
  expect(byPath['/data'].body.toString('utf8')).toBe(PAYLOAD);
  expect([...byPath['/bin'].body]).toEqual(bytes);
  expect(byPath['/xhr'].body.toString('utf8')).toBe(PAYLOAD);
  expect(byPath['/beacon'].body.toString('utf8')).toBe(PAYLOAD);
});

test('the ledger has one entry per request with endpoint, SDK, action and counts, never the values', async ({ page, serve }) => {
  await open(page, serve);
  await page.evaluate((body) => fetch('https://log.rtc-sdk.test/report', { method: 'POST', body }), PAYLOAD);
  await grant(page);
  await page.evaluate((body) => fetch('https://log.rtc-sdk.test/report', { method: 'POST', body }), PAYLOAD);
  const entries = await page.evaluate(() => RtcPrivacyShim.current.ledger.entries().filter((e) => e.surface === 'fetch'));
  expect(entries.map((e) => [e.action, e.target, e.sdk, e.purpose])).toEqual([
    ['drop', 'https://log.rtc-sdk.test/report*', 'vertc', 'diagnostics'],
    ['redact', 'https://log.rtc-sdk.test/report*', 'vertc', 'diagnostics'],
  ]);
  expect(entries[1].counts).toEqual({ email: 1, ipv4: 1, 'rule:user.phone': 1 });
  const exported = await page.evaluate(() => RtcPrivacyShim.current.ledger.export());
  expect(exported).not.toContain('alice');
  expect(exported).not.toContain('13812345678');
});

test('shim.redact: direct API with rules; a bad rule is a RangeError naming it; the core bundle refuses', async ({ page, serve }) => {
  await open(page, serve);
  const result = await page.evaluate(() => RtcPrivacyShim.current.redact('{"a":{"ip":"10.1.2.3"},"b":"x"}', { rules: ['**.ip:generalize', 'b:remove'] }));
  expect(result).toEqual({ body: '{"a":{"ip":"10.1.2.0"}}', dropped: false, counts: { 'rule:**.ip': 1, 'rule:b': 1 } });
  const error = await page.evaluate(() => { try { RtcPrivacyShim.current.redact('{}', { rules: ['a:mask2'] }); return 'no error'; } catch (e) { return `${e.name}: ${e.message}`; } });
  expect(error).toBe('RangeError: rtc-privacy-shim: redact: rules[0]: unknown operator "mask2"');
  await page.goto(serve('/core.html', shimPage()));
  const core = await page.evaluate(() => { try { RtcPrivacyShim.current.redact('{}'); return 'no error'; } catch (e) { return e.message; } });
  expect(core).toContain('this is the core bundle');
});

test('shim.redact keeps every rule, and its newline check, after the page replaced the array iterator', async ({ page, serve }) => {
  await open(page, serve);
  const result = await page.evaluate(() => {
    const saved = Array.prototype[Symbol.iterator];
    Array.prototype[Symbol.iterator] = function* none() {};
    try {
      const body = RtcPrivacyShim.current.redact('{"a":{"ip":"10.1.2.3"},"b":"x"}', { rules: ['**.ip:generalize', 'b:remove'] }).body;
      let error = 'no error';
      try { RtcPrivacyShim.current.redact('{}', { rules: ['a:remove\nb:remove'] }); } catch (e) { error = e.name; }
      return [body, error];
    } finally {
      Array.prototype[Symbol.iterator] = saved;
    }
  });
  expect(result).toEqual(['{"a":{"ip":"10.1.2.0"}}', 'RangeError']);
});

test('defaults.unknownEndpoints "scan": undeclared cross-origin requests get detector-only redaction, same-origin stays untouched', async ({ page, serve }) => {
  const sent = [];
  await page.goto(serve('/s.html', shimPage({ manifest: { ...manifest, defaults: { unknownEndpoints: 'scan' } }, shim: TELEMETRY })));
  await page.route(/^https:\/\/api\.app\.test\/|\/same-origin$/, (route) => {
    sent.push({ url: route.request().url(), body: route.request().postDataBuffer() });
    return route.fulfill({ status: 200, body: 'ok', headers: { 'access-control-allow-origin': '*' } });
  });
  await page.evaluate(async (body) => {
    await fetch('https://api.app.test/data?email=alice@example.com', { method: 'POST', body });
    await fetch('/same-origin', { method: 'POST', body });
  }, PAYLOAD);
  expect(sent.length).toBe(2);
  expect(sent[0].url).toBe('https://api.app.test/data?email=%5BEMAIL%5D');
  expect(sent[0].body.toString('utf8')).toBe(REDACTED.replace('"*******5678"', '"[PHONE]"').replace('"203.0.113.0"', '"[IPV4]"'));
  expect(sent[1].body.toString('utf8')).toBe(PAYLOAD);
});

test('shim.redact returns exact text: ASCII bodies rebuilt from slices, non-ASCII and lone surrogates decoded', async ({ page, serve }) => {
  await open(page, serve);
  const cases = [
    ['{"a":"x"}', '{"a":"x"}'],                                               // nothing to do: the input itself
    ['a@example.com', '[EMAIL]'],                                             // all new text
    ['a@example.com and b@example.org', '[EMAIL] and [EMAIL]'],               // edits at both ends
    ['{"n":"call 13812345678 now","k":[1,2]}', '{"n":"call [PHONE] now","k":[1,2]}'],
    ['{"a":1,"ip":"203.0.113.9"}', '{"a":1,"ip":"[IPV4]"}'],                  // edit at the end
    ['{"m":"邮箱 a@example.com 谢谢"}', '{"m":"邮箱 [EMAIL] 谢谢"}'],         // non-ASCII input
    ['\ufeffa@example.com', '\ufeff[EMAIL]'],                              // a leading BOM stays
    ['', ''],
  ];
  const out = await page.evaluate((list) => list.map(([body]) => RtcPrivacyShim.current.redact(body, { format: body.startsWith('{') ? 'json' : 'text' }).body), cases);
  expect(out).toEqual(cases.map(([, expected]) => expected));
  // Built in the page, so no transport can have replaced the lone surrogate on the way.
  const surrogate = await page.evaluate(() => {
    const body = `{"m":"${String.fromCharCode(0xd800)} a@example.com"}`;
    return [body.charCodeAt(6), RtcPrivacyShim.current.redact(body, { format: 'json' }).body];
  });
  expect(surrogate).toEqual([0xd800, '{"m":"\ufffd [EMAIL]"}']);
  // ASCII in, new text that is not ASCII (a JSON escape decoded by the mask): decoded whole.
  const masked = await page.evaluate(() => RtcPrivacyShim.current.redact('{"m":"1381234567\\u90ae\\u7bb1","n":1}', { rules: ['m:mask'] }).body);
  expect(masked).toBe('{"m":"********67\u90ae\u7bb1","n":1}');
});

test('cookie-free mode: fetch, XHR and sendBeacon to a declared endpoint go without cookies; undeclared requests keep them', async ({ page, serve }) => {
  const cookies = [];
  await page.goto(serve('/k.html', shimPage({ manifest, shim: TELEMETRY })));
  await sessionCookies(page);
  await page.route(/^https:\/\/(log\.rtc-sdk|api\.app)\.test\//, async (route) => {
    const headers = await route.request().allHeaders();
    cookies.push(`${new URL(route.request().url()).hostname} ${headers.cookie || '-'}`);
    return route.fulfill({ status: 200, body: 'ok', headers: { 'access-control-allow-origin': 'http://127.0.0.1:' + new URL(page.url()).port, 'access-control-allow-credentials': 'true' } });
  });
  await grant(page);
  await page.evaluate(async (body) => {
    await fetch('https://log.rtc-sdk.test/report', { method: 'POST', body, credentials: 'include' });
    await new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', 'https://log.rtc-sdk.test/report');
      xhr.withCredentials = true;
      xhr.onloadend = resolve;
      xhr.send(body);
    });
    await fetch('https://api.app.test/v1/me', { credentials: 'include' });
    navigator.sendBeacon('https://log.rtc-sdk.test/report', body);
  }, PAYLOAD);
  await expect.poll(() => cookies.length).toBe(4);
  expect(cookies).toEqual(['log.rtc-sdk.test -', 'log.rtc-sdk.test -', 'api.app.test app=app-session', 'log.rtc-sdk.test -']);
});

test('a relative URL resolves against the document base (<base href>) like the browser: a declared endpoint is caught', async ({ page, serve }) => {
  const sent = [];
  // The shim's own URL is absolute: the <base> would otherwise send it to the SDK's host.
  const origin = new URL(serve('/origin.html', '')).origin;
  await page.goto(serve('/base.html', shimPage({ manifest, shim: `${origin}${TELEMETRY}`, head: '<base href="https://log.rtc-sdk.test/">' })));
  await page.route(/^https:\/\/log\.rtc-sdk\.test\//, (route) => {
    sent.push(route.request().url());
    return route.fulfill({ status: 200, body: 'ok', headers: { 'access-control-allow-origin': '*' } });
  });
  const status = await page.evaluate((body) => fetch('report', { method: 'POST', body }).then((r) => r.status), PAYLOAD);
  expect(status).toBe(204);
  expect(sent).toEqual([]);
  expect(await page.evaluate(() => RtcPrivacyShim.current.ledger.entries().filter((e) => e.surface === 'fetch').map((e) => e.action))).toEqual(['drop']);
});

test('a page that replaces WeakMap.prototype.get, or names one URL to the check and another to the browser, gets nothing past', async ({ page, serve }) => {
  const sent = await open(page, serve);
  const result = await page.evaluate(async (body) => {
    const real = WeakMap.prototype.get;
    WeakMap.prototype.get = function get() { return undefined; };
    const xhrStatus = await new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', 'https://log.rtc-sdk.test/report');
      xhr.onloadend = () => resolve(xhr.status);
      xhr.send(body);
    });
    WeakMap.prototype.get = real;
    let calls = 0;
    const shifty = { toString: () => (calls++ === 0 ? 'https://api.app.test/harmless' : 'https://log.rtc-sdk.test/report') };
    const fetchStatus = await fetch(shifty, { method: 'POST', body }).then((r) => r.status, () => 'rejected');
    return [xhrStatus, fetchStatus, calls];
  }, PAYLOAD);
  expect(result).toEqual([204, 200, 1]);  // the XHR dropped; the fetch went where it was checked
  expect(sent.map((r) => r.url)).toEqual(['https://api.app.test/harmless']);
});

test('with cookieFree off, requests to a declared endpoint keep their cookies', async ({ page, serve }) => {
  const cookies = [];
  await page.goto(serve('/kf.html', shimPage({ manifest: { ...manifest, defaults: { cookieFree: false } }, shim: TELEMETRY })));
  await page.context().addCookies([{ name: 'sid', value: 'sdk-session', domain: 'log.rtc-sdk.test', path: '/', secure: true, sameSite: 'None' }]);
  await page.route(/^https:\/\/log\.rtc-sdk\.test\//, async (route) => {
    cookies.push((await route.request().allHeaders()).cookie || '-');
    return route.fulfill({ status: 200, body: 'ok', headers: { 'access-control-allow-origin': 'http://127.0.0.1:' + new URL(page.url()).port, 'access-control-allow-credentials': 'true' } });
  });
  await grant(page);
  await page.evaluate((body) => fetch('https://log.rtc-sdk.test/report', { method: 'POST', body, credentials: 'include' }), PAYLOAD);
  expect(cookies).toEqual(['sid=sdk-session']);
});

test('a veRTC log batch behind the preset\'s rules: the join token inside message (JSON in a string) never leaves, the user id is hashed', async ({ page, serve }) => {
  const { sdks: [preset] } = JSON.parse(readFileSync(new URL('../../presets/vertc.json', import.meta.url), 'utf8'));
  const endpoint = preset.endpoints.find((e) => e.match.includes('volcvideo.com'));
  await page.goto(serve('/vertc-log.html', shimPage({ manifest: withSdk({ endpoints: [endpoint] }), shim: TELEMETRY })));
  const sent = [];
  await page.route('https://web-log-report.rtc.volcvideo.com/**', (route) => {
    sent.push(route.request().postDataBuffer().toString('utf8'));
    return route.fulfill({ status: 200, body: 'ok', headers: { 'access-control-allow-origin': '*' } });
  });
  const token = vertcToken({ appId: '5f2d8e1a9b3c4d7e6f801a2b', roomId: 'proberoom7305', userId: 'probeuser4821',
    nonce: 7654321, expire: 1732436400, signature: Buffer.alloc(32, 0xa7) });
  // What veRTC's rtc_sdk_api_call event carries for joinRoom: its arguments, JSON in a string.
  const args = [token, 'proberoom7305', { userId: 'probeuser4821', extraInfo: '' }, { isAutoPublish: true }];
  const body = JSON.stringify({ header: { os: 'Linux' }, data: [{ event_key: 'rtc_sdk_api_call', sdk_api_name: 'joinRoom', message: JSON.stringify(args) }] });
  await grant(page);
  const status = await page.evaluate((b) => fetch('https://web-log-report.rtc.volcvideo.com/video/v1/webrtc_log/', { method: 'POST', body: b })
    .then((r) => r.status), body);
  expect(status).toBe(200);
  expect(sent).toHaveLength(1);
  expect(sent[0]).not.toContain(token.slice(3, 40));
  expect(sent[0]).not.toContain('probeuser4821');
  const [joinToken, room, userInfo, config] = JSON.parse(JSON.parse(sent[0]).data[0].message);
  expect(joinToken).toBe('[TOKEN]');
  expect(room).toBe('proberoom7305');
  expect(userInfo).toEqual({ userId: expect.stringMatching(/^[0-9a-f]{16}$/), extraInfo: '' });
  expect(config).toEqual({ isAutoPublish: true });
});

test.describe('a page that tampers with built-ins after the shim armed', () => {
  test('Object.prototype accessors named like the engine\'s answer fields change no answer: a report is still dropped before consent', async ({ page, serve }) => {
    const sent = await open(page, serve);
    const outcome = await page.evaluate(async () => {
      // What a leak would need: a decision that says send, a redaction that says not dropped
      // and hands back the raw URL and body.
      const raw = { send: true, dropped: false, url: 'https://log.rtc-sdk.test/report', body: '{"event":"join","email":"alice@example.com"}' };
      for (const name of Object.keys(raw)) {
        Object.defineProperty(Object.prototype, name, { get: () => raw[name], set() {}, configurable: true });
      }
      const r = await fetch('https://log.rtc-sdk.test/report', { method: 'POST', body: '{"event":"join","email":"alice@example.com"}' });
      return r.status;
    });
    expect(outcome).toBe(204);
    expect(sent).toEqual([]);
  });

  test('a WebSocket URL with a fragment is checked without it: not opened before consent', async ({ page, serve }) => {
    let opened = 0;
    await page.routeWebSocket(/ws\.rtc-sdk\.test/, () => { opened++; });
    await open(page, serve);
    const events = await page.evaluate(() => new Promise((resolve) => {
      const seen = [];
      const ws = new WebSocket('wss://ws.rtc-sdk.test/live#part');
      ws.onerror = () => seen.push('error');
      ws.onclose = (e) => { seen.push(`close ${e.code}`); resolve(seen); };
    }));
    expect(events).toEqual(['error', 'close 1006']);
    expect(opened).toBe(0);
  });
});

// A body the shim must read before it can redact it, whose read fails for real: a File from
// an <input type=file> whose file is deleted on disk before the request (Chromium's read then
// rejects), and a ReadableStream that errors. `window.gone` is the File.
async function unreadableFile(page) {
  await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<input type="file" id="upload">'));
  await chooseDeletedFile(page, PAYLOAD);
  await page.evaluate(() => { window.gone = document.getElementById('upload').files[0]; });
}
const ERRORING_STREAM = 'new ReadableStream({ start(c) { c.error(new Error("broken")); } })';

test.describe('a telemetry body whose read fails is dropped, recorded with its reason, and the request ends', () => {
  test('XMLHttpRequest: a deleted file and an erroring stream end as a dropped request does (readyState 4, 204, same events)', async ({ page, serve }) => {
    const sent = await open(page, serve);
    await unreadableFile(page);
    await page.evaluate(() => {
      window.events = (body) => new Promise((resolve) => {
        const xhr = new XMLHttpRequest();
        const seen = [];
        xhr.onreadystatechange = () => seen.push(`rs${xhr.readyState}`);
        xhr.onload = () => seen.push('load');
        xhr.onerror = () => seen.push('error');
        xhr.onloadend = () => { seen.push('loadend'); resolve({ seen, status: xhr.status, readyState: xhr.readyState }); };
        xhr.open('POST', 'https://log.rtc-sdk.test/report');
        xhr.send(body);
      });
    });
    // What a request dropped before consent shows the page.
    const dropped = await page.evaluate((body) => events(body), PAYLOAD);
    expect(dropped).toEqual({ seen: ['rs1', 'rs4', 'load', 'loadend'], status: 204, readyState: 4 });
    await grant(page);
    expect(await page.evaluate(() => events(gone))).toEqual(dropped);
    expect(await page.evaluate(`events(${ERRORING_STREAM})`)).toEqual(dropped);
    expect(sent).toEqual([]);
    expect(await dropReasons(page, 'xhr')).toEqual(['consent "diagnostics" is unset', READ_FAILED, READ_FAILED]);
  });

  test('fetch: a deleted file and an erroring stream are answered 204, as a dropped request is', async ({ page, serve }) => {
    const sent = await open(page, serve);
    await unreadableFile(page);
    await grant(page);
    const statuses = await page.evaluate(`Promise.all([
      fetch('https://log.rtc-sdk.test/report', { method: 'POST', body: gone }).then((r) => r.status, (e) => e.name),
      fetch('https://log.rtc-sdk.test/report', { method: 'POST', body: ${ERRORING_STREAM}, duplex: 'half' }).then((r) => r.status, (e) => e.name),
    ])`);
    expect(statuses).toEqual([204, 204]);
    expect(sent).toEqual([]);
    expect(await dropReasons(page, 'fetch')).toEqual([READ_FAILED, READ_FAILED]);
  });

  test('sendBeacon: a deleted file is not sent and is recorded as dropped', async ({ page, serve }) => {
    const sent = await open(page, serve);
    await unreadableFile(page);
    await grant(page);
    expect(await page.evaluate(() => navigator.sendBeacon('https://log.rtc-sdk.test/report', gone))).toBe(true);
    await expect.poll(() => dropReasons(page, 'beacon')).toEqual([READ_FAILED]);
    expect(sent).toEqual([]);
  });
});

// The shim reads a Blob body before it sends: a request reopened or aborted meanwhile is not
// the one that body was for, and the read's end must not send it.
test('XMLHttpRequest reopened or aborted while the shim reads its Blob body: only the request the page sent last leaves', async ({ page, serve }) => {
  const sent = await open(page, serve);
  await grant(page);
  await page.evaluate(() => new Promise((resolve) => {
    const blob = (text) => new Blob([text], { type: 'application/json' });
    const reopened = new XMLHttpRequest();
    reopened.open('POST', 'https://log.rtc-sdk.test/report');
    reopened.send(blob('{"n":"first"}'));
    reopened.open('POST', 'https://log.rtc-sdk.test/report');
    reopened.send(blob('{"n":"second"}'));
    const aborted = new XMLHttpRequest();
    aborted.open('POST', 'https://log.rtc-sdk.test/report');
    aborted.send(blob('{"n":"aborted"}'));
    aborted.abort();
    aborted.open('POST', 'https://log.rtc-sdk.test/report');
    aborted.send(blob('{"n":"after abort"}'));
    let left = 2;
    reopened.onloadend = aborted.onloadend = () => { if (--left === 0) resolve(); };
  }));
  expect(bodies(sent).sort()).toEqual(['{"n":"after abort"}', '{"n":"second"}']);
});

test('fetch reads each member of the page\'s init once, as the browser does; the body sent is the one that read gave', async ({ page, serve }) => {
  const sent = await open(page, serve);
  await grant(page);
  const reads = await page.evaluate(async (body) => {
    // Each getter counts its calls; the body getter answers the payload once, then other text.
    const counted = () => {
      const counts = {};
      const init = {};
      for (const name of ['body', 'method', 'headers', 'keepalive', 'credentials', 'mode', 'cache', 'redirect', 'referrerPolicy', 'integrity', 'signal']) {
        const values = { body, method: 'POST', headers: { 'content-type': 'application/json' }, keepalive: false, credentials: 'same-origin',
          mode: 'cors', cache: 'default', redirect: 'follow', referrerPolicy: '', integrity: '', signal: null };
        counts[name] = 0;
        Object.defineProperty(init, name, { enumerable: true,
          get: () => (counts[name]++ === 0 || name !== 'body' ? values[name] : '{"event":"second read","email":"carol@example.com"}') });
      }
      return { counts, init };
    };
    const telemetry = counted();
    await fetch('https://log.rtc-sdk.test/report', telemetry.init);
    const other = counted();
    await fetch('https://api.app.test/data', other.init);
    return { telemetry: telemetry.counts, other: other.counts };
  }, PAYLOAD);
  const once = { body: 1, method: 1, headers: 1, keepalive: 1, credentials: 1, mode: 1, cache: 1, redirect: 1, referrerPolicy: 1, integrity: 1, signal: 1 };
  expect(reads).toEqual({ telemetry: once, other: once });
  expect(bodies(sent)).toEqual([REDACTED, PAYLOAD]);
});

// An init the browser's Request refuses (a body on a GET, a bad mode) makes fetch() return a
// rejected promise, as the native does, never throw at the call: the SDK's .catch() sees it.
test('fetch to a declared endpoint with an init the browser refuses rejects with its TypeError, never throws at the call', async ({ page, serve }) => {
  const sent = await open(page, serve);
  await grant(page);
  const results = await page.evaluate(async () => {
    const call = async (url, init) => {
      let promise;
      try {
        promise = fetch(url, init);
      } catch (error) {
        return `threw ${error.name}`;
      }
      return promise.then(() => 'resolved', (error) => `rejected ${error.name}`);
    };
    const bad = [{ method: 'GET', body: 'x' }, { mode: 'navigate' }, { method: 'bad method' }];
    const telemetry = [];
    const other = [];
    for (const init of bad) {
      telemetry.push(await call('https://log.rtc-sdk.test/report', init));
      other.push(await call('https://api.app.test/data', init));
    }
    return { telemetry, other };
  });
  expect(results.other).toEqual(['rejected TypeError', 'rejected TypeError', 'rejected TypeError']);
  expect(results.telemetry).toEqual(results.other);
  expect(sent).toEqual([]);
});

// abort() while the shim reads a Blob body: the page sees what the browser's abort of a
// request in flight shows, as for a request to elsewhere: readystatechange (readyState 4),
// abort and loadend during the call, readyState 0 after it.
test('XMLHttpRequest aborted while the shim reads its Blob body fires what the browser\'s abort fires', async ({ page, serve }) => {
  const sent = await open(page, serve);
  await grant(page);
  const seen = await page.evaluate(() => [
    'https://log.rtc-sdk.test/report', 'https://api.app.test/data',
  ].map((url) => {
    const xhr = new XMLHttpRequest();
    const events = [];
    for (const type of ['readystatechange', 'abort', 'load', 'loadend', 'error']) xhr.addEventListener(type, () => events.push(`${type} ${xhr.readyState} ${xhr.status}`));
    xhr.open('POST', url);
    xhr.send(new Blob(['{"n":"aborted"}'], { type: 'application/json' }));
    xhr.abort();
    events.push(`after ${xhr.readyState} ${xhr.status}`);
    return events;
  }));
  expect(seen[1]).toEqual(['readystatechange 1 0', 'readystatechange 4 0', 'abort 4 0', 'loadend 4 0', 'after 0 0']);
  expect(seen[0]).toEqual(seen[1]);
  expect(sent.filter((r) => r.url.startsWith('https://log.'))).toEqual([]);
});

// A request the shim answers itself (dropped before consent) is one the browser never had; the
// page still sees what the browser's request shows. Compared with a request to elsewhere
// (answered 200 here), status aside: an abort before the answer ends it with no load after,
// an abort once done empties it, a second send() throws, and a synchronous request is done
// when send() returns.
test('XMLHttpRequest answered by the shim acts as the browser\'s: abort before and after the answer, a second send(), a synchronous request', async ({ page, serve }) => {
  const sent = await open(page, serve);
  const seen = await page.evaluate(async () => {
    const run = async (url) => {
      const events = [];
      const watch = (xhr, name) => {
        xhr.addEventListener('readystatechange', () => { if (xhr.readyState === 4) events.push(`${name} readystatechange 4`); });
        for (const type of ['abort', 'load', 'loadend', 'error']) xhr.addEventListener(type, () => events.push(`${name} ${type} ${xhr.readyState}`));
        return xhr;
      };
      const early = watch(new XMLHttpRequest(), 'early');
      early.open('POST', url);
      early.send('{"n":1}');
      early.abort();
      events.push(`early after abort ${early.readyState} ${early.status}`);
      const twice = watch(new XMLHttpRequest(), 'twice');
      const done = new Promise((resolve) => twice.addEventListener('loadend', resolve));
      twice.open('POST', url);
      twice.send('{"n":2}');
      try {
        twice.send('{"n":3}');
        events.push('twice sent again');
      } catch (error) {
        events.push(`twice ${error.name}: ${error.message}`);
      }
      await done;
      twice.abort();
      events.push(`twice after abort ${twice.readyState} ${twice.status} "${twice.responseText}" "${twice.responseURL}"`);
      const sync = watch(new XMLHttpRequest(), 'sync');
      sync.open('POST', url, false);
      sync.send('{"n":4}');
      events.push(`sync returned ${sync.readyState}`);
      // The early request's answer was due before the second request's: nothing came late.
      await new Promise((resolve) => setTimeout(resolve, 0));
      return events;
    };
    return { telemetry: await run('https://log.rtc-sdk.test/report'), other: await run('https://api.app.test/data') };
  });
  expect(seen.other).toEqual([
    'early readystatechange 4', 'early abort 4', 'early loadend 4', 'early after abort 0 0',
    'twice InvalidStateError: Failed to execute \'send\' on \'XMLHttpRequest\': The object\'s state must be OPENED.',
    'twice readystatechange 4', 'twice load 4', 'twice loadend 4', 'twice after abort 0 0 "" ""',
    'sync readystatechange 4', 'sync load 4', 'sync loadend 4', 'sync returned 4',
  ]);
  expect(seen.telemetry).toEqual(seen.other);
  expect(sent.filter((r) => r.url.startsWith('https://log.'))).toEqual([]);
});

// fetchLater hands the page its result at once and sends later (here at once: activateAfter
// 0). The browser sends deferred fetches itself, past page.route (and sends none from a page
// that page.route fulfilled): a server of the test's own on 127.0.0.1 serves the page and
// captures what reaches it, its /later/ paths declared as the endpoint. Telemetry is decided and
// redacted at the call; a dropped call's result is the browser's own, never activated.
test('fetchLater: before consent nothing leaves and the result is never activated; with consent URL and body leave redacted, without cookies; withdrawn, a pending one is aborted; other requests untouched', async ({ page, server: files }) => {
  const received = [];
  const cookies = {};  // path → the cookie header it came with
  let html = '';
  const server = createServer((request, response) => {
    if (request.url === '/later.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(html);
      return;
    }
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      if (/^\/(later|app)\//.test(request.url)) received.push({ path: request.url, body: Buffer.concat(chunks).toString('utf8') });
      cookies[request.url] = request.headers.cookie;
      response.writeHead(204, { 'access-control-allow-origin': '*' });
      response.end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    const laterManifest = { ...manifest, sdks: [{ ...manifest.sdks[0],
      endpoints: [{ match: 'http://127.0.0.1/later/*', purpose: 'diagnostics', format: 'json', rules: ['user.phone:mask'] }] }] };
    html = shimPage({ manifest: laterManifest, shim: `${files.url}${TELEMETRY}` });
    await page.goto(`${base}/later.html`);
    const later = ([url, init]) => {
      const result = fetchLater(url, { activateAfter: 0, ...init });
      (window.results = window.results || []).push(result);
      return { activated: result.activated, brand: Object.prototype.toString.call(result) };
    };
    expect(await page.evaluate(later, [`${base}/later/report`, { method: 'POST', body: PAYLOAD }]))
      .toEqual({ activated: false, brand: '[object FetchLaterResult]' });
    await page.evaluate(later, [`${base}/app/data`, { method: 'POST', body: PAYLOAD }]);
    await expect.poll(() => received.length).toBe(1);
    expect(received).toEqual([{ path: '/app/data', body: PAYLOAD }]);
    // The page's own one has gone (activated); the dropped one, due at the same time, never goes.
    expect(await page.evaluate(() => results.map((r) => r.activated))).toEqual([false, true]);
    const ledger = (action) => page.evaluate((a) => RtcPrivacyShim.current.ledger.entries()
      .filter((e) => e.surface === 'fetchLater' && e.action === a).map((e) => e.reason), action);
    expect(await ledger('drop')).toHaveLength(1);

    await grant(page);
    await page.evaluate(later, [`${base}/later/report?phone=13812345678`, { method: 'POST', body: new TextEncoder().encode(PAYLOAD) }]);
    await expect.poll(() => received.length).toBe(2);
    expect(received[1]).toEqual({ path: '/later/report?phone=%5BPHONE%5D', body: REDACTED });
    // Bodies the shim cannot read at the call are dropped, never sent raw.
    await page.evaluate((url) => {
      fetchLater(url, { method: 'POST', body: new Blob(['{"email":"a@example.com"}']), activateAfter: 0 });
      fetchLater(new Request(url, { method: 'POST', body: '{"email":"a@example.com"}' }), { activateAfter: 0 });
    }, `${base}/later/report`);
    expect((await ledger('drop')).slice(1)).toEqual(['a Blob or stream body cannot be read at a fetchLater call', 'a Request\'s body cannot be read at a fetchLater call']);
    await page.evaluate(later, [`${base}/app/data?n=2`, {}]);
    await expect.poll(() => received.length).toBe(3);
    expect(received[2]).toEqual({ path: '/app/data?n=2', body: '' });
    // Cookie-free mode (the default): telemetry leaves without cookies, the page's own
    // requests with them.
    await page.context().addCookies([{ name: 'sid', value: 'abc', domain: '127.0.0.1', path: '/' }]);
    await page.evaluate(later, [`${base}/later/cookie`, { method: 'POST', body: '{}', credentials: 'include' }]);
    await page.evaluate(later, [`${base}/app/cookie`, { method: 'POST', body: '{}', credentials: 'include' }]);
    await expect.poll(() => received.length).toBe(5);
    expect([cookies['/later/cookie'], cookies['/app/cookie']]).toEqual([undefined, 'sid=abc']);
    // A deferred fetch made with consent, still pending when consent is withdrawn, is aborted.
    await page.evaluate((url) => { fetchLater(url, { method: 'POST', body: '{}' }); }, `${base}/later/withdrawn`);
    await page.evaluate(() => RtcPrivacyShim.current.consent.revoke('diagnostics'));
    expect((await ledger('drop')).length).toBe(4);
    // One made by a relative URL is withdrawn as the endpoint it was made for, whatever <base>
    // the page set since (resolved now, it would name the page's own path and be kept).
    await grant(page);
    await page.evaluate((origin) => {
      const element = document.head.appendChild(document.createElement('base'));
      element.href = `${origin}/later/`;
      fetchLater('relative', { method: 'POST', body: '{}' });
      element.href = `${origin}/app/`;
    }, base);
    await page.evaluate(() => RtcPrivacyShim.current.consent.revoke('diagnostics'));
    expect((await ledger('drop')).length).toBe(5);
    // Deferred fetches still pending leave when the page goes away: the dropped and withdrawn
    // ones never, the page's other one (no activateAfter) then.
    await page.evaluate((url) => { fetchLater(url); }, `${base}/app/unload`);
    await page.goto('about:blank');
    await expect.poll(() => received.length).toBe(6);
    expect(received.map((r) => r.path).sort()).toEqual(['/app/cookie', '/app/data', '/app/data?n=2', '/app/unload', '/later/cookie',
      '/later/report?phone=%5BPHONE%5D']);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

// The shim hands the browser copies of the page's arguments (the URL converted once). A page's
// Array.prototype accessor for an index must not take the shim's item and give the browser
// another: here a declared URL in place of an undeclared one, before consent.
test('a page\'s Array.prototype index accessor cannot swap the URL the shim hands the browser (fetch, XHR, EventSource)', async ({ page, serve }) => {
  const sent = await open(page, serve);
  await page.evaluate(async (declared) => {
    const swap = (index) => Object.defineProperty(Array.prototype, index, { get() { return declared; }, set() {}, configurable: true });
    swap('0');
    const fetched = fetch('/app/ok').catch(() => {});
    const source = new EventSource('/app/stream');
    const streamed = new Promise((resolve) => { source.onerror = resolve; });
    delete Array.prototype[0];
    swap('1');
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/app/xhr');
    delete Array.prototype[1];
    const sentXhr = new Promise((resolve) => { xhr.onloadend = resolve; });
    xhr.send('{}');
    // Each has gone where the browser sent it (nothing serves /app/: errors).
    await Promise.all([fetched, streamed, sentXhr]);
    source.close();
  }, 'https://log.rtc-sdk.test/report?phone=13812345678');
  expect(sent).toEqual([]);
});

// An EventSource sends nothing but its URL: before consent it never connects (it fails at
// once, closed, its url still the page's); with consent it connects to the redacted URL.
test('EventSource to a declared endpoint: never connects before consent, connects to the redacted URL with consent; others untouched', async ({ page, serve }) => {
  const sent = await open(page, serve);
  const connect = (url) => new Promise((resolve) => {
    const source = new EventSource(url);
    const seen = [source.url, source.readyState];
    source.onerror = () => {
      seen.push(`error ${source.readyState}`);
      source.close();
      resolve(seen);
    };
  });
  const before = 'https://log.rtc-sdk.test/report?phone=13812345678';
  expect(await page.evaluate(connect, before)).toEqual([before, 0, 'error 2']);
  expect(sent).toEqual([]);
  await page.evaluate(connect, 'https://api.app.test/data?phone=13812345678');
  expect(sent.map((r) => r.url)).toEqual(['https://api.app.test/data?phone=13812345678']);
  expect(await page.evaluate(() => RtcPrivacyShim.current.ledger.entries().filter((e) => e.surface === 'eventsource').map((e) => e.action))).toEqual(['drop']);
  await grant(page);
  await page.evaluate(connect, before);
  expect(sent.map((r) => r.url)).toEqual(['https://api.app.test/data?phone=13812345678', 'https://log.rtc-sdk.test/report?phone=%5BPHONE%5D']);
});

// With consent an EventSource to a declared endpoint goes without cookies (cookie-free mode),
// and it reconnects by itself: withdrawing consent closes it at once, recorded.
test('EventSource to a declared endpoint: no cookies in cookie-free mode; closed when consent is withdrawn', async ({ page, serve }) => {
  const cookies = [];
  await page.goto(serve('/es.html', shimPage({ manifest, shim: TELEMETRY })));
  await sessionCookies(page);
  const origin = new URL(page.url()).origin;
  await page.route(/^https:\/\/(log\.rtc-sdk|api\.app)\.test\//, async (route) => {
    const headers = await route.request().allHeaders();
    cookies.push(`${new URL(route.request().url()).hostname} ${headers.cookie || '-'}`);
    return route.fulfill({ status: 200, body: 'retry: 600000\ndata: hello\n\n',
      headers: { 'content-type': 'text/event-stream', 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true' } });
  });
  await grant(page);
  const opened = (url) => page.evaluate((u) => new Promise((resolve) => {
    const source = new EventSource(u, { withCredentials: true });
    (window.sources = window.sources || []).push(source);
    source.onmessage = () => resolve(source.readyState);
  }), url);
  expect(await opened('https://log.rtc-sdk.test/report')).toBe(1);
  expect(await opened('https://api.app.test/stream')).toBe(1);
  expect(cookies).toEqual(['log.rtc-sdk.test -', 'api.app.test app=app-session']);
  const closed = await page.evaluate(() => {
    const errors = [];
    sources[0].onerror = () => errors.push(sources[0].readyState);
    RtcPrivacyShim.current.consent.revoke('diagnostics');
    return { states: sources.map((s) => s.readyState), errors };
  });
  // The telemetry one is closed; the page's own is not (open, or waiting to reconnect once the
  // browser has seen its stream end).
  expect(closed.states[0]).toBe(2);
  expect(closed.states[1]).not.toBe(2);
  expect(closed.errors).toEqual([2]);
  expect(await page.evaluate(() => RtcPrivacyShim.current.ledger.entries().filter((e) => e.surface === 'eventsource').map((e) => e.action)))
    .toEqual(['redact', 'drop']);
});

// A relative URL is resolved once, at the call: a <base> the page changes afterwards must not
// make a withdrawal take it for another endpoint, or for none (then nothing is recorded).
test('EventSource opened by a relative URL to a declared endpoint: closed and recorded when consent is withdrawn after the page changed its <base>', async ({ page, serve }) => {
  await page.goto(serve('/es-base.html', shimPage({ manifest, shim: TELEMETRY })));
  const origin = new URL(page.url()).origin;
  await page.route(/^https:\/\/(log\.rtc-sdk|api\.app)\.test\//, (route) => route.fulfill({ status: 200, body: 'retry: 600000\ndata: hello\n\n',
    headers: { 'content-type': 'text/event-stream', 'access-control-allow-origin': origin } }));
  await grant(page);
  const result = await page.evaluate(async () => {
    const base = document.head.appendChild(document.createElement('base'));
    base.href = 'https://log.rtc-sdk.test/';
    const source = new EventSource('report?ev=join');
    await new Promise((resolve) => { source.onmessage = resolve; });
    base.href = 'https://api.app.test/';
    RtcPrivacyShim.current.consent.revoke('diagnostics');
    return [source.url, source.readyState];
  });
  expect(result).toEqual(['https://log.rtc-sdk.test/report?ev=join', 2]);
  expect(await page.evaluate(() => RtcPrivacyShim.current.ledger.entries().filter((e) => e.surface === 'eventsource').map((e) => e.action)))
    .toEqual(['redact', 'drop']);
});
