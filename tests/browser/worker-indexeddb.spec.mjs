// Cookie-free mode for IndexedDB in the workers the page creates: a database an SDK declares,
// opened in a worker, lands in the page's session copy (the page and its workers share it, as
// they share a database without the shim), decided by the page's engine; the app's own
// databases keep their names. What is on the device is read with DevTools (the page's and the
// workers' indexedDB.databases() show only their own names).
import { test, expect, shimPage, withSdk } from './fixtures.mjs';
import { IDB_SCRIPT } from './helpers.mjs';

const manifest = withSdk({ storage: [{ key: 'zego_*', purpose: 'call' }, { key: 'vertc_*', purpose: 'diagnostics' }] });
const UUID = '3f2a9c0d-1b2e-4c5d-8e9f-0a1b2c3d4e5f';
const SESSION = 'rtc-privacy-shim:session:';

// runWorker(source, shared): a worker whose script is IDB_SCRIPT and then `source` (an async
// function body); → what it returns (an error: 'failed: ' + its name and message).
const RUN_WORKER = `window.runWorker = (source, shared) => new Promise((resolve) => {
  const text = ${JSON.stringify(IDB_SCRIPT)} + '\\nconst run = async () => {' + source + '};\\n'
    + 'const answer = run().catch((e) => "failed: " + e.name + " " + e.message);'
    + (shared ? 'onconnect = (e) => answer.then((v) => e.ports[0].postMessage(v));' : 'answer.then((v) => postMessage(v));');
  const url = URL.createObjectURL(new Blob([text]));
  if (shared) { const w = new SharedWorker(url); w.port.onmessage = (e) => resolve(e.data); } else { new Worker(url).onmessage = (e) => resolve(e.data); }
});`;

async function open(page, serve, path = '/widb.html') {
  await page.goto(serve(path, shimPage({ manifest, body: `<script>${IDB_SCRIPT}\n${RUN_WORKER}</script>` })));
  const cdp = await page.context().newCDPSession(page);
  const securityOrigin = new URL(page.url()).origin;
  // The origin's databases on the device, by their real names.
  return async () => (await cdp.send('IndexedDB.requestDatabaseNames', { securityOrigin })).databaseNames.sort();
}
const copiesIn = (names) => names.filter((name) => name.startsWith(SESSION)).length;

test('a declared database opened in a worker (and a worker it creates) is the page\'s session copy; the app\'s own keeps its name; the page records the decision', async ({ page, serve }) => {
  const onDevice = await open(page, serve);
  await page.evaluate(() => idb.put('vertc_log', 'line', 'from the page'));
  const inWorker = await page.evaluate(({ id, script }) => runWorker(`
    await idb.put('zego_cache', 'deviceID', '${id}');
    await idb.put('app_notes', 'draft', 'hello');
    const nested = await new Promise((resolve) => {
      const url = URL.createObjectURL(new Blob([${JSON.stringify(script)} + 'idb.put("zego_nested", "k", "nested").then(() => idb.get("zego_nested", "k")).then(postMessage);']));
      new Worker(url).onmessage = (e) => resolve(e.data);
    });
    return { sdk: await idb.get('zego_cache', 'deviceID'), app: await idb.get('app_notes', 'draft'), nested,
      names: (await indexedDB.databases()).map((d) => d.name).sort() };
  `), { id: UUID, script: IDB_SCRIPT });
  expect(inWorker).toEqual({
    sdk: { value: UUID, name: 'zego_cache' }, app: { value: 'hello', name: 'app_notes' }, nested: { value: 'nested', name: 'zego_nested' },
    names: ['app_notes', 'vertc_log', 'zego_cache', 'zego_nested'],
  });
  // One database for the page and its workers: the page reads what they wrote, under the same names.
  expect(await page.evaluate(async () => [await idb.get('zego_cache', 'deviceID'), await idb.get('zego_nested', 'k')]))
    .toEqual([{ value: UUID, name: 'zego_cache' }, { value: 'nested', name: 'zego_nested' }]);
  const names = await onDevice();
  expect(names.filter((name) => !name.startsWith(SESSION))).toEqual(['app_notes']);
  expect(copiesIn(names)).toBe(3);
  // Each name decided once by the page's engine, the workers' as the page's.
  const entries = await page.evaluate(() => RtcPrivacyShim.current.ledger.entries().filter((e) => e.surface === 'indexedDB')
    .map((e) => `${e.action}:${e.sdk}:${e.purpose}`));
  expect(entries).toEqual(['memory:vertc:diagnostics', 'memory:vertc:call', 'memory:vertc:call']);

  // A later load deletes the copies the workers wrote, as the page's own.
  await page.reload();
  await expect.poll(onDevice).toEqual(['app_notes']);
  expect(await page.evaluate(() => runWorker(`return [(await idb.get('zego_cache', 'deviceID')).value, (await idb.get('app_notes', 'draft')).value];`)))
    .toEqual([undefined, 'hello']);
});

test('a dedicated worker opens a name the page had decided as the app\'s own with the browser\'s own request; other names, and a shared worker, ask the page first', async ({ page, serve }) => {
  await open(page, serve);
  await page.evaluate(() => idb.put('app_notes', 'draft', 'hello'));
  // A stand-in relays the real request's events as its own, which are not isTrusted.
  const trusted = `const first = (name) => new Promise((resolve) => {
      const request = indexedDB.open(name);
      request.onsuccess = (e) => { request.result.close(); resolve(e.isTrusted); };
    });
    return [await first('app_notes'), await first('app_other'), await first('zego_cache')];`;
  expect(await page.evaluate((source) => runWorker(source), trusted)).toEqual([true, false, false]);
  expect(await page.evaluate((source) => runWorker(source, true), trusted)).toEqual([false, false, false]);
  // A worker another worker made asks too: its config is its maker's, which a shared worker
  // may have from an earlier page load (Chromium gives shared workers no Worker; a dedicated
  // worker's child stands for the rule).
  expect(await page.evaluate(({ script }) => runWorker(`return await new Promise((resolve) => {
      const url = URL.createObjectURL(new Blob([${JSON.stringify(script)} + 'const r = indexedDB.open("app_notes"); r.onsuccess = (e) => { r.result.close(); postMessage(e.isTrusted); };']));
      new Worker(url).onmessage = (e) => resolve(e.data);
    });`), { script: IDB_SCRIPT })).toBe(false);
});

test('the worker\'s request comes at once and acts as the browser\'s: upgradeneeded in an active versionchange transaction, blocked, errors, deleteDatabase', async ({ page, serve }) => {
  const onDevice = await open(page, serve);
  const log = await page.evaluate(() => runWorker(`
    const log = [];
    const at = (fn) => { try { return fn(); } catch (e) { return e.name; } };
    log.push(at(() => indexedDB.open('zego_x', 0)), at(() => indexedDB.open(Symbol('db'))), at(() => indexedDB.open('zego_x', 2 ** 53)));
    const first = indexedDB.open('zego_x', 1);
    const second = indexedDB.open('zego_x', 2);
    log.push([first instanceof IDBOpenDBRequest, Object.prototype.toString.call(first), first.readyState, at(() => first.result),
      at(() => first.error), first.source, first.transaction, first.onsuccess]);
    first.onupgradeneeded = (e) => {
      log.push('upgrade ' + e.oldVersion + '>' + e.newVersion + ' ' + (e.target === first) + ' ' + (e instanceof IDBVersionChangeEvent));
      const store = first.result.createObjectStore('kv');
      store.put('written in the upgrade', 'k');  // the versionchange transaction is active
      log.push(first.transaction.mode);
    };
    const db1 = await new Promise((resolve) => first.addEventListener('success', () => resolve(first.result)));
    log.push([first.readyState, first.error, db1.name, db1.version]);
    db1.onversionchange = (e) => log.push('versionchange ' + e.oldVersion + '>' + e.newVersion);
    second.onblocked = (e) => { log.push('blocked ' + e.oldVersion + '>' + e.newVersion); db1.close(); };
    second.onupgradeneeded = (e) => log.push('upgrade ' + e.oldVersion + '>' + e.newVersion);
    const db2 = await new Promise((resolve) => { second.onsuccess = () => resolve(second.result); });
    log.push(await new Promise((resolve) => { const r = db2.transaction('kv').objectStore('kv').get('k'); r.onsuccess = () => resolve(r.result); }));
    db2.close();
    // A decided name: the browser's own request and events.
    const again = indexedDB.open('zego_x');
    log.push(await new Promise((resolve) => { again.onsuccess = (e) => { again.result.close(); resolve(e.isTrusted + ' ' + again.result.name + ' ' + again.result.version); }; }));
    return log;
  `));
  expect(log).toEqual([
    'TypeError', 'TypeError', 'TypeError',
    [true, '[object IDBOpenDBRequest]', 'pending', 'InvalidStateError', 'InvalidStateError', null, null, null],
    'upgrade 0>1 true true', 'versionchange',
    ['done', null, 'zego_x', 1],
    'versionchange 1>2', 'blocked 1>2', 'upgrade 1>2',
    'written in the upgrade',
    'true zego_x 2',
  ]);
  const names = await onDevice();
  expect([names.includes('zego_x'), copiesIn(names)]).toEqual([false, 1]);
  // Another worker: an error and a deletion, relayed by stand-ins (its first requests for the name).
  expect(await page.evaluate(() => runWorker(`
    const old = indexedDB.open('zego_x', 1);
    const error = await new Promise((resolve) => { old.onerror = (e) => resolve([e.type, e.bubbles, e.cancelable, old.readyState, old.error.name, old.result]); });
    const removed = indexedDB.deleteDatabase('zego_x');
    const deleted = await new Promise((resolve) => { removed.onsuccess = (e) => resolve([removed instanceof IDBOpenDBRequest, e.oldVersion, e.newVersion, removed.result]); });
    // A listener that throws in upgradeneeded aborts the upgrade, as in the browser.
    const throwing = indexedDB.open('zego_t', 1);
    throwing.addEventListener('upgradeneeded', () => { throwing.result.createObjectStore('kv'); throw new Error('in the upgrade'); });
    const aborted = await new Promise((resolve) => {
      throwing.onerror = (e) => { e.preventDefault(); resolve(throwing.error.name); };
      throwing.onsuccess = () => { throwing.result.close(); resolve('upgraded'); };
    });
    return { error, deleted, aborted, names: (await indexedDB.databases()).map((d) => d.name) };
  `))).toEqual({ error: ['error', true, true, 'done', 'VersionError', undefined], deleted: [true, 2, null, undefined], aborted: 'AbortError', names: [] });
  expect(await onDevice()).toEqual([]);
});

test('a shared worker writes to the page\'s session copy; "forget me" deletes it with the page\'s', async ({ page, serve }) => {
  const onDevice = await open(page, serve);
  expect(await page.evaluate(() => runWorker(`await idb.put('zego_cache', 'deviceID', 'shared'); return (await idb.get('zego_cache', 'deviceID')).name;`, true)))
    .toBe('zego_cache');
  expect(await page.evaluate(async () => (await idb.get('zego_cache', 'deviceID')).value)).toBe('shared');
  const names = await onDevice();
  expect([names.includes('zego_cache'), copiesIn(names)]).toEqual([false, 1]);
  await page.evaluate(() => RtcPrivacyShim.current.consent.forgetMe());
  expect(await onDevice()).toEqual([]);
});

// A shared worker started again from its bootstrap (the first one closed) has no answer from
// the page until its first message: a declared database it opens at its start waits for the
// page and lands in the session copy; the real name is never opened.
test('a shared worker started again opens a declared database at its start: it waits for the page, never the real name', async ({ page, serve }) => {
  const onDevice = await open(page, serve);
  await page.evaluate((script) => {
    // At its start, before any message: count its starts in zego_cache.
    const text = `${script}
      const count = idb.get('zego_cache', 'starts').then((r) => idb.put('zego_cache', 'starts', (r.value || 0) + 1)).then(() => idb.get('zego_cache', 'starts'));
      const held = new Promise((r) => navigator.locks.request('idb-starts', () => { r(); return new Promise(() => {}); }));
      onconnect = (e) => { const port = e.ports[0]; port.onmessage = async (m) => {
        await held;
        if (m.data === 'close') { port.postMessage('closing'); return close(); }
        port.postMessage(await count);
      }; };`;
    window.startsUrl = URL.createObjectURL(new Blob([text]));
    window.starts = (what) => new Promise((resolve) => {
      const worker = new SharedWorker(startsUrl);
      worker.port.onmessage = (e) => resolve(what === 'close' ? navigator.locks.request('idb-starts', () => 'gone') : e.data);
      worker.port.postMessage(what);
    });
  }, IDB_SCRIPT);
  expect(await page.evaluate(() => starts('read'))).toEqual({ value: 1, name: 'zego_cache' });
  expect(await page.evaluate(() => starts('close'))).toBe('gone');
  expect(await page.evaluate(() => starts('read'))).toEqual({ value: 2, name: 'zego_cache' });
  expect(await page.evaluate(async () => (await idb.get('zego_cache', 'starts')).value)).toBe(2);
  const names = await onDevice();
  expect([names.includes('zego_cache'), copiesIn(names)]).toEqual([false, 1]);
});

// The page's answer lost on the way (here an init script, run before the shim captures
// MessagePort#postMessage, turns the page's answers that name a copy, and its lists, into
// errors): the worker's request fails as the browser's do when it cannot open a database, and
// nothing is opened, under the real name or any; the app's own database still opens.
test('fails closed: a worker whose request the page could not answer gets an UnknownError and opens nothing', async ({ page, serve }) => {
  await page.addInitScript((prefix) => {
    const post = MessagePort.prototype.postMessage;
    MessagePort.prototype.postMessage = function postMessage(message, ...rest) {
      const copy = message && message.ok === true && (Array.isArray(message.value) || String(message.value).startsWith(prefix));
      return post.call(this, copy ? { id: message.id, ok: false, error: 'lost' } : message, ...rest);
    };
  }, SESSION);
  const onDevice = await open(page, serve);
  expect(await page.evaluate(() => runWorker(`
    const request = indexedDB.open('zego_cache', 1);
    const failed = await new Promise((resolve) => {
      request.onsuccess = () => resolve('opened ' + request.result.name);
      request.onerror = (e) => resolve([e.type, request.readyState, request.error.name, request.result]);
    });
    const listed = await indexedDB.databases().then(() => 'listed', (e) => e.name);
    return { failed, listed, app: await idb.get('app_notes', 'draft') };
  `))).toEqual({ failed: ['error', 'done', 'UnknownError', undefined], listed: 'UnknownError', app: { value: undefined, name: 'app_notes' } });
  expect(await onDevice()).toEqual(['app_notes']);
});

// The version is converted once: a valueOf that throws the first time throws out of open(), as
// in the browser, and the name is never handed to the browser with the version converted again.
test('a version whose valueOf throws once: open() throws it, and the declared database is never opened under its real name', async ({ page, serve }) => {
  const onDevice = await open(page, serve);
  const inWorker = await page.evaluate(() => runWorker(`
    let calls = 0;
    const version = { valueOf() { if (calls++ === 0) throw new RangeError('first'); return 1; } };
    let thrown = 'no error';
    try { indexedDB.open('zego_flip', version); } catch (e) { thrown = e.name + ' ' + e.message; }
    const symbol = (() => { try { indexedDB.open('zego_flip', Symbol('v')); return 'no error'; } catch (e) { return e.name; } })();
    await idb.put('zego_after', 'k', 'v');
    return { thrown, calls, symbol };
  `));
  expect(inWorker).toEqual({ thrown: 'RangeError first', calls: 1, symbol: 'TypeError' });
  const names = await onDevice();
  expect(names.filter((name) => !name.startsWith(SESSION))).toEqual([]);
});

// A handler's listener takes its place among the listeners when the handler is first set, keeps
// it when the handler is replaced, and leaves when it is set to null, as the browser's do.
test('the stand-in runs handlers and listeners in the browser\'s order', async ({ page, serve }) => {
  const ORDER = (name) => `
    const log = [];
    const r = indexedDB.open('${name}', 1);
    r.addEventListener('upgradeneeded', () => log.push('u-listener'));
    r.onupgradeneeded = () => log.push('u-handler-first');
    r.onupgradeneeded = () => log.push('u-handler');
    r.addEventListener('success', () => log.push('listener'));
    r.onsuccess = () => log.push('handler-gone');
    r.onsuccess = null;
    r.onsuccess = () => log.push('handler');
    const handlers = [typeof r.onupgradeneeded, r.onerror];
    await new Promise((resolve) => r.addEventListener('success', resolve));
    r.result.close();
    return [log, handlers];
  `;
  await page.goto(serve('/order-native.html', `<!doctype html><script>${RUN_WORKER}</script>`));
  const native = await page.evaluate((source) => runWorker(source), ORDER('app_order_native'));
  expect(native).toEqual([['u-listener', 'u-handler', 'listener', 'handler'], ['function', null]]);
  await open(page, serve);
  expect(await page.evaluate((source) => runWorker(source), ORDER('app_order'))).toEqual(native);
});
