// Cookie-free mode (on by default): cookies dropped, identifier-like and SDK-declared
// storage kept in page memory only; the app's own storage untouched.
import { test, expect, shimPage, withSdk } from './fixtures.mjs';
import { IDB_SCRIPT, ledgerOf } from './helpers.mjs';

const manifest = withSdk({ storage: [{ key: 'RTC_DEVICE_ID', purpose: 'call' }, { key: 'vertc_*', purpose: 'diagnostics' }] });
const UUID = '3f2a9c0d-1b2e-4c5d-8e9f-0a1b2c3d4e5f';

test('document.cookie writes are dropped and recorded; after a reload there is still no cookie', async ({ page, serve }) => {
  const url = serve('/c.html', shimPage({ manifest }));
  await page.goto(url);
  const seen = await page.evaluate(() => {
    document.cookie = 'sid=s3cr3t-session; path=/';
    document.cookie = 'theme=dark; path=/';
    return document.cookie;
  });
  expect(seen).toBe('');
  const entries = await ledgerOf(page, 'document.cookie');
  expect(entries).toHaveLength(2);
  expect(entries[0]).toMatchObject({ action: 'drop', reason: 'cookie-free mode: no cookies on the device' });
  expect(JSON.stringify(entries)).not.toContain('s3cr3t');
  await page.reload();
  expect(await page.evaluate(() => document.cookie)).toBe('');
  expect(await page.context().cookies()).toEqual([]);
  // The setter is still the native-looking accessor on Document.prototype.
  expect(await page.evaluate(() => {
    const d = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
    return [typeof d.get, typeof d.set, Function.prototype.toString.call(d.set).includes('[native code]'),
      Object.prototype.hasOwnProperty.call(document, 'cookie')];
  })).toEqual(['function', 'function', true, false]);
});

test('with cookieFree off the page sets cookies as usual; Global Privacy Control switches the mode back on', async ({ page, serve }) => {
  const off = { ...manifest, defaults: { cookieFree: false } };
  await page.goto(serve('/off.html', shimPage({ manifest: off })));
  expect(await page.evaluate(() => { document.cookie = 'theme=dark; path=/'; return document.cookie; })).toBe('theme=dark');
  await page.evaluate(() => { document.cookie = 'theme=; path=/; max-age=0'; });
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true }));
  await page.goto(serve('/gpc.html', shimPage({ manifest: off })));
  expect(await page.evaluate(() => { document.cookie = 'theme=dark; path=/'; return document.cookie; })).toBe('');
});

test('cookieStore.set resolves without storing anything', async ({ page, serve }) => {
  await page.goto(serve('/cs.html', shimPage({ manifest })));
  const result = await page.evaluate(async () => {
    await cookieStore.set('sid', 'abc');
    return [await cookieStore.get('sid'), document.cookie];
  });
  expect(result).toEqual([null, '']);
  expect(await ledgerOf(page, 'cookieStore.set')).toHaveLength(1);
});

test('an SDK-like script that stores a UUID finds it in the page and none after a reload; the app keeps its own values', async ({ page, serve }) => {
  // A device id stored before the shim (an earlier visit without it) is removed on the next write.
  await page.addInitScript((id) => { if (!sessionStorage.getItem('seeded')) { localStorage.setItem('sdk_device', `old-${id}`); sessionStorage.setItem('seeded', '1'); } }, UUID);
  const url = serve('/s.html', shimPage({ manifest }));
  await page.goto(url);
  const inPage = await page.evaluate((id) => {
    localStorage.setItem('sdk_device', id);                 // identifier-like value
    localStorage.setItem('RTC_DEVICE_ID', 'abc');           // declared key, any value
    sessionStorage.setItem('sdk_session', 'dGhpc0lzQVJhbmRvbVRva2VuMTIz');
    localStorage.setItem('theme', 'dark');                  // the app's own
    localStorage.setItem('volume', '{"level":0.8}');
    return [localStorage.getItem('sdk_device'), localStorage.getItem('RTC_DEVICE_ID'), sessionStorage.getItem('sdk_session'),
      localStorage.getItem('theme')];
  }, UUID);
  expect(inPage).toEqual([UUID, 'abc', 'dGhpc0lzQVJhbmRvbVRva2VuMTIz', 'dark']);
  const entries = await page.evaluate(() => RtcPrivacyShim.current.ledger.entries().filter((e) => e.action === 'memory'));
  expect(entries.map((e) => `${e.surface}:${e.sdk}:${e.purpose}`)).toEqual(['localStorage::', 'localStorage:vertc:call', 'sessionStorage::']);
  expect(JSON.stringify(entries)).not.toContain(UUID);
  await page.reload();
  const after = await page.evaluate(() => [localStorage.getItem('sdk_device'), localStorage.getItem('RTC_DEVICE_ID'),
    sessionStorage.getItem('sdk_session'), localStorage.getItem('theme'), localStorage.getItem('volume')]);
  expect(after).toEqual([null, null, null, 'dark', '{"level":0.8}']);
});

test('removeItem and clear reach the values held in memory; Storage methods still look native', async ({ page, serve }) => {
  await page.goto(serve('/r.html', shimPage({ manifest })));
  const r = await page.evaluate((id) => {
    localStorage.setItem('a', id);
    localStorage.removeItem('a');
    const afterRemove = localStorage.getItem('a');
    localStorage.setItem('b', id);
    localStorage.clear();
    let error = '';
    try { localStorage.setItem('only-one-argument'); } catch (e) { error = e.name; }
    return [afterRemove, localStorage.getItem('b'), error, Function.prototype.toString.call(Storage.prototype.setItem).includes('[native code]'),
      Storage.prototype.setItem.name, Storage.prototype.setItem.length];
  }, UUID);
  expect(r).toEqual([null, null, 'TypeError', true, 'setItem', 2]);
});

test('a later ordinary value replaces one held in memory; each area holds its own', async ({ page, serve }) => {
  await page.goto(serve('/o.html', shimPage({ manifest })));
  const inPage = await page.evaluate((id) => {
    localStorage.setItem('k', id);             // held in memory
    localStorage.setItem('k', 'dark');         // the app's own value: stored, the memory copy gone
    sessionStorage.setItem('s', id);
    return [localStorage.getItem('k'), sessionStorage.getItem('s'), localStorage.getItem('s')];
  }, UUID);
  expect(inPage).toEqual(['dark', UUID, null]);
  await page.reload();
  expect(await page.evaluate(() => [localStorage.getItem('k'), sessionStorage.getItem('s')])).toEqual(['dark', null]);
});

test('a page that swaps window.Storage or its Symbol.hasInstance, or passes objects, still has identifiers kept off the device', async ({ page, serve }) => {
  await page.goto(serve('/b.html', shimPage({ manifest })));
  await page.evaluate((id) => {
    Object.defineProperty(Storage, Symbol.hasInstance, { value: () => false });
    window.Storage = function Storage() {};
    localStorage.setItem('a', id);
    // An object that names a harmless key to a first conversion and a declared one after.
    let calls = 0;
    const shifty = { toString: () => (calls++ === 0 ? 'theme' : 'RTC_DEVICE_ID') };
    localStorage.setItem(shifty, 'abc');
  }, UUID);
  await page.reload();
  expect(await page.evaluate(() => [localStorage.getItem('a'), localStorage.getItem('theme'), localStorage.getItem('RTC_DEVICE_ID')]))
    .toEqual([null, 'abc', null]);
});

// IndexedDB: an SDK's declared database lives for the page only; the app's own persists.
test('IndexedDB: a declared SDK database reads back in the page, is gone after a reload, and the app\'s own database persists', async ({ page, serve }) => {
  const idbManifest = { ...manifest, sdks: [{ ...manifest.sdks[0], storage: [...manifest.sdks[0].storage, { key: 'zego_*', purpose: 'call' }] }] };
  const url = serve('/idb.html', shimPage({ manifest: idbManifest, body: `<script>${IDB_SCRIPT}</script>` }));
  await page.goto(url);
  const inPage = await page.evaluate(async (id) => {
    await idb.put('zego_cache', 'deviceID', id);
    await idb.put('app_notes', 'draft', 'hello');
    const names = (await indexedDB.databases()).map((d) => d.name).sort();
    return { sdk: await idb.get('zego_cache', 'deviceID'), names };
  }, UUID);
  expect(inPage.sdk).toEqual({ value: UUID, name: 'zego_cache' });
  expect(inPage.names).toEqual(['app_notes', 'zego_cache']);
  const entries = await page.evaluate(() => RtcPrivacyShim.current.ledger.entries().filter((e) => e.surface === 'indexedDB'));
  expect(entries.map((e) => `${e.action}:${e.sdk}:${e.purpose}`)).toContain('memory:vertc:call');

  await page.reload();
  const after = await page.evaluate(async () => ({
    sdk: (await idb.get('zego_cache', 'deviceID')).value,
    app: (await idb.get('app_notes', 'draft')).value,
  }));
  expect(after).toEqual({ sdk: undefined, app: 'hello' });
  // On the device (read with a fresh page without the shim): no copy of the SDK's data under any name.
  const bare = serve('/bare.html', '<!doctype html><title>bare</title>');
  await page.goto(bare);
  await expect.poll(async () => page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name);
    const found = [];
    for (const name of names) {
      const db = await new Promise((resolve) => { const r = indexedDB.open(name); r.onsuccess = () => resolve(r.result); });
      if (db.objectStoreNames.contains('kv')) {
        const v = await new Promise((resolve) => { const r = db.transaction('kv').objectStore('kv').getAll(); r.onsuccess = () => resolve(r.result); });
        found.push(...v);
      }
      db.close();
    }
    return found;
  })).toEqual(['hello']);
});

test('named properties: localStorage.KEY = id, [\'k\'], defineProperty, delete and Object.keys go through the same decision', async ({ page, serve }) => {
  await page.goto(serve('/n.html', shimPage({ manifest })));
  const inPage = await page.evaluate((id) => {
    localStorage.RTC_DEVICE_ID = id;                        // declared key
    localStorage['sdk_uid'] = id;                            // identifier-like value
    Object.defineProperty(sessionStorage, 'sdk_s', { value: id });
    localStorage.theme = 'dark';                             // the app's own
    const seen = [localStorage.RTC_DEVICE_ID, localStorage.getItem('sdk_uid'), sessionStorage.sdk_s, 'sdk_uid' in localStorage,
      Object.keys(localStorage).sort(), JSON.stringify(localStorage) !== '{}', localStorage === window.localStorage,
      localStorage instanceof Storage, typeof localStorage.getItem, localStorage.length];
    delete localStorage.theme;
    seen.push(localStorage.getItem('theme'));
    localStorage.theme = 'light';
    return seen;
  }, UUID);
  expect(inPage).toEqual([UUID, UUID, UUID, true, ['RTC_DEVICE_ID', 'sdk_uid', 'theme'], true, true, true, 'function', 1, null]);
  await page.reload();
  expect(await page.evaluate(() => [localStorage.RTC_DEVICE_ID, localStorage.sdk_uid, sessionStorage.sdk_s, Object.keys(localStorage), localStorage.theme]))
    .toEqual([undefined, undefined, undefined, ['theme'], 'light']);
});

// A second tab's load must not take the first tab's session copy: only copies no live page
// answers for are leftovers. The browser's own list of databases comes from DevTools (the
// page's indexedDB.databases() shows only its own names).
test('IndexedDB: a second tab of the origin leaves the first tab\'s session copy alone; a closed tab\'s copy is deleted', async ({ page, serve, context }) => {
  const idbManifest = { ...manifest, sdks: [{ ...manifest.sdks[0], storage: [...manifest.sdks[0].storage, { key: 'zego_*', purpose: 'call' }] }] };
  const url = serve('/idb-tabs.html', shimPage({ manifest: idbManifest, body: `<script>${IDB_SCRIPT}</script>` }));
  await page.goto(url);
  const cdp = await context.newCDPSession(page);
  const securityOrigin = new URL(url).origin;
  const copies = async () => (await cdp.send('IndexedDB.requestDatabaseNames', { securityOrigin })).databaseNames
    .filter((name) => name.startsWith('rtc-privacy-shim:session:')).length;
  await page.evaluate(() => idb.put('zego_cache', 'deviceID', 'first tab'));
  const closing = await context.newPage();
  await closing.goto(url);
  await closing.evaluate(() => idb.put('zego_cache', 'deviceID', 'closing tab'));
  await closing.close();
  expect(await copies()).toBe(2);
  const second = await context.newPage();
  await second.goto(url);
  await expect.poll(copies, { timeout: 10000 }).toBe(1);
  expect(await page.evaluate(async () => (await idb.get('zego_cache', 'deviceID')).value)).toBe('first tab');
  await second.close();
});

test('a getRandomValues that throws before the shim loads does not stop it: it arms, and a declared database still lives for the page only', async ({ page, serve }) => {
  await page.addInitScript(() => { Crypto.prototype.getRandomValues = function getRandomValues() { throw new Error('broken'); }; });
  const idbManifest = { ...manifest, sdks: [{ ...manifest.sdks[0], storage: [...manifest.sdks[0].storage, { key: 'zego_*', purpose: 'call' }] }] };
  await page.goto(serve('/rnd.html', shimPage({ manifest: idbManifest, body: `<script>${IDB_SCRIPT}</script>` })));
  expect(await page.evaluate(() => RtcPrivacyShim.current.status().armed)).toBe(true);
  await page.evaluate(() => idb.put('zego_cache', 'deviceID', 'x'));
  const names = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  expect(names).toEqual(['zego_cache']);
  await page.reload();
  expect(await page.evaluate(async () => (await idb.get('zego_cache', 'deviceID')).value)).toBe(undefined);
});

// What the page can do with localStorage beyond its methods, asked of the browser without the
// shim and of the shim's view: the answers must be the same (errors by name).
const VIEW_PROBE = () => {
  const at = (fn) => { try { return fn(); } catch (e) { return e.name; } };
  localStorage.clear();
  const out = {
    event: at(() => new StorageEvent('storage', { key: 'k', storageArea: localStorage }).storageArea === localStorage),
    initEvent: at(() => {
      const e = new StorageEvent('storage');
      e.initStorageEvent('storage', false, false, 'k', null, 'v', '/', localStorage);
      return e.storageArea === localStorage;
    }),
    // Through another receiver the property lands on that receiver, not in the area.
    receivers: at(() => {
      const child = Object.create(localStorage);
      child.viaProto = 'v';
      const other = {};
      Reflect.set(localStorage, 'viaReflect', 'v', other);
      return [Object.keys(child), Object.keys(other)];
    }),
    // A name the prototype has is a property, not an item.
    length: at(() => { localStorage.length = 5; return typeof localStorage.length; }),
    strictLength: at(new Function('"use strict"; localStorage.length = 5; return "set";')),
    method: at(() => { localStorage.key = 'k'; return typeof localStorage.key; }),
    accessor: at(() => { Object.defineProperty(localStorage, 'accessor', { get: () => 'x' }); return 'defined'; }),
    symbolValue: at(() => localStorage.setItem('symbol', Symbol('s'))),
    namedSymbol: at(() => { localStorage.namedSymbol = Symbol('s'); return 'set'; }),
    databaseSymbol: at(() => { indexedDB.open(Symbol('db')); return 'opened'; }),
  };
  out.items = ['viaProto', 'viaReflect', 'length', 'key', 'accessor', 'symbol', 'namedSymbol']
    .map((name) => Storage.prototype.getItem.call(localStorage, name));
  out.keys = Object.keys(localStorage).sort();
  // A declared key (held in page memory by the shim) described while Object.prototype has a
  // `get`: the browser's descriptor is then invalid too (a TypeError), and so is the view's.
  localStorage.setItem('RTC_DEVICE_ID', 'device');
  Object.prototype.get = function get() {};
  out.descriptor = at(() => Object.getOwnPropertyDescriptor(localStorage, 'RTC_DEVICE_ID').value);
  delete Object.prototype.get;
  localStorage.clear();
  return out;
};

test('the named-property view answers as the browser: storage events take it, other receivers and the prototype\'s names stay properties, accessors and Symbols are refused', async ({ page, serve }) => {
  await page.goto(serve('/bare.html', '<!doctype html><title>bare</title>'));
  const browser = await page.evaluate(VIEW_PROBE);
  await page.goto(serve('/v.html', shimPage({ manifest })));
  expect(await page.evaluate(VIEW_PROBE)).toEqual(browser);
  expect(browser.event).toBe(true);  // the probe itself reached what it asks about
  expect(browser.items).toEqual([null, null, null, null, null, null, null]);
});
