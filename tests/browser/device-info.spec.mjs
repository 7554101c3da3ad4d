// Device information: each value is native, generalized or blocked per manifest item and
// consent; generalized values are common buckets that agree with each other and stay put.
// (WebGL works here: with --disable-gpu Chromium falls back to SwiftShader.)
import { test, expect, shimPage } from './fixtures.mjs';
import { ITEMS, collects, declare, KEEP_ALL, grant, revoke, ledgerOf } from './device-items.mjs';
import { sharedReaderScript, failEngineStart } from './helpers.mjs';

// Runs before the shim: what the browser itself answers, for comparison.
const CAPTURE_NATIVES = () => {
  const c = navigator.connection;
  window.__native = {
    userAgent: navigator.userAgent, brands: navigator.userAgentData.brands.map((b) => ({ ...b })),
    screen: [screen.width, screen.height, screen.availWidth, screen.availHeight], ratio: devicePixelRatio,
    cores: navigator.hardwareConcurrency, memory: navigator.deviceMemory,
    connection: [c.effectiveType, c.downlink, c.rtt],
  };
  window.__nativeHints = navigator.userAgentData.getHighEntropyValues(['uaFullVersion', 'fullVersionList']);
  window.__nativeEstimate = navigator.storage.estimate();
};
// Natives with values the test machine does not have, installed before the shim reads them.
const FAKE_DEVICE = () => {
  const fake = (proto, name, value) => Object.defineProperty(proto, name, { get() { return value; }, enumerable: true, configurable: true });
  fake(Navigator.prototype, 'hardwareConcurrency', 6);
  fake(BatteryManager.prototype, 'level', 0.42);
  fake(BatteryManager.prototype, 'charging', false);
  fake(NetworkInformation.prototype, 'saveData', true);
};

const readUserAgent = () => navigator.userAgentData.getHighEntropyValues(
  ['architecture', 'bitness', 'formFactors', 'fullVersionList', 'model', 'platformVersion', 'uaFullVersion', 'wow64'],
).then((hints) => ({
  userAgent: navigator.userAgent, appVersion: navigator.appVersion, platform: navigator.platform, vendor: navigator.vendor,
  data: navigator.userAgentData.toJSON(), brands: navigator.userAgentData.brands, mobile: navigator.userAgentData.mobile,
  uaPlatform: navigator.userAgentData.platform, hints,
}));

test('without a declaration the user agent is generalized, and it agrees with userAgentData and the client hints', async ({ page, serve }) => {
  await page.addInitScript(CAPTURE_NATIVES);
  await page.goto(serve('/ua.html', shimPage()));
  const native = await page.evaluate(() => window.__native);
  const nativeHints = await page.evaluate(() => window.__nativeHints);
  const major = native.userAgent.match(/Chrome\/(\d+)\./)[1];
  expect(native.userAgent).toContain('HeadlessChrome/');
  const ua = await page.evaluate(readUserAgent);
  const reduced = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`;
  expect(ua.userAgent).toBe(reduced);
  expect(ua.appVersion).toBe(reduced.slice('Mozilla/'.length));
  expect(ua.platform).toBe('Linux x86_64');
  expect(ua.vendor).toBe('Google Inc.');
  // userAgentData: the browser's brands at their major versions, the platform the UA names.
  expect(ua.brands).toEqual(native.brands);
  expect(ua.brands.find((b) => b.brand === 'Chromium').version).toBe(major);
  expect(ua.mobile).toBe(false);
  expect(ua.uaPlatform).toBe('Linux');
  expect(ua.data).toEqual({ brands: ua.brands, mobile: false, platform: 'Linux' });
  // The hints: no full version (the browser's own has one), each consistent with the UA.
  expect(nativeHints.uaFullVersion).not.toBe(`${major}.0.0.0`);
  expect(ua.hints).toEqual({
    architecture: 'x86', bitness: '64', brands: ua.brands, formFactors: ['Desktop'],
    fullVersionList: ua.brands.map((b) => ({ brand: b.brand, version: `${b.version}.0.0.0` })),
    mobile: false, model: '', platform: 'Linux', platformVersion: '', uaFullVersion: `${major}.0.0.0`, wow64: false,
  });
  // Stable: two reads agree (brands is a fresh frozen array each time, as the browser's).
  const again = await page.evaluate(readUserAgent);
  expect(again).toEqual(ua);
  expect(await page.evaluate(() => [navigator.userAgentData.brands === navigator.userAgentData.brands,
    Object.isFrozen(navigator.userAgentData.brands)])).toEqual([false, true]);
  const entries = await ledgerOf(page, 'deviceInfo.userAgent');
  expect(entries).toHaveLength(1);  // decided once, then read from the cache
  expect(entries[0]).toMatchObject({ action: 'generalize', reason: 'not declared: default' });
});

test('the wrapped getters and methods keep the native shape', async ({ page, serve }) => {
  await page.goto(serve('/shape.html', shimPage()));
  const shape = await page.evaluate(() => {
    const native = (f) => Function.prototype.toString.call(f).includes('[native code]');
    const getter = (proto, name) => {
      const d = Object.getOwnPropertyDescriptor(proto, name);
      return [typeof d.get, d.enumerable, d.configurable, native(d.get), d.get.name];
    };
    const dpr = Object.getOwnPropertyDescriptor(window, 'devicePixelRatio');
    const outer = Object.getOwnPropertyDescriptor(window, 'outerWidth');
    let illegal = '';
    try { Object.getOwnPropertyDescriptor(Navigator.prototype, 'userAgent').get.call({}); } catch (e) { illegal = e.constructor.name; }
    return {
      userAgent: getter(Navigator.prototype, 'userAgent'),
      width: getter(Screen.prototype, 'width'),
      brands: getter(NavigatorUAData.prototype, 'brands'),
      level: getter(BatteryManager.prototype, 'level'),
      touch: getter(Navigator.prototype, 'maxTouchPoints'),
      heap: getter(Object.getPrototypeOf(performance.memory), 'jsHeapSizeLimit'),
      own: Object.prototype.hasOwnProperty.call(navigator, 'userAgent'),
      dpr: [typeof dpr.get, typeof dpr.set, dpr.enumerable, dpr.configurable, native(dpr.get)],
      outer: [typeof outer.get, typeof outer.set, outer.enumerable, outer.configurable, native(outer.get), outer.get.name],
      methods: [NavigatorUAData.prototype.getHighEntropyValues, Navigator.prototype.getBattery,
        WebGLRenderingContext.prototype.getParameter, StorageManager.prototype.estimate].map((f) => [f.name, f.length, native(f)]),
      illegal,
      wrapped: !navigator.userAgent.includes('HeadlessChrome'),
    };
  });
  expect(shape.userAgent).toEqual(['function', true, true, true, 'get userAgent']);
  expect(shape.width).toEqual(['function', true, true, true, 'get width']);
  expect(shape.brands).toEqual(['function', true, true, true, 'get brands']);
  expect(shape.level).toEqual(['function', true, true, true, 'get level']);
  expect(shape.touch).toEqual(['function', true, true, true, 'get maxTouchPoints']);
  expect(shape.heap).toEqual(['function', true, true, true, 'get jsHeapSizeLimit']);
  expect(shape.own).toBe(false);
  expect(shape.dpr).toEqual(['function', 'function', true, true, true]);
  expect(shape.outer).toEqual(['function', 'function', true, true, true, 'get outerWidth']);
  expect(shape.methods).toEqual([['getHighEntropyValues', 1, true], ['getBattery', 0, true], ['getParameter', 1, true], ['estimate', 0, true]]);
  expect(shape.illegal).toBe('TypeError');  // a foreign receiver still meets the browser's check
  expect(shape.wrapped).toBe(true);
});

test.describe('screen, pixel ratio, cores and memory', () => {
  test.use({ screen: { width: 1707, height: 960 }, deviceScaleFactor: 2.2 });

  const read = () => [screen.width, screen.height, screen.availWidth, screen.availHeight, screen.availLeft, screen.availTop,
    screen.colorDepth, screen.pixelDepth, devicePixelRatio, navigator.hardwareConcurrency, navigator.deviceMemory];

  test('generalized to common buckets, stable; with a granted "keep" the native values; revoke generalizes again', async ({ page, serve }) => {
    await page.addInitScript(FAKE_DEVICE);
    await page.addInitScript(CAPTURE_NATIVES);
    await page.goto(serve('/screen.html', shimPage({ manifest: KEEP_ALL })));
    const native = await page.evaluate(() => window.__native);
    expect(native.screen.slice(0, 2)).toEqual([1707, 960]);
    expect(native.ratio).toBeCloseTo(2.2);
    expect(native.cores).toBe(6);
    expect(native.memory).toBeGreaterThan(8);

    const generalized = [1920, 1080, 1920, 1080, 0, 0, 24, 24, 2, 4, 8];
    expect(await page.evaluate(read)).toEqual(generalized);
    expect(await page.evaluate(read)).toEqual(generalized);
    const [width, height, availWidth, availHeight] = generalized;
    expect(availWidth <= width && availHeight <= height).toBe(true);

    await grant(page);
    const kept = await page.evaluate(read);
    expect(kept.slice(0, 4)).toEqual(native.screen);
    expect(kept[8]).toBe(native.ratio);
    expect(kept.slice(9)).toEqual([6, native.memory]);
    await revoke(page);
    expect(await page.evaluate(read)).toEqual(generalized);
  });
});

test.describe('matchMedia\'s device features', () => {
  test.use({ screen: { width: 1707, height: 960 }, deviceScaleFactor: 2.2 });
  const QUERIES = ['(device-width: 1707px)', '(device-width: 1920px)', '(min-device-width: 1708px)', '(device-aspect-ratio: 16/9)',
    '(1700px <= device-width < 1710px)', '(resolution: 2dppx)', '(min-resolution: 2.2dppx)', '(-webkit-min-device-pixel-ratio: 2.2)',
    '(\\64 evice-width: 1707px)', 'screen and (device-height: 960px), print'];
  const matches = (queries) => queries.map((q) => matchMedia(q).matches);

  test('answered for the screen the page sees: generalized, kept with a granted "keep", generalized again on revoke', async ({ page, serve }) => {
    await page.addInitScript((queries) => {
      window.__nativeMatches = queries.map((q) => matchMedia(q).matches);
      window.__nativeMedia = matchMedia('(DEVICE-WIDTH:1707px)').media;
    }, QUERIES);
    await page.goto(serve('/media-query.html', shimPage({ manifest: KEEP_ALL })));
    const native = await page.evaluate(() => window.__nativeMatches);
    // What the device answers: its real size and ratio (the escaped name is device-width to the browser).
    expect(native).toEqual([true, false, false, false, true, false, true, true, true, true]);
    // Generalized: 1920x1080 at 2; a condition the shim cannot read (the escape) is false.
    const generalized = [false, true, true, true, false, true, false, false, false, false];
    expect(await page.evaluate(matches, QUERIES)).toEqual(generalized);
    expect((await ledgerOf(page, 'deviceInfo.screen'))[0]).toMatchObject({ action: 'generalize' });
    expect((await ledgerOf(page, 'deviceInfo.devicePixelRatio'))[0]).toMatchObject({ action: 'generalize' });
    // The rest of a query is the browser's; the list shows the page's query as the browser writes it.
    expect(await page.evaluate(() => [matchMedia('(min-width: 1px)').matches, matchMedia('(max-width: 1px)').matches,
      matchMedia('(device-width: 1920px) and (max-width: 1px)').matches, matchMedia('(DEVICE-WIDTH:1707px)').media,
      matchMedia('(min-width:1px)').media])).toEqual([true, false, false, await page.evaluate(() => window.__nativeMedia), '(min-width: 1px)']);
    // A same-origin frame's matchMedia answers alike.
    expect(await page.evaluate(() => {
      const frame = document.body.appendChild(document.createElement('iframe'));
      return frame.contentWindow.matchMedia('(device-width: 1707px)').matches;
    })).toBe(false);

    await grant(page);
    expect(await page.evaluate(matches, QUERIES)).toEqual(native);
    await revoke(page);
    expect(await page.evaluate(matches, QUERIES)).toEqual(generalized);
  });

  test('a change event of an answered query names the page\'s query; the wrappers keep the native shape', async ({ page, serve }) => {
    await page.goto(serve('/media-change.html', shimPage()));
    // The page's own list, and an event it makes, whose text is the answered query's as the
    // engine rewrote it: they keep their own text.
    const rewritten = '(min-width: 0px) and (min-width: 500px)';
    await page.evaluate((text) => {
      const list = matchMedia('(min-device-width: 100px) and (min-width: 500px)');
      window.__change = new Promise((resolve) => list.addEventListener('change', (event) => resolve([event.media, list.media,
        event.matches, list.matches, event instanceof MediaQueryListEvent]), { once: true }));
      const own = matchMedia(text);
      window.__ownChange = new Promise((resolve) => own.addEventListener('change', (event) => resolve(event.media), { once: true }));
    }, rewritten);
    await page.setViewportSize({ width: 400, height: 600 });
    const query = '(min-device-width: 100px) and (min-width: 500px)';
    expect(await page.evaluate(() => window.__change)).toEqual([query, query, false, false, true]);
    expect(await page.evaluate(() => window.__ownChange)).toBe(rewritten);
    expect(await page.evaluate((text) => new MediaQueryListEvent('change', { media: text }).media, rewritten)).toBe(rewritten);
    expect(await page.evaluate(() => {
      const media = Object.getOwnPropertyDescriptor(MediaQueryList.prototype, 'media');
      const own = Object.getOwnPropertyDescriptor(window, 'matchMedia');
      return [String(matchMedia), matchMedia.name, matchMedia.length, media.get.name, String(media.get), typeof own.value,
        own.enumerable, Object.hasOwn(Window.prototype, 'matchMedia')];
    })).toEqual(['function matchMedia() { [native code] }', 'matchMedia', 1, 'get media', 'function get media() { [native code] }',
      'function', true, false]);
    // As the browser: no argument is its TypeError; a Symbol cannot become a query.
    expect(await page.evaluate(() => [() => matchMedia(), () => matchMedia(Symbol('q'))].map((f) => {
      try {
        f();
        return 'no error';
      } catch (error) {
        return error.constructor.name;
      }
    }))).toEqual(['TypeError', 'TypeError']);
  });
});

test.describe('screen, pixel ratio, cores and memory where each blocked value differs from the generalized one', () => {
  test.use({ screen: { width: 1280, height: 720 }, deviceScaleFactor: 2.2 });

  test('blocked: fixed constants, never the real values, and at least 2 cores', async ({ page, serve }) => {
    await page.addInitScript(() => {
      for (const [name, value] of [['hardwareConcurrency', 2], ['deviceMemory', 2]]) {
        Object.defineProperty(Navigator.prototype, name, { get() { return value; }, enumerable: true, configurable: true });
      }
    });
    await page.goto(serve('/blocked.html', shimPage({
      manifest: collects(declare(['screen', 'devicePixelRatio', 'hardwareConcurrency', 'deviceMemory'], 'remove', 'call')),
    })));
    const read = () => [screen.width, screen.height, screen.availWidth, screen.availHeight, screen.availLeft, screen.availTop,
      screen.colorDepth, screen.pixelDepth, devicePixelRatio, navigator.hardwareConcurrency, navigator.deviceMemory];
    // Declared, not yet granted: the default, generalized, which differs from the blocked value but for the depths.
    expect(await page.evaluate(read)).toEqual([1280, 720, 1280, 720, 0, 0, 24, 24, 2, 2, 2]);
    await grant(page, 'call');
    expect(await page.evaluate(read)).toEqual([1920, 1080, 1920, 1080, 0, 0, 24, 24, 1, 4, 8]);
    const entries = await ledgerOf(page, 'deviceInfo.screen');
    expect(entries.at(-1)).toMatchObject({ action: 'deny', sdk: 'vertc', purpose: 'call', reason: 'consent granted: declared treatment' });
  });
});

test('maxTouchPoints and performance.memory\'s heap limit: generalized, blocked, native with "keep"', async ({ page, serve }) => {
  await page.addInitScript(() => {
    const fake = (proto, name, value) => Object.defineProperty(proto, name, { get() { return value; }, enumerable: true, configurable: true });
    fake(Navigator.prototype, 'maxTouchPoints', 10);
    fake(Object.getPrototypeOf(performance.memory), 'jsHeapSizeLimit', 123456789);
  });
  const read = () => {
    const memory = performance.memory;
    return [navigator.maxTouchPoints, memory.jsHeapSizeLimit, typeof memory.usedJSHeapSize];
  };
  // Not declared: generalized, as a desktop Chrome (the user agent's) shows them.
  await page.goto(serve('/touch.html', shimPage()));
  expect(await page.evaluate(read)).toEqual([0, 4294705152, 'number']);
  expect((await ledgerOf(page, 'deviceInfo.deviceMemory'))[0]).toMatchObject({ action: 'generalize' });

  await page.goto(serve('/touch-keep.html', shimPage({ manifest: KEEP_ALL })));
  await grant(page);
  expect(await page.evaluate(read)).toEqual([10, 123456789, 'number']);
  await revoke(page);
  expect(await page.evaluate(read)).toEqual([0, 4294705152, 'number']);

  await page.goto(serve('/touch-block.html', shimPage({ manifest: collects(declare(['userAgent', 'deviceMemory'], 'remove')) })));
  await grant(page);
  expect(await page.evaluate(read)).toEqual([0, 4294705152, 'number']);
  expect((await ledgerOf(page, 'deviceInfo.userAgent')).at(-1)).toMatchObject({ action: 'deny' });
});

test('the window\'s outer size and place follow screen: its inner size at 0, 0 unless kept', async ({ page, serve }) => {
  await page.addInitScript(() => {
    const fake = (name, value) => Object.defineProperty(window, name, { get() { return value; }, set() {}, enumerable: true, configurable: true });
    fake('outerWidth', 2000);
    fake('outerHeight', 1200);
    fake('screenX', -1280);
    fake('screenLeft', -1280);
    fake('screenY', 40);
    fake('screenTop', 40);
  });
  const read = () => [outerWidth, outerHeight, screenX, screenLeft, screenY, screenTop];
  await page.goto(serve('/geometry.html', shimPage({ manifest: KEEP_ALL })));
  const [width, height] = await page.evaluate(() => [innerWidth, innerHeight]);
  expect(width).toBeGreaterThan(0);
  const generalized = [width, height, 0, 0, 0, 0];
  expect(await page.evaluate(read)).toEqual(generalized);
  expect((await ledgerOf(page, 'deviceInfo.screen'))[0]).toMatchObject({ action: 'generalize' });
  await grant(page);
  expect(await page.evaluate(read)).toEqual([2000, 1200, -1280, -1280, 40, 40]);
  await revoke(page);
  expect(await page.evaluate(read)).toEqual(generalized);
});

test('natives that throw or hold values of another type: generic answers, and no page code runs inside the shim', async ({ page, serve }) => {
  await page.addInitScript(() => {
    window.__ran = [];
    const ran = (what, value) => () => { window.__ran.push(what); return value; };
    const fake = (target, name, get) => Object.defineProperty(target, name, { get, enumerable: true, configurable: true });
    fake(Navigator.prototype, 'userAgent', () => ({ toString: ran('userAgent', 'Mozilla/5.0 (Windows NT 10.0) Chrome/130.0') }));
    fake(Navigator.prototype, 'hardwareConcurrency', () => { throw new Error('no cores'); });
    fake(Navigator.prototype, 'deviceMemory', () => ({ valueOf: ran('deviceMemory', 64) }));
    fake(NavigatorUAData.prototype, 'brands', () => [{ brand: { toString: ran('brand', 'Chromium') }, version: '130' }]);
    fake(Screen.prototype, 'width', () => NaN);
    fake(Screen.prototype, 'height', () => Infinity);
    fake(window, 'devicePixelRatio', () => Symbol('ratio'));
    StorageManager.prototype.estimate = function estimate() {
      return Promise.resolve({ quota: { valueOf: ran('quota', 2 ** 40) }, usage: 'lots' });
    };
    const getParameter = WebGLRenderingContext.prototype.getParameter;
    WebGLRenderingContext.prototype.getParameter = function (pname) {
      if (pname === 0x9245) return { toString: ran('vendor', 'Google Inc. (NVIDIA)') };
      if (pname === 0x9246) return 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)';
      return getParameter.call(this, pname);
    };
  });
  await page.goto(serve('/odd.html', shimPage({ manifest: collects(declare(['gpu'], 'generalize')) })));
  await grant(page);
  const seen = await page.evaluate(async () => {
    const gl = document.createElement('canvas').getContext('webgl');
    gl.getExtension('WEBGL_debug_renderer_info');
    return {
      navigator: [navigator.userAgent, navigator.platform, navigator.hardwareConcurrency, navigator.deviceMemory],
      brands: navigator.userAgentData.brands,
      screen: [screen.width, screen.height, devicePixelRatio],
      quota: (await navigator.storage.estimate()).quota,
      renderer: gl.getParameter(0x9246),
    };
  });
  // Unreadable: the generic user agent, the lowest buckets (an endless height: the largest screen).
  expect(seen).toEqual({
    navigator: ['Mozilla/5.0', '', 2, 2], brands: [], screen: [3840, 2160, 1], quota: 1, renderer: 'ANGLE (NVIDIA)',
  });
  expect(await page.evaluate(() => window.__ran)).toEqual([]);
});

test('navigator.connection: generalized to a fast connection, undefined when blocked, native with "keep"', async ({ page, serve }) => {
  await page.addInitScript(FAKE_DEVICE);
  await page.addInitScript(CAPTURE_NATIVES);
  const read = () => (navigator.connection
    ? [navigator.connection.effectiveType, navigator.connection.downlink, navigator.connection.rtt, navigator.connection.saveData,
      navigator.connection.type]
    : navigator.connection);
  await page.goto(serve('/net.html', shimPage()));
  expect(await page.evaluate(read)).toEqual(['4g', 10, 50, false, undefined]);

  await page.goto(serve('/net-block.html', shimPage({ manifest: collects(declare(['networkType'], 'remove')) })));
  expect(await page.evaluate(read)).toEqual(['4g', 10, 50, false, undefined]);  // declared, not yet granted: the default
  const connection = await page.evaluateHandle(() => navigator.connection);
  await grant(page);
  expect(await page.evaluate(read)).toBeUndefined();
  expect(await page.evaluate(() => 'connection' in navigator)).toBe(true);
  // A connection object read before shows nothing of the network any more.
  expect(await connection.evaluate((c) => [c.downlink, c.rtt, c.effectiveType])).toEqual([undefined, undefined, undefined]);

  await page.goto(serve('/net-keep.html', shimPage({ manifest: KEEP_ALL })));
  await grant(page);
  const native = await page.evaluate(() => window.__native.connection);
  expect((await page.evaluate(read)).slice(0, 4)).toEqual([...native, true]);
});

// Window Management: the browser grants the permission here (as a user who said yes before), so
// only the shim stands between the page and every screen's real size, place, ratio and name.
test('getScreenDetails: refused unless screen and devicePixelRatio are kept and granted; refused again on revoke', async ({ page, serve, context }) => {
  const read = () => getScreenDetails().then(
    (d) => [d.screens.length, d.currentScreen.width, typeof d.screens[0].label, d.screens[0].isPrimary],
    (e) => `${e.name}: ${e instanceof DOMException}`,
  );
  const allowWindowManagement = async () => {
    const cdp = await context.newCDPSession(page);
    const { targetInfo } = await cdp.send('Target.getTargetInfo');
    await cdp.send('Browser.setPermission', { origin: new URL(page.url()).origin, browserContextId: targetInfo.browserContextId,
      permission: { name: 'window-management' }, setting: 'granted' });
  };
  const refused = 'NotAllowedError: true';
  await page.goto(serve('/screens.html', shimPage({ manifest: KEEP_ALL })));
  await allowWindowManagement();
  expect(await page.evaluate(() => navigator.permissions.query({ name: 'window-management' }).then((s) => s.state))).toBe('granted');
  expect(await page.evaluate(read)).toBe(refused);
  expect((await ledgerOf(page, 'deviceInfo.screenDetails'))[0]).toMatchObject({ action: 'deny',
    reason: 'no generalized screens: needs screen and devicePixelRatio kept' });
  await grant(page);
  const [count, width, label, primary] = await page.evaluate(read);
  expect((await ledgerOf(page, 'deviceInfo.screenDetails'))[1]).toMatchObject({ action: 'allow' });
  expect([count, label, primary]).toEqual([1, 'string', true]);
  expect(width).toBe(await page.evaluate(() => screen.width));
  await revoke(page);
  expect(await page.evaluate(read)).toBe(refused);
  // Only the screen kept: the screens' pixel ratios would still tell the device's.
  await page.goto(serve('/screens-size.html', shimPage({ manifest: collects(declare(['screen'], 'keep')) })));
  await grant(page);
  expect(await page.evaluate(read)).toBe(refused);
  // The wrapper keeps the native's shape.
  expect(await page.evaluate(() => {
    const d = Object.getOwnPropertyDescriptor(window, 'getScreenDetails');
    return [typeof d.value, d.writable, d.enumerable, d.configurable, d.value.name, d.value.length,
      Function.prototype.toString.call(d.value).includes('[native code]')];
  })).toEqual(['function', true, true, true, 'getScreenDetails', 0, true]);
});

test('getBattery: blocked by default, a full battery on mains when generalized, native with "keep"', async ({ page, serve }) => {
  await page.addInitScript(FAKE_DEVICE);
  const read = () => navigator.getBattery().then(
    (b) => [b.charging, b.level, b.chargingTime, b.dischargingTime === Infinity],
    (e) => `${e.name}: ${e instanceof DOMException}`,
  );
  await page.goto(serve('/battery.html', shimPage()));
  expect(await page.evaluate(read)).toBe('NotAllowedError: true');
  expect((await ledgerOf(page, 'deviceInfo.battery'))[0]).toMatchObject({ action: 'deny', reason: 'not declared: default' });

  await page.goto(serve('/battery-gen.html', shimPage({ manifest: collects(declare(['battery'], 'generalize')) })));
  expect(await page.evaluate(read)).toBe('NotAllowedError: true');
  await grant(page);
  expect(await page.evaluate(read)).toEqual([true, 1, 0, true]);

  await page.goto(serve('/battery-keep.html', shimPage({ manifest: KEEP_ALL })));
  await grant(page);
  expect((await page.evaluate(read)).slice(0, 2)).toEqual([false, 0.42]);
});

test.describe('WebGL renderer info', () => {
  const read = (kind) => {
    const gl = document.createElement('canvas').getContext(kind);
    return {
      extension: gl.getExtension('WEBGL_debug_renderer_info') !== null,
      lowerCase: gl.getExtension('webgl_debug_renderer_info') !== null,
      listed: gl.getSupportedExtensions().includes('WEBGL_debug_renderer_info'),
      vendor: gl.getParameter(0x9245),
      renderer: gl.getParameter(0x9246),
      // The same enum spelled so that a check on the raw argument would miss it.
      viaObject: gl.getParameter({ valueOf: () => 0x9246 }),
      viaWrap: gl.getParameter(0x9246 + 2 ** 32),
      viaString: gl.getParameter('37446'),
      // Converted once: an argument that names something else the second time it is read
      // cannot show the check one enum or extension and WebGL another.
      viaFlipFlop: flipFlop(0x1F00, 0x9246, (arg) => gl.getParameter({ valueOf: arg })),
      extensionViaObject: gl.getExtension({ toString: () => 'WEBGL_debug_renderer_info' }) !== null,
      extensionViaFlipFlop: flipFlop('NO_such_extension', 'WEBGL_debug_renderer_info', (arg) => gl.getExtension({ toString: arg })) !== null,
      maxTexture: gl.getParameter(gl.MAX_TEXTURE_SIZE) > 0,
    };
    function flipFlop(first, then, call) {
      let reads = 0;
      return call(() => (reads++ ? then : first));
    }
  };

  test('blocked by default in WebGL and WebGL2: no extension, null vendor and renderer', async ({ page, serve }) => {
    await page.goto(serve('/gl.html', shimPage()));
    const blocked = {
      extension: false, lowerCase: false, listed: false, vendor: null, renderer: null, viaObject: null, viaWrap: null, viaString: null,
      viaFlipFlop: 'WebKit', extensionViaObject: false, extensionViaFlipFlop: false, maxTexture: true,
    };
    expect(await page.evaluate(read, 'webgl')).toEqual(blocked);
    expect(await page.evaluate(read, 'webgl2')).toEqual(blocked);
    expect(await ledgerOf(page, 'deviceInfo.gpu')).toHaveLength(1);
  });

  // The shim makes neither interface at boot (they are the costliest the browser builds); a
  // page reaching one first by its global, before any context, gets it guarded all the same.
  test('the interfaces stay unmade until the page reaches them; natives taken from the global before any context are guarded', async ({ page, serve }) => {
    await page.goto(serve('/gl-lazy.html', shimPage()));
    const r = await page.evaluate(() => {
      const shape = (name) => Object.keys(Object.getOwnPropertyDescriptor(window, name)).sort().join();
      const before = [shape('WebGLRenderingContext'), shape('WebGL2RenderingContext')];
      const { getParameter, getExtension } = WebGL2RenderingContext.prototype;
      const after = shape('WebGL2RenderingContext');
      const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
      return {
        before, after, webgl1Still: shape('WebGLRenderingContext'),
        native: Function.prototype.toString.call(getParameter).includes('[native code]'),
        extension: getExtension.call(gl, 'WEBGL_debug_renderer_info'),
        renderer: getParameter.call(gl, 0x9246),
        instance: gl instanceof WebGL2RenderingContext,
        assigned: (() => { window.WebGLRenderingContext = 5; return window.WebGLRenderingContext; })(),
      };
    });
    expect(r).toEqual({
      before: ['configurable,enumerable,get,set', 'configurable,enumerable,get,set'],
      after: 'configurable,enumerable,value,writable', webgl1Still: 'configurable,enumerable,get,set',
      native: true, extension: null, renderer: null, instance: true, assigned: 5,
    });
  });

  test('a context from getContext guards its interface before the page holds it', async ({ page, serve }) => {
    await page.goto(serve('/gl-ctx.html', shimPage()));
    const r = await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('experimental-webgl');
      const shape = Object.keys(Object.getOwnPropertyDescriptor(window, 'WebGLRenderingContext')).sort().join();
      return { shape, same: Object.getPrototypeOf(gl) === WebGLRenderingContext.prototype, renderer: gl.getParameter(0x9246) };
    });
    expect(r).toEqual({ shape: 'configurable,enumerable,value,writable', same: true, renderer: null });
  });

  test('generalized to the GPU maker with a granted "generalize"; native with "keep"', async ({ page, serve }) => {
    await page.goto(serve('/gl-gen.html', shimPage({ manifest: collects(declare(['gpu'], 'generalize')) })));
    await grant(page);
    for (const kind of ['webgl', 'webgl2']) {
      const r = await page.evaluate(read, kind);
      expect(r).toMatchObject({
        extension: true, listed: true, vendor: 'Google Inc. (Google)', renderer: 'ANGLE (Google)', viaObject: 'ANGLE (Google)',
        viaWrap: 'ANGLE (Google)', viaFlipFlop: 'WebKit', extensionViaObject: true,
      });
    }
    await page.goto(serve('/gl-keep.html', shimPage({ manifest: KEEP_ALL })));
    await grant(page);
    const kept = await page.evaluate(read, 'webgl2');
    expect(kept.renderer).toMatch(/^ANGLE \(Google, .*SwiftShader/);
    expect(kept.vendor).toBe('Google Inc. (Google)');
  });
});

test('storage.estimate: the quota bucketed to a power of two at least the usage; blocked: a fixed quota', async ({ page, serve }) => {
  await page.addInitScript(CAPTURE_NATIVES);
  const read = () => navigator.storage.estimate();
  await page.goto(serve('/est.html', shimPage()));
  const native = await page.evaluate(() => window.__nativeEstimate);
  const estimate = await page.evaluate(read);
  expect(estimate.usage).toBe(native.usage);
  expect(Math.log2(estimate.quota) % 1).toBe(0);
  expect(estimate.quota).toBeLessThanOrEqual(native.quota);
  expect(estimate.quota).toBeGreaterThanOrEqual(estimate.usage);
  expect(native.quota).toBe(10737418240);  // this browser's: the bucket below is 2^33
  expect(estimate.quota).toBe(8589934592);
  expect(await page.evaluate(read)).toEqual(estimate);

  await page.goto(serve('/est-block.html', shimPage({ manifest: collects(declare(['storageEstimate'], 'remove')) })));
  await grant(page);
  expect(await page.evaluate(read)).toEqual({ quota: 1073741824, usage: 0 });

  await page.goto(serve('/est-keep.html', shimPage({ manifest: KEEP_ALL })));
  await grant(page);
  expect(await page.evaluate(read)).toEqual(native);
});

// A worker's navigator.storage.estimate() reads what the page's does: its figures go to the
// page, whose engine decides and records.
test('storage.estimate in a worker: generalized, blocked and kept as in the page, recorded by the page', async ({ page, serve }) => {
  await page.addInitScript(CAPTURE_NATIVES);
  const read = () => {
    // The worker's script gives Object.prototype an `allow`, as a page might to get the real figures.
    window.estimator = window.estimator || new Worker(URL.createObjectURL(new Blob(['Object.prototype.allow = true; '
      + 'onmessage = async () => { const e = await navigator.storage.estimate(); postMessage({ quota: e.quota, usage: e.usage, details: "usageDetails" in e }); };'])));
    return new Promise((resolve) => { estimator.onmessage = (e) => resolve(e.data); estimator.postMessage('read'); });
  };
  const inPage = async () => {
    Object.prototype.allow = true;
    const e = await navigator.storage.estimate();
    return { quota: e.quota, usage: e.usage, details: 'usageDetails' in e };
  };
  await page.goto(serve('/worker-est.html', shimPage({ manifest: collects(declare(['storageEstimate'], 'remove')) })));
  const generalized = await page.evaluate(inPage);
  expect(generalized.quota).toBe(8589934592);
  expect(await page.evaluate(read)).toEqual(generalized);
  expect(await ledgerOf(page, 'deviceInfo.storageEstimate')).toHaveLength(1);
  await grant(page);
  expect(await page.evaluate(read)).toEqual({ quota: 1073741824, usage: 0, details: false });
  expect(await ledgerOf(page, 'deviceInfo.storageEstimate')).toHaveLength(2);

  await page.goto(serve('/worker-est-keep.html', shimPage({ manifest: KEEP_ALL })));
  await grant(page);
  const native = await page.evaluate(() => window.__nativeEstimate);
  expect(await page.evaluate(read)).toEqual({ quota: native.quota, usage: native.usage, details: 'usageDetails' in native });
});

test('a granted "keep" for userAgent gives the native user agent group; a granted "remove" a generic one without hints', async ({ page, serve }) => {
  await page.addInitScript(CAPTURE_NATIVES);
  await page.goto(serve('/ua-keep.html', shimPage({ manifest: KEEP_ALL })));
  await grant(page);
  const native = await page.evaluate(() => window.__native);
  const nativeHints = await page.evaluate(() => window.__nativeHints);
  const kept = await page.evaluate(readUserAgent);
  expect(kept.userAgent).toBe(native.userAgent);
  expect(kept.brands).toEqual(native.brands);
  expect(kept.hints.uaFullVersion).toBe(nativeHints.uaFullVersion);
  expect(kept.hints.fullVersionList).toEqual(nativeHints.fullVersionList);
  const entry = (await ledgerOf(page, 'deviceInfo.userAgent')).at(-1);
  expect(entry).toMatchObject({ action: 'allow', sdk: 'vertc', purpose: 'diagnostics', reason: 'consent granted: declared treatment' });

  await page.goto(serve('/ua-remove.html', shimPage({ manifest: collects(declare(['userAgent'], 'remove').concat(declare(['browser', 'os'], 'keep'))) })));
  await grant(page);
  const removed = await page.evaluate(readUserAgent);
  expect(removed).toMatchObject({ userAgent: 'Mozilla/5.0', appVersion: '5.0', platform: '', vendor: '', brands: [], mobile: false, uaPlatform: '' });
  // Even the hints of a kept "browser" and "os": they would say what the user agent does not.
  expect(removed.hints).toEqual({ brands: [], mobile: false, platform: '' });
});

test('the client hints follow the os, browser and deviceModel declarations', async ({ page, serve }) => {
  await page.addInitScript(CAPTURE_NATIVES);
  const manifest = collects([...declare(['browser'], 'keep'), ...declare(['os'], 'remove'), ...declare(['deviceModel'], 'generalize')]);
  await page.goto(serve('/hints.html', shimPage({ manifest })));
  await grant(page);
  const nativeHints = await page.evaluate(() => window.__nativeHints);
  const { hints, userAgent } = await page.evaluate(readUserAgent);
  expect(userAgent).toMatch(/Chrome\/\d+\.0\.0\.0 /);  // the user agent stays generalized
  expect(Object.keys(hints).sort()).toEqual(['brands', 'formFactors', 'fullVersionList', 'mobile', 'model', 'platform', 'uaFullVersion']);
  expect(hints.uaFullVersion).toBe(nativeHints.uaFullVersion);
  expect(hints.fullVersionList).toEqual(nativeHints.fullVersionList);
  expect(hints.uaFullVersion.split('.')[0]).toBe(userAgent.match(/Chrome\/(\d+)/)[1]);
  expect(hints.model).toBe('');
  const surfaces = (await page.evaluate(() => RtcPrivacyShim.current.ledger.entries())).map((e) => `${e.surface} ${e.action}`);
  expect(surfaces).toEqual(expect.arrayContaining(['deviceInfo.browser allow', 'deviceInfo.os deny', 'deviceInfo.deviceModel generalize']));
});

test('a closed shim generalizes and blocks; an engine that failed to start shows nothing of the device', async ({ page, serve }) => {
  await page.goto(serve('/closed.html', shimPage({ manifest: { ...KEEP_ALL, revision: 5 } })));
  expect(await page.evaluate(() => RtcPrivacyShim.current.status().closed)).toBe(true);
  expect(await page.evaluate(() => navigator.userAgent)).toMatch(/^Mozilla\/5\.0 \(X11; Linux x86_64\) .* Chrome\/\d+\.0\.0\.0 Safari\/537\.36$/);
  expect(await page.evaluate(() => document.createElement('canvas').getContext('webgl').getParameter(0x9246))).toBeNull();
  expect((await ledgerOf(page, 'deviceInfo.userAgent'))[0]).toMatchObject({ action: 'generalize', reason: 'engine closed: default' });

  await failEngineStart(page);
  await page.goto(serve('/failed.html', shimPage()));
  expect(await page.evaluate(() => RtcPrivacyShim.current.status().reason)).toContain('engine failed to start');
  expect(await page.evaluate(() => [navigator.userAgent, navigator.platform, navigator.userAgentData.brands.length,
    navigator.hardwareConcurrency, screen.width, navigator.connection,
    document.createElement('canvas').getContext('webgl').getParameter(0x9246)])).toEqual(['Mozilla/5.0', '', 0, 4, 1920, undefined, null]);
  expect(await page.evaluate(() => navigator.getBattery().catch((e) => e.name))).toBe('NotAllowedError');
  // matchMedia without the engine: a query that may name a device feature is false, any other the browser's.
  expect(await page.evaluate(() => ['(device-width: 1280px)', '(min-resolution: 1dppx)', '(\\64 evice-width: 1280px)',
    '(min-width: 1px)', '(max-width: 1px)'].map((q) => matchMedia(q).matches))).toEqual([false, false, false, true, false]);
});

// A shared worker whose bootstrap was made while the device was shown (consent granted) may
// start again from it after consent is withdrawn (the first one closed): until its first
// message brings the page's answers, its navigator answers as a blocked device, never the
// answers written into the bootstrap. The worker reads in its first lines, before any message;
// it holds a Web Lock while it lives, so the page knows when it is gone.
const NAVIGATOR_READS = () => ({
  ua: navigator.userAgent, appVersion: navigator.appVersion, platform: navigator.platform, language: navigator.language,
  cores: navigator.hardwareConcurrency, memory: navigator.deviceMemory,
  uaData: { brands: navigator.userAgentData.brands, mobile: navigator.userAgentData.mobile, platform: navigator.userAgentData.platform },
  json: navigator.userAgentData.toJSON(),
});
const SHARED_NAVIGATOR = `window.navigatorReads = ${NAVIGATOR_READS};${sharedReaderScript(`'const reads = ' + navigatorReads + ';'`)}`;

test('a shared worker started again from its bootstrap after consent is withdrawn answers as a blocked device until its first message', async ({ page, serve }) => {
  const manifest = collects(declare(['userAgent', 'hardwareConcurrency', 'deviceMemory'], 'keep', 'call'));
  await page.goto(serve('/shared-navigator.html', shimPage({ manifest, head: `<script>${SHARED_NAVIGATOR}</script>` })));
  const generalized = await page.evaluate(() => navigatorReads());
  await grant(page, 'call');
  const shown = await page.evaluate(() => navigatorReads());
  expect(shown.ua).not.toBe(generalized.ua);
  // What the page reads with each item blocked (surfaces/device-info.js), its language its own.
  const blockedUaData = { brands: [], mobile: false, platform: '' };
  const blocked = { ua: 'Mozilla/5.0', appVersion: '5.0', platform: '', language: shown.language, cores: 4, memory: 8, uaData: blockedUaData, json: blockedUaData };

  // Made while the device is shown: its start reads blocked, its first message brings the page's.
  const first = await page.evaluate(() => sharedReads('read'));
  expect(first).toEqual({ top: blocked, later: shown });

  await revoke(page, 'call');
  expect(await page.evaluate(() => navigatorReads())).toEqual(generalized);
  expect(await page.evaluate(() => sharedReads('close'))).toBe('gone');
  // Started again from the same bootstrap: blocked at its start, never what the bootstrap was
  // made with; then the page's answers now.
  const again = await page.evaluate(() => sharedReads('read'));
  expect(again).toEqual({ top: blocked, later: generalized });
});

// A worker's navigator.userAgentData is a new object at each read: its toJSON and
// getHighEntropyValues still answer the page's (here: a blocked user agent, without hints).
test('a worker\'s userAgentData.toJSON and getHighEntropyValues answer as the page\'s', async ({ page, serve }) => {
  await page.goto(serve('/ua-worker.html', shimPage({ manifest: collects(declare(['userAgent'], 'remove')) })));
  await grant(page);
  const inPage = await page.evaluate(readUserAgent);
  const inWorker = await page.evaluate((source) => new Promise((resolve) => {
    const worker = new Worker(URL.createObjectURL(new Blob([`onmessage = () => (${source})().then(postMessage);`])));
    worker.onmessage = (e) => resolve(e.data);
    worker.postMessage('read');
  }), readUserAgent.toString());
  expect(inPage.data).toEqual({ brands: [], mobile: false, platform: '' });
  expect(inPage.hints).toEqual({ brands: [], mobile: false, platform: '' });
  // Workers have no navigator.vendor.
  expect(inWorker).toEqual({ ...inPage, vendor: undefined });
});

// A worker's navigator.connection is the page's: not handed out while blocked (a connection
// object read before shows nothing), and generalized again after, in a worker that started
// while it was blocked too.
const CONNECTION_WORKER = `
const workerSource = 'const read = (c) => c && [c.effectiveType, c.downlink, c.rtt]; const held = navigator.connection;'
  + ' onmessage = () => postMessage({ now: read(navigator.connection), held: read(held) });';
window.connectionWorker = () => new Worker(URL.createObjectURL(new Blob([workerSource])));
window.askConnection = (worker) => new Promise((resolve) => { worker.onmessage = (e) => resolve(e.data); worker.postMessage('read'); });
`;

test('a worker\'s navigator.connection follows the page\'s: not handed out while blocked, generalized again after', async ({ page, serve }) => {
  await page.goto(serve('/net-worker.html', shimPage({ manifest: collects(declare(['networkType'], 'remove')), head: `<script>${CONNECTION_WORKER}</script>` })));
  const generalized = await page.evaluate(() => [navigator.connection.effectiveType, navigator.connection.downlink, navigator.connection.rtt]);
  expect(await page.evaluate(() => askConnection(window.early = connectionWorker()))).toEqual({ now: generalized, held: generalized });

  await grant(page);
  expect(await page.evaluate(() => navigator.connection)).toBeUndefined();
  await expect.poll(() => page.evaluate(() => askConnection(early))).toEqual({ now: undefined, held: [undefined, undefined, undefined] });
  expect(await page.evaluate(() => askConnection(window.late = connectionWorker()))).toEqual({ now: undefined, held: undefined });
  // A worker's script cannot hand itself the group the page leaves out.
  expect(await page.evaluate(() => askConnection(new Worker(URL.createObjectURL(new Blob(['Object.prototype.connection = {}; ' + workerSource]))))))
    .toEqual({ now: undefined, held: undefined });

  await revoke(page);
  await expect.poll(() => page.evaluate(() => askConnection(late))).toEqual({ now: generalized, held: undefined });
  expect(await page.evaluate(() => askConnection(early))).toEqual({ now: generalized, held: generalized });
});

