// Location, clipboard reads, notifications, motion sensors and navigator.permissions.query
// behind the shim.
import { test, expect, shimPage, MANIFEST } from './fixtures.mjs';
import { grant, revoke, sharedReaderScript } from './helpers.mjs';

const [vertc] = MANIFEST.sdks;
// location under "share", clipboard under "call", notifications and sensors under "diagnostics".
const manifestWith = (location = { surface: 'location', purpose: 'share' }) => ({
  ...MANIFEST,
  sdks: [{
    ...vertc,
    permissions: [...vertc.permissions, location,
      { surface: 'clipboard', purpose: 'call' },
      { surface: 'notifications', purpose: 'diagnostics' },
      { surface: 'sensors', purpose: 'diagnostics' }],
  }],
});
const PERMISSIONS = manifestWith();
const PRECISE = manifestWith({ surface: 'location', purpose: 'share', precision: 'precise' });

// Counts the calls that reach the browser. An init script, so it runs before the shim
// captures anything: it sees only what the shim lets through.
const COUNT_NATIVE = () => {
  const calls = {};
  window.__native = calls;
  const count = (target, name) => {
    const original = target && target[name];
    if (typeof original !== 'function') return;
    calls[name] = 0;
    Object.defineProperty(target, name, {
      value: { [name](...args) { calls[name]++; return original.apply(this, args); } }[name],
      writable: true, configurable: true,
    });
  };
  count(Geolocation.prototype, 'getCurrentPosition');
  count(Geolocation.prototype, 'watchPosition');
  count(Geolocation.prototype, 'clearWatch');
  count(Clipboard.prototype, 'readText');
  count(Clipboard.prototype, 'read');
  count(Notification, 'requestPermission');
  calls.Notification = 0;
  window.Notification = new Proxy(Notification, {
    construct(target, args, newTarget) { calls.Notification++; return Reflect.construct(target, args, newTarget); },
  });
};

const PARIS = { latitude: 48.858370, longitude: 2.294481, accuracy: 12 };

async function open(page, serve, { manifest = PERMISSIONS, body = '' } = {}) {
  await page.addInitScript(COUNT_NATIVE);
  await page.goto(serve('/p.html', shimPage({ manifest, body })));
}
const native = (page) => page.evaluate(() => window.__native);
const ledger = (page) => page.evaluate(() => RtcPrivacyShim.current.ledger.entries().map((e) => `${e.surface}:${e.action}`));

// One getCurrentPosition, as a plain object the test can compare.
const currentPosition = () => new Promise((resolve) => {
  // What the prototype's getter answers for the object (the error's name if it throws).
  const viaGetter = (proto, name, object) => {
    try {
      return Object.getOwnPropertyDescriptor(proto, name).get.call(object);
    } catch (e) {
      return e.name;
    }
  };
  navigator.geolocation.getCurrentPosition((p) => resolve({
    ok: true,
    coords: {
      latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy: p.coords.accuracy,
      altitude: p.coords.altitude, altitudeAccuracy: p.coords.altitudeAccuracy, heading: p.coords.heading, speed: p.coords.speed,
    },
    isPosition: p instanceof GeolocationPosition,
    isCoords: p.coords instanceof GeolocationCoordinates,
    // As the browser's: no own property, the prototype's getters answer for it.
    ownKeys: Reflect.ownKeys(p).length + Reflect.ownKeys(p.coords).length,
    viaPrototype: viaGetter(GeolocationCoordinates.prototype, 'latitude', p.coords) === p.coords.latitude
      && viaGetter(GeolocationPosition.prototype, 'coords', p) === p.coords,
    json: JSON.parse(JSON.stringify(p)),
    timestamp: typeof p.timestamp,
  }), (e) => resolve({
    ok: false, code: e.code, message: e.message, isError: e instanceof GeolocationPositionError,
    deniedConstant: e.PERMISSION_DENIED, tag: Object.prototype.toString.call(e), ownKeys: Reflect.ownKeys(e).length,
    viaPrototype: viaGetter(GeolocationPositionError.prototype, 'code', e),
  }));
});

// Metres between two points a short way apart.
const metres = (a, b) => {
  const rad = Math.PI / 180;
  const dx = (b.longitude - a.longitude) * rad * Math.cos(((a.latitude + b.latitude) / 2) * rad);
  return 6371008.8 * Math.hypot(dx, (b.latitude - a.latitude) * rad);
};

test.describe('geolocation', () => {
  test.beforeEach(async ({ context }) => {
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation(PARIS);
  });

  test('before consent: the error callback gets PERMISSION_DENIED and the device is never asked', async ({ page, serve }) => {
    await open(page, serve);
    expect(await page.evaluate(currentPosition)).toEqual({
      ok: false, code: 1, message: 'User denied Geolocation', isError: true, deniedConstant: 1,
      tag: '[object GeolocationPositionError]', ownKeys: 0, viaPrototype: 1,
    });
    const watch = await page.evaluate(() => new Promise((resolve) => {
      const id = navigator.geolocation.watchPosition(() => resolve('position'), (e) => resolve({ id, code: e.code }));
    }));
    expect(watch).toEqual({ id: 1, code: 1 });
    expect(await native(page)).toMatchObject({ getCurrentPosition: 0, watchPosition: 0 });
    expect(await ledger(page)).toEqual(['location:deny', 'location:deny']);
  });

  test('with consent: a position to about 1 km, the same for the same place, never the real one', async ({ page, serve }) => {
    await open(page, serve);
    await grant(page, 'share');
    const first = await page.evaluate(currentPosition);
    expect(first).toMatchObject({ ok: true, isPosition: true, isCoords: true, ownKeys: 0, viaPrototype: true, timestamp: 'number' });
    const { coords } = first;
    expect(coords.latitude).not.toBe(PARIS.latitude);
    expect(coords.longitude).not.toBe(PARIS.longitude);
    expect(metres(coords, PARIS)).toBeLessThan(coords.accuracy);
    expect(metres(coords, PARIS)).toBeGreaterThan(50);
    expect(coords.accuracy).toBeGreaterThanOrEqual(1000);
    expect(coords).toMatchObject({ altitude: null, altitudeAccuracy: null, heading: null, speed: null });
    // toJSON answers like the browser's, with the coarse values.
    expect(first.json).toEqual({ coords, timestamp: first.json.timestamp });
    // A few metres away, in the same cell: the same answer.
    await page.context().setGeolocation({ latitude: PARIS.latitude + 0.0001, longitude: PARIS.longitude + 0.0001, accuracy: 5 });
    const second = await page.evaluate(currentPosition);
    expect(second.coords).toEqual(coords);
    expect(await native(page)).toMatchObject({ getCurrentPosition: 2 });
    expect(await ledger(page)).toEqual(['location:generalize', 'location:generalize']);
  });

  test('a fix that is not a position on Earth, or whose reads throw, is POSITION_UNAVAILABLE: nothing of it reaches the page', async ({ page, serve }) => {
    // Before the shim captures them, the getters it reads answer what window.__bend says.
    await page.addInitScript(() => {
      window.__bend = {};
      for (const [proto, name] of [[GeolocationCoordinates.prototype, 'latitude'], [GeolocationCoordinates.prototype, 'longitude'],
        [GeolocationCoordinates.prototype, 'accuracy'], [GeolocationPosition.prototype, 'timestamp']]) {
        const { get } = Object.getOwnPropertyDescriptor(proto, name);
        Object.defineProperty(proto, name, {
          get() {
            if (!(name in window.__bend)) return get.call(this);
            if (window.__bend[name] === 'throw') throw new Error(`${name} unreadable`);
            return window.__bend[name];
          },
          configurable: true,
        });
      }
    });
    await open(page, serve);
    await grant(page, 'share');
    const answer = (bend) => page.evaluate((b) => {
      window.__bend = b;
      // An exception out of the shim's callback would reach no callback of the page: caught here.
      return new Promise((resolve) => {
        addEventListener('error', (e) => resolve({ uncaught: e.message }), { once: true });
        navigator.geolocation.getCurrentPosition((p) => resolve({ position: p.coords.latitude }),
          (e) => resolve({ code: e.code, message: e.message }));
      });
    }, bend);
    const unavailable = { code: 2, message: 'Position unavailable' };
    for (const bend of [{ latitude: NaN }, { longitude: Infinity }, { accuracy: -Infinity }, { latitude: 90.5 },
      { longitude: -180.01 }, { accuracy: -1 }, { latitude: 'throw' }, { accuracy: 'throw' }, { timestamp: 'throw' }]) {
      expect(await answer(bend), `${Object.keys(bend)[0]}: ${Object.values(bend)[0]}`).toEqual(unavailable);
    }
    // The same reads, unbent: a coarse position.
    expect((await answer({})).position).toBeCloseTo(PARIS.latitude, 1);
  });

  test('precision "precise" in the manifest: the browser\'s own position', async ({ page, serve }) => {
    await open(page, serve, { manifest: PRECISE });
    await grant(page, 'share');
    const position = await page.evaluate(currentPosition);
    expect(position).toMatchObject({ ok: true, isPosition: true, ownKeys: 0, viaPrototype: true });
    expect(position.coords).toMatchObject({ latitude: PARIS.latitude, longitude: PARIS.longitude, accuracy: PARIS.accuracy });
    expect(await ledger(page)).toEqual(['location:allow']);
  });

  test('a revoke during a watch stops it: PERMISSION_DENIED, no more positions, cleared natively', async ({ page, serve }) => {
    await open(page, serve);
    await grant(page, 'share');
    await page.evaluate(() => {
      window.updates = [];
      window.firstUpdate = new Promise((resolve) => {
        window.watchError = new Promise((fail) => {
          window.watchId = navigator.geolocation.watchPosition((p) => { window.updates.push(p.coords.latitude); resolve(); },
            (e) => fail({ code: e.code, updates: window.updates.length }));
        });
      });
      return window.firstUpdate;
    });
    await revoke(page, 'share');
    await page.context().setGeolocation({ latitude: 40.7128, longitude: -74.006, accuracy: 10 });
    expect(await page.evaluate(() => window.watchError)).toEqual({ code: 1, updates: 1 });
    expect(await native(page)).toMatchObject({ watchPosition: 1, clearWatch: 1 });
    // The id the page holds is spent: clearing it again reaches nothing.
    await page.evaluate(() => navigator.geolocation.clearWatch(window.watchId));
    expect(await native(page)).toMatchObject({ clearWatch: 1 });
    expect(await ledger(page)).toEqual(['location:generalize', 'location:stop']);
  });

  test('clearWatch with the id the page got stops the native watch; bad callbacks throw like the browser', async ({ page, serve }) => {
    await open(page, serve);
    await grant(page, 'share');
    await page.evaluate(() => new Promise((resolve) => {
      const id = navigator.geolocation.watchPosition(() => { navigator.geolocation.clearWatch(id); resolve(); });
    }));
    expect(await native(page)).toMatchObject({ watchPosition: 1, clearWatch: 1 });
    const thrown = await page.evaluate(() => {
      try { navigator.geolocation.getCurrentPosition({}); return 'no throw'; } catch (e) { return `${e.constructor.name}: ${e.message}`; }
    });
    expect(thrown).toBe("TypeError: Failed to execute 'getCurrentPosition' on 'Geolocation': The callback provided as parameter 1 is not a function.");
    expect(await native(page)).toMatchObject({ getCurrentPosition: 0 });
  });
});

test.describe('clipboard', () => {
  test.beforeEach(async ({ context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  });

  // A button whose click reads the clipboard: a real user gesture (transient activation).
  const READER = '<button id="read">read</button><script>document.getElementById("read").onclick = () => {'
    + ' window.readResult = navigator.clipboard.readText().then((t) => ({ ok: true, text: t }), (e) => ({ ok: false, name: e.name, message: e.message, dom: e instanceof DOMException })); };</script>';

  test('before consent a read is refused even during a gesture, without reaching the clipboard', async ({ page, serve }) => {
    await open(page, serve, { body: READER });
    await page.evaluate(() => navigator.clipboard.writeText('secret copied by the user'));
    await page.click('#read');
    expect(await page.evaluate(() => window.readResult)).toEqual({ ok: false, name: 'NotAllowedError', message: 'Read permission denied.', dom: true });
    expect(await native(page)).toMatchObject({ readText: 0 });
    expect(await ledger(page)).toEqual(['clipboard:deny']);
  });

  test('with consent a read still needs a user gesture; during one it reaches the clipboard', async ({ page, serve }) => {
    // page.evaluate runs with a user gesture: the read without one is made by the page itself
    // while it loads, after a reload that restores the consent given before.
    const early = '<script>window.early = navigator.clipboard.readText().then(() => "read", (e) => e.name);</script>';
    await open(page, serve, { body: READER + early });
    await page.evaluate(() => navigator.clipboard.writeText('secret copied by the user'));
    await grant(page, 'call');
    await page.reload();
    expect(await page.evaluate(() => RtcPrivacyShim.current.consent.state().call)).toBe('granted');
    expect(await page.evaluate(() => window.early)).toBe('NotAllowedError');
    expect(await native(page)).toMatchObject({ readText: 0 });
    const entry = (await page.evaluate(() => RtcPrivacyShim.current.ledger.entries())).at(-1);
    expect(entry).toMatchObject({ surface: 'clipboard', action: 'deny', purpose: 'call', reason: 'a clipboard read needs a user gesture (no transient user activation)' });
    await page.click('#read');
    expect(await page.evaluate(() => window.readResult)).toEqual({ ok: true, text: 'secret copied by the user' });
    expect(await native(page)).toMatchObject({ readText: 1 });
  });
});

test.describe('notifications', () => {
  test.beforeEach(async ({ context }) => {
    // The browser would say yes: only the shim stands in the way.
    await context.grantPermissions(['notifications']);
  });

  test('before consent: requestPermission answers "denied" in both forms, permission reads "denied", no prompt', async ({ page, serve }) => {
    await open(page, serve);
    const answers = await page.evaluate(async () => {
      const promised = await Notification.requestPermission();
      const called = await new Promise((resolve) => { Notification.requestPermission(resolve); });
      return { promised, called, permission: Notification.permission };
    });
    expect(answers).toEqual({ promised: 'denied', called: 'denied', permission: 'denied' });
    expect(await native(page)).toMatchObject({ requestPermission: 0 });
    await grant(page, 'diagnostics');
    expect(await page.evaluate(() => Notification.permission)).toBe('granted');
    expect(await page.evaluate(() => Notification.requestPermission())).toBe('granted');
    expect(await native(page)).toMatchObject({ requestPermission: 1 });
  });

  test('new Notification before consent: no exception, nothing shown, an error event as Chrome fires it', async ({ page, serve }) => {
    await open(page, serve);
    const result = await page.evaluate(async () => {
      const n = new Notification('Call from Alice', { body: 'Tap to answer', tag: 'call', requireInteraction: true, data: { id: 7 } });
      const viaHandler = new Promise((resolve) => { n.onerror = (e) => resolve({ type: e.type, self: e.target === n }); });
      const viaListener = new Promise((resolve) => n.addEventListener('error', (e) => resolve(e.type)));
      n.close();
      return {
        isNotification: n instanceof Notification,
        tag: Object.prototype.toString.call(n),
        ownKeys: Object.getOwnPropertyNames(n).length,
        fields: { title: n.title, body: n.body, tag: n.tag, dir: n.dir, requireInteraction: n.requireInteraction, silent: n.silent, data: n.data, actions: n.actions },
        handlerSet: typeof n.onerror,
        timestamp: typeof n.timestamp,
        handler: await viaHandler,
        listener: await viaListener,
      };
    });
    expect(result).toEqual({
      isNotification: true, tag: '[object Notification]', ownKeys: 0,
      fields: { title: 'Call from Alice', body: 'Tap to answer', tag: 'call', dir: 'auto', requireInteraction: true, silent: false, data: { id: 7 }, actions: [] },
      handlerSet: 'function', timestamp: 'number', handler: { type: 'error', self: true }, listener: 'error',
    });
    expect(await native(page)).toMatchObject({ Notification: 0 });
    expect(await ledger(page)).toEqual(['notifications:deny']);
  });

  test('new Notification before consent reads and converts its arguments as the browser does: the same reads, errors and values', async ({ page, serve }) => {
    await open(page, serve);
    const probe = () => {
      const attempt = (args) => {
        try {
          new Notification(...args).close();
          return 'made';
        } catch (e) {
          return `${e.constructor.name}: ${e.message}`;
        }
      };
      const reads = [];
      attempt(['x', new Proxy({}, { get(target, key) { reads.push(String(key)); return undefined; } })]);
      const names = ['title', 'dir', 'lang', 'body', 'tag', 'badge', 'image', 'renotify', 'silent', 'requireInteraction', 'data', 'timestamp', 'actions', 'vibrate'];
      const given = new Notification({ toString: () => 'Call' }, {
        body: 'b', tag: 't', lang: 'en', dir: 'rtl', renotify: 1, requireInteraction: {}, silent: 0, timestamp: 12.9, data: { id: 7 },
      });
      given.close();
      const empty = new Notification('e');
      empty.close();
      return {
        reads,
        given: Object.fromEntries(names.map((name) => [name, given[name]])),
        empty: Object.fromEntries(names.filter((name) => name !== 'timestamp').map((name) => [name, empty[name]])),
        refused: [
          [Symbol('title')], ['x', 5], ['x', 'options'], ['x', true], ['x', { body: Symbol('b') }], ['x', { dir: 'up' }],
          ['x', { timestamp: Symbol('t') }], ['x', { renotify: true }], ['x', { get lang() { throw new RangeError('from the page'); } }],
        ].map(attempt),
        accepted: [['x', null], ['x', undefined], ['x', () => {}], ['x', { timestamp: NaN, dir: 'ltr', renotify: true, tag: 'x' }]].map(attempt),
      };
    };
    const standIn = await page.evaluate(probe);
    expect(await native(page)).toMatchObject({ Notification: 0 });
    await grant(page, 'diagnostics');
    const browsers = await page.evaluate(probe);
    expect(await native(page)).not.toMatchObject({ Notification: 0 });
    expect(standIn).toEqual(browsers);
  });

  test('with consent new Notification is the browser\'s', async ({ page, serve }) => {
    await open(page, serve);
    await grant(page, 'diagnostics');
    expect(await page.evaluate(() => {
      const n = new Notification('hello');
      n.close();
      return n.title;
    })).toBe('hello');
    expect(await native(page)).toMatchObject({ Notification: 1 });
    expect(await ledger(page)).toEqual(['notifications:allow']);
  });

  test('the wrapper stays a constructor that looks native: subclasses, statics, prototype, source', async ({ page, serve }) => {
    // No counting init script here: its Proxy would be what the shim wraps.
    await page.goto(serve('/p.html', shimPage({ manifest: PERMISSIONS })));
    await grant(page, 'diagnostics');
    const result = await page.evaluate(() => {
      const n = new Notification('hello');
      class Sub extends Notification {}
      const sub = new Sub('sub');
      let plainCall;
      try { Notification('x'); plainCall = 'no throw'; } catch (e) { plainCall = e.constructor.name; }
      n.close();
      sub.close();
      return {
        title: n.title, isNotification: n instanceof Notification, sub: sub instanceof Sub && sub instanceof Notification,
        constructor: Notification.prototype.constructor === Notification, name: Notification.name, length: Notification.length,
        source: Function.prototype.toString.call(Notification), plainCall,
        statics: typeof Notification.requestPermission === 'function' && 'permission' in Notification,
      };
    });
    expect(result).toEqual({
      title: 'hello', isNotification: true, sub: true, constructor: true, name: 'Notification', length: 1,
      source: 'function Notification() { [native code] }', plainCall: 'TypeError', statics: true,
    });
  });
});

test.describe('motion sensors', () => {
  // Events the page can dispatch itself: they reach exactly the listeners that are registered.
  // Chrome fires a devicemotion of its own (all null: no sensor here) soon after the first
  // listener: `seen` is emptied first so that only these events count.
  const fire = () => {
    window.seen = [];
    window.dispatchEvent(new DeviceMotionEvent('devicemotion'));
    window.dispatchEvent(new DeviceOrientationEvent('deviceorientation'));
    return window.seen.slice();
  };
  const listen = () => {
    window.seen = [];
    window.onMotion = function (e) { window.seen.push(`listener:${e.type}:${this === window}`); };
    addEventListener('devicemotion', window.onMotion);
    window.addEventListener('deviceorientation', { handleEvent: (e) => window.seen.push(`object:${e.type}`) }, { capture: true });
    window.ondevicemotion = (e) => window.seen.push(`handler:${e.type}`);
    return { handler: window.ondevicemotion === null ? null : typeof window.ondevicemotion };
  };

  test('before consent no listener or handler is registered', async ({ page, serve }) => {
    await open(page, serve);
    expect(await page.evaluate(listen)).toEqual({ handler: null });
    expect(await page.evaluate(fire)).toEqual([]);
    expect(await ledger(page)).toEqual(['sensors:deny', 'sensors:deny', 'sensors:deny']);
  });

  test('with consent they are registered natively; removeEventListener and the handler getter work', async ({ page, serve }) => {
    await open(page, serve);
    await grant(page, 'diagnostics');
    expect(await page.evaluate(listen)).toEqual({ handler: 'function' });
    expect(await page.evaluate(fire)).toEqual(['listener:devicemotion:true', 'handler:devicemotion', 'object:deviceorientation']);
    const handlerIsPages = await page.evaluate(() => {
      removeEventListener('devicemotion', window.onMotion);
      return String(window.ondevicemotion).includes('handler:');
    });
    expect(handlerIsPages).toBe(true);
    expect(await page.evaluate(fire)).toEqual(['handler:devicemotion', 'object:deviceorientation']);
  });

  test('a revoke stops delivery at once: the next events reach nothing', async ({ page, serve }) => {
    await open(page, serve);
    await grant(page, 'diagnostics');
    await page.evaluate(listen);
    await revoke(page, 'diagnostics');
    expect(await page.evaluate(fire)).toEqual([]);
    expect(await page.evaluate(() => window.ondevicemotion)).toBe(null);
    await grant(page, 'diagnostics');
    // Removed for good: consent given again does not bring back what was stopped.
    expect(await page.evaluate(fire)).toEqual([]);
    expect((await ledger(page)).filter((e) => e === 'sensors:stop').length).toBe(3);
  });

  test('other event types go straight through; a type object is converted once', async ({ page, serve }) => {
    await open(page, serve);
    const result = await page.evaluate(() => {
      let conversions = 0;
      const type = { toString() { conversions++; return 'ping'; } };
      let pinged = 0;
      window.addEventListener(type, () => pinged++);
      window.dispatchEvent(new Event('ping'));
      return { conversions, pinged };
    });
    expect(result).toEqual({ conversions: 1, pinged: 1 });
    expect(await ledger(page)).toEqual([]);
  });

  test('a sensor listener on something that is no EventTarget throws the browser\'s TypeError, refused or not', async ({ page, serve }) => {
    await open(page, serve);
    const attempts = () => ['click', 'devicemotion', 'deviceorientation', 'deviceorientationabsolute'].map((type) => {
      try {
        EventTarget.prototype.addEventListener.call({}, type, () => {});
        return 'no throw';
      } catch (e) {
        return `${e.constructor.name}: ${e.message}`;
      }
    });
    const refused = await page.evaluate(attempts);
    expect(refused[0]).toMatch(/^TypeError: /);
    expect(refused).toEqual(refused.map(() => refused[0]));
    expect(await ledger(page)).toEqual([]);
    await grant(page, 'diagnostics');
    expect(await page.evaluate(attempts)).toEqual(refused);
  });

  test('a Generic Sensor refused: an error event with NotAllowedError, never started', async ({ page, serve }) => {
    await open(page, serve);
    const result = await page.evaluate(() => new Promise((resolve) => {
      const sensor = new Accelerometer();
      sensor.onerror = (e) => resolve({ name: e.error.name, message: e.error.message, activated: sensor.activated });
      sensor.start();
    }));
    expect(result).toEqual({ name: 'NotAllowedError', message: 'Permissions to access sensor are not granted', activated: false });
    expect(await ledger(page)).toEqual(['sensors:deny']);
  });
});

test.describe('navigator.permissions.query', () => {
  test.beforeEach(async ({ context }) => {
    await context.grantPermissions(['geolocation', 'notifications', 'clipboard-read', 'clipboard-write', 'camera', 'microphone',
      'accelerometer', 'gyroscope', 'magnetometer']);
  });

  const query = (names) => Promise.all(names.map((name) => navigator.permissions.query({ name }).then((s) => s.state, (e) => e.name)));
  const NAMES = ['geolocation', 'notifications', 'clipboard-read', 'camera', 'microphone', 'accelerometer', 'gyroscope', 'magnetometer'];

  test('reports "denied" while the shim refuses, the browser\'s state once allowed, and no ledger entry', async ({ page, serve }) => {
    await open(page, serve);
    expect(await page.evaluate(query, NAMES)).toEqual(NAMES.map(() => 'denied'));
    // Not gated: the browser's answer.
    expect(await page.evaluate(query, ['clipboard-write'])).toEqual(['granted']);
    const status = await page.evaluate(async () => {
      window.geo = await navigator.permissions.query({ name: 'geolocation' });
      return window.geo.state;
    });
    expect(status).toBe('denied');
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant(['call', 'share', 'diagnostics']));
    // The same status object reads the new answer.
    expect(await page.evaluate(() => window.geo.state)).toBe('granted');
    expect(await page.evaluate(query, NAMES)).toEqual(NAMES.map(() => 'granted'));
    expect(await ledger(page)).toEqual([]);
  });

  test('a name accessor on Object.prototype cannot show the browser one name and the shim another', async ({ page, serve }) => {
    await open(page, serve);
    const source = `(async () => {
      let reads = 0;
      Object.defineProperty(Object.prototype, 'name', { configurable: true,
        get() { return reads++ === 0 ? 'notifications' : 'clipboard-write'; }, set() {} });
      const status = await navigator.permissions.query({ name: 'notifications' });
      delete Object.prototype.name;
      return status.state;
    })()`;
    expect(await page.evaluate(source)).toBe('denied');
    expect(await page.evaluate((code) => new Promise((resolve) => {
      const worker = new Worker(URL.createObjectURL(new Blob([`onmessage = async () => postMessage(await ${code});`])));
      worker.onmessage = (e) => resolve(e.data);
      worker.postMessage('go');
    }), source)).toBe('denied');
  });

  test('the state stays a getter that looks native; a descriptor is read once', async ({ page, serve }) => {
    await open(page, serve);
    const result = await page.evaluate(async () => {
      const desc = Object.getOwnPropertyDescriptor(PermissionStatus.prototype, 'state');
      let reads = 0;
      const tricky = { get name() { reads++; return reads === 1 ? 'geolocation' : 'clipboard-write'; } };
      const status = await navigator.permissions.query(tricky);
      return {
        getter: typeof desc.get, value: 'value' in desc, source: Function.prototype.toString.call(desc.get),
        reads, name: status.name, state: status.state,
      };
    });
    expect(result).toEqual({
      getter: 'function', value: false, source: 'function get state() { [native code] }',
      reads: 1, name: 'geolocation', state: 'denied',
    });
  });

  test('a closed shim reports every gated permission denied', async ({ page, serve }) => {
    await open(page, serve, { manifest: '{"revision": "r1"}' });
    expect(await page.evaluate(query, NAMES)).toEqual(NAMES.map(() => 'denied'));
    expect(await page.evaluate(query, ['clipboard-write'])).toEqual(['granted']);
  });
});

// A worker has Notification and navigator.permissions too. With the browser's permissions
// granted, only the shim stands in the way: a worker's new Notification() shows nothing and
// fires error before consent (the page records it), and its permission states read as the
// page's, following consent.
test('workers: new Notification, Notification.permission and permissions.query follow the page\'s engine', async ({ page, serve, context }) => {
  await context.grantPermissions(['notifications', 'geolocation', 'camera', 'clipboard-write']);
  await open(page, serve);
  const inWorker = () => {
    window.permissionWorker = window.permissionWorker || new Worker(URL.createObjectURL(new Blob([`onmessage = async () => {
      const states = await Promise.all(['notifications', 'geolocation', 'camera', 'clipboard-write'].map((name) => navigator.permissions.query({ name }).then((s) => s.state)));
      const n = new Notification('Call from Alice', { body: 'Tap to answer', tag: 'call' });
      const event = await new Promise((resolve) => { n.onshow = () => resolve('show'); n.onerror = (e) => resolve(e.type + ' ' + (e.target === n)); });
      n.close();
      postMessage({ permission: Notification.permission, states, event, fields: [n.title, n.body, n.tag, n.dir, n instanceof Notification] });
    };`])));
    return new Promise((resolve) => { permissionWorker.onmessage = (e) => resolve(e.data); permissionWorker.postMessage('go'); });
  };
  expect(await page.evaluate(inWorker)).toEqual({ permission: 'denied', states: ['denied', 'denied', 'denied', 'granted'],
    event: 'error true', fields: ['Call from Alice', 'Tap to answer', 'call', 'auto', true] });
  const notifications = async () => (await ledger(page)).filter((e) => e.startsWith('notifications:'));
  await expect.poll(notifications).toEqual(['notifications:deny']);
  await grant(page, ['diagnostics', 'share', 'call']);
  const granted = await page.evaluate(inWorker);
  expect(granted).toMatchObject({ permission: 'granted', states: ['granted', 'granted', 'granted', 'granted'], fields: ['Call from Alice', 'Tap to answer', 'call', 'auto', true] });
  expect(granted.event).toBe('show');
  await expect.poll(notifications).toEqual(['notifications:deny', 'notifications:allow']);
});

// A refused notification's on* handler runs where the browser runs an event handler: in the
// place its first setting took among the listeners; set to null it leaves, and set again it
// joins at the end. In the page and in a worker alike.
test('a refused notification\'s handlers run in order with its listeners, as event handlers do, in the page and in a worker', async ({ page, serve, context }) => {
  const ORDER = `(() => {
    const order = [];
    const note = (label) => () => order.push(label);
    const n = new Notification('x');
    n.addEventListener('error', note('n listener 1'));
    n.onerror = note('n handler a');
    n.addEventListener('error', note('n listener 2'));
    n.onerror = note('n handler b');
    const m = new Notification('y');
    m.onerror = note('m handler 1');
    m.onerror = null;
    m.addEventListener('error', note('m listener'));
    m.onerror = note('m handler 2');
    const fired = (target) => new Promise((resolve) => target.addEventListener('error', resolve));
    return Promise.all([fired(n), fired(m)]).then(() => ({ order, handlers: [typeof n.onerror, typeof m.onclick] }));
  })()`;
  const expected = { order: ['n listener 1', 'n handler b', 'n listener 2', 'm listener', 'm handler 2'], handlers: ['function', 'object'] };
  // Control: Chromium itself, without the shim or the permission.
  await page.goto(serve('/order-native.html', '<!doctype html><html><head></head><body></body></html>'));
  expect(await page.evaluate(ORDER)).toEqual(expected);
  await context.grantPermissions(['notifications']);
  await open(page, serve);
  expect(await page.evaluate(ORDER)).toEqual(expected);
  const inWorker = await page.evaluate((code) => new Promise((resolve) => {
    const worker = new Worker(URL.createObjectURL(new Blob([`${code}.then((r) => postMessage(r));`])));
    worker.onmessage = (e) => resolve(e.data);
  }), ORDER);
  expect(inWorker).toEqual(expected);
});

// A shared worker's bootstrap is made once with the page's word of then: one started again from
// it after consent was withdrawn refuses every permission until its first message.
test('a shared worker started again from a bootstrap made with consent refuses permissions until its first message', async ({ page, serve, context }) => {
  await context.grantPermissions(['notifications']);
  await open(page, serve);
  await grant(page, 'diagnostics');
  await page.evaluate(sharedReaderScript(`'const reads = () => Notification.permission;'`));
  // The page's word comes with the worker's first message, which may follow the test's own.
  await expect.poll(async () => (await page.evaluate(() => sharedReads('read'))).later).toBe('granted');
  await page.evaluate(() => RtcPrivacyShim.current.consent.revoke('diagnostics'));
  expect(await page.evaluate(() => sharedReads('close'))).toBe('gone');
  expect(await page.evaluate(() => sharedReads('read'))).toEqual({ top: 'denied', later: 'denied' });
});
