// Ways a script might get around the shim (the camera first, then every other surface and
// realm), and how the wrappers look. Each technique is one test asserting the denial or the
// protected value.
import { test, expect, shimPage, COUNT_NATIVE_CALLS, withSdk } from './fixtures.mjs';

test.beforeEach(async ({ page, serve }, testInfo) => {
  if (testInfo.titlePath.includes('other surfaces and realms')) return; // its own page, below
  // The counters replace the natives before the shim captures them; the shim's wrappers
  // then (rightly) report the counters' source, so the look-native tests run without them.
  if (!testInfo.titlePath.includes('wrappers look native')) await page.addInitScript(COUNT_NATIVE_CALLS);
  await page.goto(serve('/p.html', shimPage({
    body: `<script>window.cached = navigator.mediaDevices.getUserMedia;
                   window.cachedProto = MediaDevices.prototype.getUserMedia.bind(navigator.mediaDevices);</script>`,
  })));
});

const nativeCalls = (page) => page.evaluate(() => window.__nativeCalls.getUserMedia);

const techniques = {
  'MediaDevices.prototype.getUserMedia.call(navigator.mediaDevices, …)':
    () => MediaDevices.prototype.getUserMedia.call(navigator.mediaDevices, { video: true }),
  'Reflect.apply on the prototype method':
    () => Reflect.apply(MediaDevices.prototype.getUserMedia, navigator.mediaDevices, [{ audio: true }]),
  'a reference cached by a later script': () => window.cached.call(navigator.mediaDevices, { video: true }),
  'a bound reference cached by a later script': () => window.cachedProto({ video: true }),
  // The shim's loops over its own decisions do not use the iterator a page can replace (put
  // back once the call settles, for the test's own evaluate calls).
  'after the page replaced the array iterator': () => {
    const original = Array.prototype[Symbol.iterator];
    Array.prototype[Symbol.iterator] = function* none() {};
    return navigator.mediaDevices.getUserMedia({ video: true }).finally(() => { Array.prototype[Symbol.iterator] = original; });
  },
  'after the page replaced the array iterator\'s next()': () => {
    const proto = Object.getPrototypeOf([][Symbol.iterator]());
    const original = proto.next;
    proto.next = () => ({ done: true, value: undefined });
    return navigator.mediaDevices.getUserMedia({ audio: true }).finally(() => { proto.next = original; });
  },
  'a getter-constraints object that says no video to a first reader': () => {
    let reads = 0;
    return navigator.mediaDevices.getUserMedia({ get video() { reads++; return reads > 1; }, audio: false });
  },
};

for (const [name, attempt] of Object.entries(techniques)) {
  test(`denied: ${name}`, async ({ page }) => {
    const result = await page.evaluate((src) => (0, eval)(`(${src})`)().then(() => 'allowed', (e) => e.name), attempt.toString());
    if (name.startsWith('a getter')) {
      // The shim read "no video" once and handed exactly that to the browser, which
      // refuses a request for nothing: no device is opened either way.
      expect(result).toBe('TypeError');
    } else {
      expect(result).toBe('NotAllowedError');
      expect(await nativeCalls(page)).toBe(0);
    }
  });
}

test('denied: legacy navigator.webkitGetUserMedia calls its error callback with NotAllowedError', async ({ page }) => {
  const result = await page.evaluate(() => new Promise((resolve) => {
    navigator.webkitGetUserMedia({ video: true }, () => resolve('allowed'), (e) => resolve(e.name));
  }));
  expect(result).toBe('NotAllowedError');
  expect(await nativeCalls(page)).toBe(0);
});

test('denied: legacy navigator.getUserMedia, where the browser has it', async ({ page }) => {
  const result = await page.evaluate(() => (typeof navigator.getUserMedia !== 'function' ? 'absent'
    : new Promise((resolve) => navigator.getUserMedia({ audio: true }, () => resolve('allowed'), (e) => resolve(e.name)))));
  expect(['NotAllowedError', 'absent']).toContain(result);
});

test('the legacy forms keep the browser\'s own argument errors', async ({ page }) => {
  const result = await page.evaluate(() => { try { navigator.webkitGetUserMedia({ video: true }); return 'no error'; } catch (e) { return e.name; } });
  expect(result).toBe('TypeError');
});

test.describe('wrappers look native', () => {
  const wrapped = [
    ['MediaDevices.prototype', 'getUserMedia'], ['MediaDevices.prototype', 'getDisplayMedia'],
    ['MediaDevices.prototype', 'enumerateDevices'], ['Navigator.prototype', 'webkitGetUserMedia'],
    ['MediaStreamTrack.prototype', 'clone'], ['MediaStream.prototype', 'clone'], ['Function.prototype', 'toString'],
    ['SpeechRecognition.prototype', 'start'],
  ];

  test('navigator.mediaDevices.getUserMedia.toString() reports native code', async ({ page }) => {
    expect(await page.evaluate(() => navigator.mediaDevices.getUserMedia.toString())).toBe('function getUserMedia() { [native code] }');
    expect(await page.evaluate(() => Function.prototype.toString.call(navigator.mediaDevices.getUserMedia)))
      .toBe('function getUserMedia() { [native code] }');
    expect(await page.evaluate(() => Function.prototype.toString.toString())).toBe('function toString() { [native code] }');
    expect(await page.evaluate(() => `${navigator.mediaDevices.enumerateDevices}`)).toBe('function enumerateDevices() { [native code] }');
  });

  // Measured on the natives by an init script (before the shim), and on the wrappers after.
  const SHAPES = (list) => {
    const at = (path) => path.split('.').reduce((o, k) => o[k], window);
    return list.map(([owner, name]) => {
      const d = Object.getOwnPropertyDescriptor(at(owner), name);
      const fn = d.value;
      let constructible = true;
      try { Reflect.construct(String, [], fn); } catch { constructible = false; }
      return { name: `${owner}.${name}`, writable: d.writable, enumerable: d.enumerable, configurable: d.configurable,
        fnName: fn.name, length: fn.length, constructible, hasPrototype: 'prototype' in fn,
        own: Object.getOwnPropertyNames(fn).sort().join(','), realm: Object.getPrototypeOf(fn) === Function.prototype };
    });
  };

  test('every wrapper matches the native: descriptor shape, name, length, not constructible, no prototype, same realm', async ({ page, serve }) => {
    await page.addInitScript(({ list, shapes }) => { window.pristineShapes = (0, eval)(`(${shapes})`)(list); }, { list: wrapped, shapes: SHAPES.toString() });
    await page.goto(serve('/shapes.html', shimPage()));
    const { pristine, shim } = await page.evaluate(({ list, shapes }) => ({ pristine: window.pristineShapes, shim: (0, eval)(`(${shapes})`)(list) }),
      { list: wrapped, shapes: SHAPES.toString() });
    expect(shim).toEqual(pristine);
  });

  test('Function.prototype.toString keeps its TypeError on a non-function receiver', async ({ page }) => {
    expect(await page.evaluate(() => { try { Function.prototype.toString.call({}); return 'no error'; } catch (e) { return e.name; } }))
      .toBe('TypeError');
  });

  test('new on a wrapper throws TypeError like the native', async ({ page }) => {
    expect(await page.evaluate(() => { try { new navigator.mediaDevices.getUserMedia({}); return 'constructed'; } catch (e) { return e.name; } }))
      .toBe('TypeError');
  });
});


// Ways around the shim through the other surfaces and realms: each runs in a page armed with
// the telemetry bundle before any consent, and asserts the protected value or the denial.
const ATTACK_MANIFEST = withSdk({
  endpoints: [{ match: 'https://log.rtc-sdk.test/form', purpose: 'diagnostics', format: 'form' },
    { match: 'https://log.rtc-sdk.test/*', purpose: 'diagnostics', format: 'json' }],
  storage: [{ key: 'RTC_DEVICE_ID', purpose: 'call' }],
});
const UUID = '3f2a9c0d-1b2e-4c5d-8e9f-0a1b2c3d4e5f';
// Chrome writes a fixed `o=- … IN IP4 127.0.0.1` origin line in every SDP: not an address of
// the machine, so the SDP checks leave that line out.
const withoutOrigin = (sdp) => sdp.replace(/^o=.*$/gm, '');
const PRIVATE_IP = /\b(10\.\d+\.\d+\.\d+|192\.0\.2\.\d+|100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|127\.\d+\.\d+\.\d+|169\.254\.\d+\.\d+|f[cd][0-9a-f]{2}:[0-9a-f:]+|fe80:[0-9a-f:]+)\b/i;

test.describe('other surfaces and realms', () => {
  let leaked;
  let posted;  // the bodies of what left, for the tests that grant consent
  test.beforeEach(async ({ page, serve }) => {
    leaked = [];
    posted = [];
    await page.route(/^https:\/\/log\.rtc-sdk\.test\//, (route) => {
      leaked.push(route.request().url());
      posted.push(route.request().postData());
      return route.fulfill({ status: 200, body: 'ok', headers: { 'access-control-allow-origin': '*' } });
    });
    await page.goto(serve('/attack.html', shimPage({ manifest: ATTACK_MANIFEST, shim: '/dist/rtc-privacy-shim-telemetry.js' })));
  });
  const userAgent = (page) => page.evaluate(() => navigator.userAgent);
  const frame = `const f = document.createElement('iframe'); document.body.append(f); const w = f.contentWindow;`;

  test('a same-origin iframe\'s getUserMedia (createElement, then contentWindow) is denied', async ({ page }) => {
    expect(await page.evaluate(`(async () => { ${frame} return w.navigator.mediaDevices.getUserMedia({ video: true }).then(() => 'allowed', (e) => e.name); })()`))
      .toBe('NotAllowedError');
  });

  test('an iframe inserted with innerHTML and reached through window[0] reads the generalized user agent', async ({ page }) => {
    const ua = await userAgent(page);
    expect(await page.evaluate(() => { document.body.innerHTML += '<iframe></iframe>'; return window[0].navigator.userAgent; })).toBe(ua);
  });

  test('a script inside a srcdoc iframe reads the generalized user agent', async ({ page }) => {
    const ua = await userAgent(page);
    const inner = await page.evaluate(() => new Promise((resolve) => {
      window.addEventListener('message', (e) => resolve(e.data), { once: true });
      const f = document.createElement('iframe');
      f.srcdoc = '<script>parent.postMessage(navigator.userAgent, "*")<\/script>';
      document.body.append(f);
    }));
    expect(inner).toBe(ua);
  });

  test('a window from window.open(\'about:blank\') denies the camera', async ({ page }) => {
    expect(await page.evaluate(() => { const w = window.open('about:blank'); return w.navigator.mediaDevices.getUserMedia({ audio: true }).then(() => 'allowed', (e) => e.name); }))
      .toBe('NotAllowedError');
  });

  test('a blob Worker sees the generalized user agent and its fetch to a declared endpoint is dropped', async ({ page }) => {
    const ua = await userAgent(page);
    const fromWorker = await page.evaluate(() => new Promise((resolve) => {
      const src = 'fetch("https://log.rtc-sdk.test/w", { method: "POST", body: "{}" }).then((r) => postMessage([navigator.userAgent, r.status]), (e) => postMessage([navigator.userAgent, String(e)]));';
      const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
      w.onmessage = (e) => resolve(e.data);
    }));
    expect(fromWorker[0]).toBe(ua);
    expect(leaked).toEqual([]);
  });

  test('the prototype getter of navigator.userAgent, called directly, answers the generalized value', async ({ page }) => {
    const ua = await userAgent(page);
    expect(await page.evaluate(() => Object.getOwnPropertyDescriptor(Navigator.prototype, 'userAgent').get.call(navigator))).toBe(ua);
  });

  test('another realm\'s Navigator getter applied to this navigator answers the generalized value', async ({ page }) => {
    const ua = await userAgent(page);
    expect(await page.evaluate(`(() => { ${frame} return Object.getOwnPropertyDescriptor(w.Navigator.prototype, 'userAgent').get.call(navigator); })()`)).toBe(ua);
  });

  test('getHighEntropyValues gives no full version or platform version beyond the major', async ({ page }) => {
    const hints = await page.evaluate(() => (navigator.userAgentData
      ? navigator.userAgentData.getHighEntropyValues(['fullVersionList', 'uaFullVersion', 'platformVersion', 'model']) : null));
    test.skip(hints === null, 'no userAgentData in this browser');
    for (const { version } of hints.fullVersionList || []) expect(version).toMatch(/^\d+\.0\.0\.0$/);
    if (hints.uaFullVersion !== undefined) expect(hints.uaFullVersion).toMatch(/^\d+\.0\.0\.0$/);
    expect(hints.model || '').toBe('');
  });

  test('WebGL: the unmasked renderer is unreachable with or without the debug extension', async ({ page }) => {
    const r = await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl') || null;
      if (!gl) return null;
      return { ext: gl.getExtension('WEBGL_debug_renderer_info'), direct: gl.getParameter(0x9246), listed: gl.getSupportedExtensions().includes('WEBGL_debug_renderer_info') };
    });
    test.skip(r === null, 'no WebGL in this browser');
    expect(r).toEqual({ ext: null, direct: null, listed: false });
  });

  test('WebGL2 through an OffscreenCanvas hides the renderer too', async ({ page }) => {
    const r = await page.evaluate(() => {
      const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
      if (!gl) return null;
      return [gl.getExtension('WEBGL_debug_renderer_info'), gl.getParameter(0x9245), gl.getParameter(0x9246)];
    });
    test.skip(r === null, 'no WebGL2 in this browser');
    expect(r).toEqual([null, null, null]);
  });

  test('document.cookie written through the prototype setter leaves no cookie', async ({ page }) => {
    await page.evaluate(() => Object.getOwnPropertyDescriptor(Document.prototype, 'cookie').set.call(document, 'sid=abc123'));
    expect(await page.context().cookies()).toEqual([]);
  });

  test('a named-property write (localStorage.RTC_DEVICE_ID = …) stays off the device', async ({ page }) => {
    const inPage = await page.evaluate((id) => { localStorage.RTC_DEVICE_ID = id; localStorage['sdk_uid'] = id; return [localStorage.RTC_DEVICE_ID, localStorage.getItem('sdk_uid')]; }, UUID);
    expect(inPage).toEqual([UUID, UUID]);
    await page.reload();
    expect(await page.evaluate(() => [localStorage.getItem('RTC_DEVICE_ID'), localStorage.getItem('sdk_uid'), Object.keys(localStorage)])).toEqual([null, null, []]);
  });

  test('an iframe\'s localStorage keeps an identifier off the device', async ({ page }) => {
    await page.evaluate(`(() => { ${frame} w.localStorage.setItem('sdk_device', '${UUID}'); })()`);
    await page.reload();
    expect(await page.evaluate(() => localStorage.getItem('sdk_device'))).toBe(null);
  });

  test('an image beacon to a declared endpoint is dropped before consent', async ({ page }) => {
    await page.evaluate(() => new Promise((resolve) => { const img = new Image(); img.onload = img.onerror = resolve; img.src = 'https://log.rtc-sdk.test/p.gif?uid=42'; }));
    expect(leaked).toEqual([]);
  });

  test('an iframe\'s fetch to a declared endpoint is dropped before consent', async ({ page }) => {
    const status = await page.evaluate(`(async () => { ${frame} return (await w.fetch('https://log.rtc-sdk.test/f', { method: 'POST', body: '{}' })).status; })()`);
    expect(status).toBe(204);
    expect(leaked).toEqual([]);
  });

  test('an RTCPeerConnection from an iframe\'s constructor shows no private address in SDP or candidates', async ({ page }) => {
    const seen = await page.evaluate(`(async () => {
      await navigator.mediaDevices.getUserMedia({ audio: true }).catch(() => {});
      ${frame}
      const pc = new w.RTCPeerConnection();
      const lines = [];
      pc.onicecandidate = (e) => { if (e.candidate) lines.push(e.candidate.candidate); };
      pc.createDataChannel('x');
      await pc.setLocalDescription(await pc.createOffer());
      await new Promise((r) => { const t = setInterval(() => { if (pc.iceGatheringState === 'complete') { clearInterval(t); r(); } }, 50); setTimeout(r, 3000); });
      return lines.join('\\n') + '\\n' + pc.localDescription.sdp;
    })()`);
    expect(withoutOrigin(seen)).not.toMatch(PRIVATE_IP);
  });

  test('the legacy callback form of createOffer gives filtered SDP', async ({ page }) => {
    const sdp = await page.evaluate(async () => {
      const pc = new RTCPeerConnection();
      pc.createDataChannel('x');
      await pc.setLocalDescription(await pc.createOffer());
      await new Promise((r) => setTimeout(r, 1500));
      return new Promise((resolve) => pc.createOffer((offer) => resolve(offer.sdp + pc.localDescription.sdp), () => resolve('error')));
    });
    expect(withoutOrigin(sdp)).not.toMatch(PRIVATE_IP);
  });

  test('getStats candidate entries carry no private address', async ({ page }) => {
    const stats = await page.evaluate(async () => {
      const a = new RTCPeerConnection();
      const b = new RTCPeerConnection();
      a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
      b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
      a.createDataChannel('x');
      await a.setLocalDescription(await a.createOffer());
      await b.setRemoteDescription(a.localDescription);
      await b.setLocalDescription(await b.createAnswer());
      await a.setRemoteDescription(b.localDescription);
      await new Promise((r) => setTimeout(r, 2000));
      const out = [];
      (await a.getStats()).forEach((s) => out.push(JSON.stringify(s)));
      return out.join('\n');
    });
    expect(stats).not.toMatch(PRIVATE_IP);
  });

  test('geolocation.watchPosition before consent gets PERMISSION_DENIED', async ({ page }) => {
    expect(await page.evaluate(() => new Promise((resolve) => navigator.geolocation.watchPosition(() => resolve('position'), (e) => resolve(e.code)))))
      .toBe(1);
  });

  test('clipboard.readText from an iframe without consent or a user gesture is refused', async ({ page }) => {
    expect(await page.evaluate(`(async () => { ${frame} return w.navigator.clipboard.readText().then(() => 'read', (e) => e.name); })()`))
      .toBe('NotAllowedError');
  });

  test('the legacy callback form of Notification.requestPermission answers denied', async ({ page }) => {
    expect(await page.evaluate(() => new Promise((resolve) => Notification.requestPermission(resolve)))).toBe('denied');
  });

  test('an ondevicemotion handler set through the window property never fires', async ({ page }) => {
    expect(await page.evaluate(() => {
      let fired = 0;
      window.ondevicemotion = () => { fired++; };
      window.addEventListener('deviceorientation', () => { fired++; });
      window.dispatchEvent(new DeviceMotionEvent('devicemotion'));
      window.dispatchEvent(new DeviceOrientationEvent('deviceorientation'));
      return fired;
    })).toBe(0);
  });

  test('permissions.query reports the shim\'s denial for the camera and geolocation', async ({ page }) => {
    expect(await page.evaluate(async () => [(await navigator.permissions.query({ name: 'camera' })).state,
      (await navigator.permissions.query({ name: 'geolocation' })).state])).toEqual(['denied', 'denied']);
  });

  // Built-ins the page (or a worker's script) replaced after the shim armed: every decision
  // and every answer of the engine reaches its use without going through them.
  const PAYLOAD = '{"event":"join","email":"alice@example.com"}';
  const REDACTED = '{"event":"join","email":"[EMAIL]"}';
  const grant = (page, purpose) => page.evaluate((p) => RtcPrivacyShim.current.consent.grant(p), purpose);
  // Runs `src` in a new blob worker; resolves with what it posts first.
  const inWorker = (page, src) => page.evaluate((source) => new Promise((resolve) => {
    const w = new Worker(URL.createObjectURL(new Blob([source])));
    w.onmessage = (e) => resolve(e.data);
    w.onerror = (e) => resolve(`error ${e.message}`);
  }), src);
  const workerFetch = `fetch('https://log.rtc-sdk.test/w', { method: 'POST', body: ${JSON.stringify(PAYLOAD)} })
    .then((r) => postMessage(r.status), (e) => postMessage(String(e)));`;

  test('with consent, an Object.prototype.then that answers for the engine cannot send a fetch body unredacted', async ({ page }) => {
    await grant(page, 'diagnostics');
    const status = await page.evaluate(async (body) => {
      // Every object the shim resolved a promise with that looks like the engine's answer
      // would come back holding the raw body.
      Object.defineProperty(Object.prototype, 'then', { configurable: true, get() {
        return Object.prototype.hasOwnProperty.call(this, 'dropped') ? (ok) => ok({ url: this.url, body }) : undefined;
      } });
      try {
        return (await fetch('https://log.rtc-sdk.test/f', { method: 'POST', body })).status;
      } finally {
        delete Object.prototype.then;
      }
    }, PAYLOAD);
    expect(status).toBe(200);
    expect(posted).toEqual([REDACTED]);
  });

  test('a worker whose script gives Object.prototype a `pass`, or a `then` that answers "pass", still has its fetch dropped', async ({ page }) => {
    expect(await inWorker(page, `Object.prototype.pass = true; ${workerFetch}`)).toBe(204);
    expect(await inWorker(page, `Object.defineProperty(Object.prototype, 'then', { get() {
      return Object.prototype.hasOwnProperty.call(this, 'send') ? (ok) => ok({ pass: true }) : undefined; } }); ${workerFetch}`)).toBe(204);
    expect(leaked).toEqual([]);
  });

  test('the page\'s Object.prototype.then cannot answer a worker\'s question in the engine\'s place', async ({ page }) => {
    await page.evaluate(() => Object.defineProperty(Object.prototype, 'then', { configurable: true, get() {
      return Object.prototype.hasOwnProperty.call(this, 'send') ? (ok) => ok({ pass: true }) : undefined;
    } }));
    expect(await inWorker(page, workerFetch)).toBe(204);
    expect(leaked).toEqual([]);
  });

  test('a setter or a toJSON on Object.prototype cannot give a worker the browser\'s own user agent', async ({ page }) => {
    const ua = await userAgent(page);
    const seen = await page.evaluate(async () => {
      const ask = () => new Promise((resolve) => {
        const w = new Worker(URL.createObjectURL(new Blob(['postMessage(navigator.userAgent)'])));
        w.onmessage = (e) => resolve(e.data);
        w.onerror = (e) => resolve(`error ${e.message}`);
      });
      // The page's answers never reach the worker's config: setters take them (one answer,
      // or all of navigator's).
      Object.defineProperty(Object.prototype, 'userAgent', { configurable: true, set() {} });
      const setter = await ask();
      delete Object.prototype.userAgent;
      Object.defineProperty(Object.prototype, 'navigator', { configurable: true, set() {} });
      const groupSetter = await ask();
      delete Object.prototype.navigator;
      // The config is serialized without its answers.
      Object.prototype.toJSON = function toJSON(key) { return key === '' && this.control ? { ...this, answers: {} } : this; };
      const toJSON = await ask();
      delete Object.prototype.toJSON;
      return [setter, groupSetter, toJSON];
    });
    expect(seen).toEqual([ua, ua, ua]);
  });

  test('with consent, a replaced URLSearchParams or FormData iterator cannot put raw values into a form body', async ({ page }) => {
    await grant(page, 'diagnostics');
    await page.evaluate(() => new Promise((resolve) => {
      URLSearchParams.prototype[Symbol.iterator] = function* entries() { yield ['email', 'alice@example.com']; };
      const form = new FormData();
      form.append('email', 'alice@example.com');
      const xhr = new XMLHttpRequest();
      xhr.onloadend = resolve;
      xhr.open('POST', 'https://log.rtc-sdk.test/form');
      xhr.send(form);
    }));
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain('[EMAIL]');
    expect(posted[0]).not.toContain('alice');
    // A form with a file cannot be redacted: it is dropped, whatever the page's FormData
    // iterator says it holds.
    await page.evaluate(() => new Promise((resolve) => {
      FormData.prototype[Symbol.iterator] = function* entries() { yield ['note', 'text only']; };
      const form = new FormData();
      form.append('log', new File(['alice@example.com'], 'log.txt'));
      const xhr = new XMLHttpRequest();
      xhr.onloadend = resolve;
      xhr.open('POST', 'https://log.rtc-sdk.test/form');
      xhr.send(form);
    }));
    expect(posted).toHaveLength(1);
  });

  test('a replaced array or Set iterator cannot keep the camera running once consent is withdrawn, nor after its scope', async ({ page }) => {
    await grant(page, 'call');
    const states = await page.evaluate(async () => {
      const shim = RtcPrivacyShim.current;
      const arrayIterator = Object.getPrototypeOf([][Symbol.iterator]());
      const setIterator = Object.getPrototypeOf(new Set().values());
      const replaced = [[Array.prototype, Symbol.iterator], [arrayIterator, 'next'], [Set.prototype, Symbol.iterator],
        [Set.prototype, 'values'], [setIterator, 'next'], [Set.prototype, 'add'], [Set.prototype, 'delete']];
      const saved = replaced.map((entry) => entry[0][entry[1]]);
      // Index loops and no destructuring here: the test's own code must not use what it replaces.
      const replace = () => {
        for (let i = 0; i < replaced.length; i++) {
          replaced[i][0][replaced[i][1]] = replaced[i][1] === 'next' ? () => ({ done: true, value: undefined }) : function* none() {};
        }
      };
      const restore = () => { for (let i = 0; i < replaced.length; i++) replaced[i][0][replaced[i][1]] = saved[i]; };
      let scoped;
      replace();
      try {
        await shim.scope('call', async () => { scoped = (await navigator.mediaDevices.getUserMedia({ audio: true })).getTracks()[0]; });
      } finally {
        restore();
      }
      const track = (await navigator.mediaDevices.getUserMedia({ video: true })).getTracks()[0];
      replace();
      try {
        shim.consent.revoke('call');
      } finally {
        restore();
      }
      return [scoped.readyState, track.readyState, shim.consent.state().call];
    });
    expect(states).toEqual(['ended', 'ended', 'denied']);
  });

  test('before consent, enumerateDevices lists one entry per kind after the page replaced Set.prototype.has', async ({ page }) => {
    const counts = await page.evaluate(async () => {
      const kinds = new Set((await navigator.mediaDevices.enumerateDevices()).map((d) => d.kind)).size;
      Set.prototype.has = () => false;
      return [kinds, (await navigator.mediaDevices.enumerateDevices()).length];
    });
    expect(counts[1]).toBe(counts[0]);
  });

  test('a declared key defined with a descriptor that has no value stays off the device', async ({ page }) => {
    await page.evaluate(() => {
      Object.defineProperty(localStorage, 'RTC_DEVICE_ID', { enumerable: true });
      Object.defineProperty(sessionStorage, 'RTC_DEVICE_ID', { writable: true });
    });
    expect(await page.evaluate(() => [localStorage.RTC_DEVICE_ID, sessionStorage.RTC_DEVICE_ID])).toEqual(['undefined', 'undefined']);
    await page.reload();
    expect(await page.evaluate(() => [localStorage.getItem('RTC_DEVICE_ID'), sessionStorage.getItem('RTC_DEVICE_ID')])).toEqual([null, null]);
  });

  test('Function.prototype.toString from another realm reports native code for a wrapper', async ({ page }) => {
    expect(await page.evaluate(`(() => { ${frame} return [w.Function.prototype.toString.call(navigator.mediaDevices.getUserMedia),
      w.Function.prototype.toString.call(Object.getOwnPropertyDescriptor(Navigator.prototype, 'userAgent').get)]; })()`))
      .toEqual(['function getUserMedia() { [native code] }', 'function get userAgent() { [native code] }']);
  });
});
