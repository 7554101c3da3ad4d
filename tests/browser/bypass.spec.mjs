// Ways a script might reach the camera around the shim, and how the wrappers look.
import { test, expect, shimPage, COUNT_NATIVE_CALLS } from './fixtures.mjs';

test.beforeEach(async ({ page, serve }, testInfo) => {
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
