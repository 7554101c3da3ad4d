// Consent flow beyond grant and revoke: held SDK scripts and shim.load(), receipts across
// reloads and revisions, withdraw all, forget me, Google Consent Mode and Global Privacy Control.
import { test, expect, shimPage, MANIFEST, withSdk } from './fixtures.mjs';

const PROBE = '/tests/browser/pages/held-probe.js';
const held = (purpose, n, attrs = '') => `<script type="text/plain" data-rtc-privacy-purpose="${purpose}" src="${PROBE}?n=${n}"${attrs}></script>`;
const runs = (page) => page.evaluate(() => window.heldRuns || []);
const scriptEntries = (page) => page.evaluate(() => RtcPrivacyShim.current.ledger.entries()
  .filter((e) => e.surface === 'script').map((e) => `${e.action} ${e.purpose} ${e.reason}`));
const withBridges = (bridges) => ({ ...MANIFEST, bridges });
const GPC = () => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true });

test.describe('held scripts', () => {
  test('run only after consent, in document order, each once, with their attributes; a module too', async ({ page, serve }) => {
    // The first script's response waits for the test: an inline script after it must wait too.
    let release;
    const released = new Promise((resolve) => { release = resolve; });
    await page.route(`**${PROBE}?n=a`, async (route) => { await released; await route.continue(); });
    const body = held('call', 'a', ' id="sdk-a" data-app-id="42"')
      + '<script type="text/plain" data-rtc-privacy-purpose="call">(window.heldRuns = window.heldRuns || []).push("inline-b")</script>'
      + held('call', 'c')
      + held('diagnostics', 'd')
      + '<script type="text/plain" data-rtc-privacy-purpose="call" data-rtc-privacy-type="module" src="/tests/browser/pages/held-probe.mjs?n=e"></script>'
      + '<script>window.ranBeforeConsent = window.heldRuns;</script>';
    await page.goto(serve('/held.html', shimPage({ body })));
    expect(await page.evaluate(() => window.ranBeforeConsent)).toBeUndefined();
    expect(await scriptEntries(page)).toEqual([
      'hold call consent "call" is unset', 'hold call consent "call" is unset', 'hold call consent "call" is unset',
      'hold diagnostics consent "diagnostics" is unset', 'hold call consent "call" is unset',
    ]);

    await page.evaluate(() => RtcPrivacyShim.current.consent.grant('call'));
    expect(await runs(page)).toEqual([]);  // "a" is still loading: nothing after it ran
    // Another change while the rest wait their turn: they are queued once.
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant('share'));
    release();
    await page.waitForFunction(() => window.heldRuns && window.heldRuns.length === 4);
    expect(await runs(page)).toEqual(['a', 'inline-b', 'c', 'module:e']);

    // Grants again, and a load that finishes after everything queued: nothing runs twice.
    await page.evaluate(async () => {
      const shim = RtcPrivacyShim.current;
      shim.consent.revoke('call');
      shim.consent.grant('call');
      await shim.load('/tests/browser/pages/held-probe.js?n=z', 'call');
    });
    expect(await runs(page)).toEqual(['a', 'inline-b', 'c', 'module:e', 'z']);
    expect(await page.evaluate(() => {
      const a = document.getElementById('sdk-a');
      return { appId: a.dataset.appId, type: a.getAttribute('type'), purpose: a.hasAttribute('data-rtc-privacy-purpose'),
        still: [...document.querySelectorAll('script[type="text/plain"]')].map((s) => s.getAttribute('src')) };
    })).toEqual({ appId: '42', type: null, purpose: false, still: [`${PROBE}?n=d`] });
    expect((await scriptEntries(page)).filter((e) => e.startsWith('allow'))).toHaveLength(5);
  });

  test('restored consent runs them as they are parsed; scripts the app adds later are held too', async ({ page, serve }) => {
    const url = serve('/restored.html', shimPage({ body: held('call', 'parsed') }));
    await page.goto(url);
    expect(await runs(page)).toEqual([]);
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant('call'));
    await page.waitForFunction(() => window.heldRuns && window.heldRuns.length === 1);
    await page.reload();
    await page.waitForFunction(() => window.heldRuns && window.heldRuns.length === 1);
    expect(await runs(page)).toEqual(['parsed']);

    const add = (purpose, n) => page.evaluate(([p, name]) => {
      const s = document.createElement('script');
      s.type = 'text/plain';
      s.dataset.rtcPrivacyPurpose = p;
      s.src = `/tests/browser/pages/held-probe.js?n=${name}`;
      document.body.append(document.createElement('div').appendChild(s).parentNode);
    }, [purpose, n]);
    await add('call', 'added-granted');
    await add('diagnostics', 'added-unset');
    await page.waitForFunction(() => window.heldRuns.length === 2);
    expect(await runs(page)).toEqual(['parsed', 'added-granted']);
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
    await page.waitForFunction(() => window.heldRuns.length === 3);
    expect(await runs(page)).toEqual(['parsed', 'added-granted', 'added-unset']);
  });

  test('an unknown purpose never runs: the console names the script and the purpose, the ledger records it', async ({ page, serve, consoleErrors }) => {
    await page.goto(serve('/unknown.html', shimPage({ body: held('calls', 'u') })));
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant(['call', 'share', 'diagnostics']));
    await page.evaluate(() => RtcPrivacyShim.current.load('/tests/browser/pages/held-probe.js?n=after', 'call'));
    expect(await runs(page)).toEqual(['after']);
    expect(consoleErrors.some((e) => e.includes(`<script data-rtc-privacy-purpose="calls" src="${PROBE}?n=u"> not run: unknown purpose "calls"`))).toBe(true);
    expect(await scriptEntries(page)).toEqual(['deny  unknown purpose "calls"', 'allow call consent "call" is granted']);
  });

  test('shim.load() waits for consent, resolves once the script ran, rejects an unknown purpose and a load error', async ({ page, serve }) => {
    const requested = [];
    page.on('request', (r) => requested.push(new URL(r.url()).search));
    await page.goto(serve('/load.html', shimPage()));
    const outcome = await page.evaluate(async () => {
      const shim = RtcPrivacyShim.current;
      window.pending = shim.load('/tests/browser/pages/held-probe.js?n=later', 'call').then(() => window.heldRuns.slice());
      const unknown = await shim.load('/tests/browser/pages/held-probe.js?n=x', 'calls').catch((e) => `${e.name}: ${e.message}`);
      const notString = await shim.load('/x.js', 7).catch((e) => e.name);
      shim.consent.grant('share');
      await shim.load('/tests/browser/pages/held-probe.js?n=first', 'share');
      return { unknown, notString, ranSoFar: window.heldRuns.slice() };
    });
    expect(outcome).toEqual({ unknown: 'RangeError: rtc-privacy-shim: load: unknown purpose "calls"', notString: 'TypeError', ranSoFar: ['first'] });
    expect(requested).not.toContain('?n=later');
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant('call'));
    expect(await page.evaluate(() => window.pending)).toEqual(['first', 'later']);
    expect(await page.evaluate(() => RtcPrivacyShim.current.load('/tests/browser/pages/no-such-script.js', 'call').then(() => 'loaded', (e) => e.message)))
      .toBe('rtc-privacy-shim: load: /tests/browser/pages/no-such-script.js failed to load');
  });

  test('shim.load() of the same src for the same purpose loads it once; after a failure it tries again', async ({ page, serve }) => {
    const requested = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname + new URL(r.url()).search));
    await page.goto(serve('/load-once.html', shimPage()));
    const outcome = await page.evaluate(async () => {
      const shim = RtcPrivacyShim.current;
      const first = shim.load('/tests/browser/pages/held-probe.js?n=once', 'call');
      const second = shim.load('/tests/browser/pages/held-probe.js?n=once', 'call');
      shim.consent.grant('call');
      await Promise.all([first, second]);
      const third = shim.load('/tests/browser/pages/held-probe.js?n=once', 'call');
      await third;
      const missing = () => shim.load('/tests/browser/pages/no-such-script.js', 'call').then(() => 'loaded', () => 'failed');
      return { same: first === second && second === third, runs: window.heldRuns.slice(), failures: [await missing(), await missing()] };
    });
    expect(outcome).toEqual({ same: true, runs: ['once'], failures: ['failed', 'failed'] });
    expect(requested.filter((r) => r === '/tests/browser/pages/held-probe.js?n=once')).toHaveLength(1);
    expect(requested.filter((r) => r === '/tests/browser/pages/no-such-script.js')).toHaveLength(2);
  });

  test('a page that defines Object.prototype.el and .resolve changes neither a load nor a held script', async ({ page, serve }) => {
    await page.goto(serve('/held-pollution.html', shimPage({ body: `<div id="victim"></div>${held('call', 'element')}` })));
    const outcome = await page.evaluate(async () => {
      Object.defineProperty(Object.prototype, 'el', { get: () => document.getElementById('victim'), configurable: true });
      Object.defineProperty(Object.prototype, 'resolve', { value: () => { window.polluted = true; }, configurable: true, writable: true });
      const shim = RtcPrivacyShim.current;
      shim.consent.grant('call');
      await shim.load('/tests/browser/pages/held-probe.js?n=loaded', 'call');
      await new Promise((resolve) => { const wait = () => (window.heldRuns.length === 2 ? resolve() : setTimeout(wait, 10)); wait(); });
      return { victim: !!document.getElementById('victim'), polluted: window.polluted === true, runs: window.heldRuns.slice().sort() };
    });
    expect(outcome).toEqual({ victim: true, polluted: false, runs: ['element', 'loaded'] });
  });

  test('strict CSP (script-src \'self\' \'wasm-unsafe-eval\'): a held src script runs, an inline one cannot', async ({ page, serve }) => {
    const body = held('call', 'strict') + '<script type="text/plain" data-rtc-privacy-purpose="call">window.inlineRan = true</script>';
    await page.goto(`${serve('/held-csp.html', shimPage({ body }))}?csp=strict`);
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant('call'));
    await page.waitForFunction(() => window.heldRuns && window.heldRuns.length === 1);
    expect(await runs(page)).toEqual(['strict']);
    expect(await page.evaluate(() => window.inlineRan)).toBeUndefined();
  });

  test('a nonce CSP: the held scripts\' nonce is carried over, so both src and inline ones run', async ({ page, serve }) => {
    const csp = "script-src 'nonce-n0nce' 'wasm-unsafe-eval'";
    const manifest = `<script type="application/json" data-rtc-privacy-manifest>${JSON.stringify(MANIFEST)}</script>`;
    const body = held('call', 'nonced', ' nonce="n0nce"')
      + '<script type="text/plain" nonce="n0nce" data-rtc-privacy-purpose="call">(window.heldRuns = window.heldRuns || []).push("inline")</script>'
      + held('call', 'no-nonce');
    const html = `<!doctype html><html><head>${manifest}<script nonce="n0nce" src="/dist/rtc-privacy-shim.js"></script></head><body>${body}</body></html>`;
    const url = serve('/unused.html', '');
    await page.route('**/held-nonce.html', (route) => route.fulfill({ headers: { 'content-type': 'text/html', 'content-security-policy': csp }, body: html }));
    await page.goto(url.replace('/unused.html', '/held-nonce.html'));
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant('call'));
    await page.evaluate(() => RtcPrivacyShim.current.load('/tests/browser/pages/held-probe.js?n=barrier', 'call').catch(() => 'blocked'));
    expect(await runs(page)).toEqual(['nonced', 'inline']);
  });
});

test.describe('receipts, withdraw all, forget me', () => {
  test('receipts survive a reload; a new manifest revision leaves every purpose unset and asks again', async ({ page, serve }) => {
    const url = serve('/receipts.html', shimPage());
    await page.goto(url);
    expect(await page.evaluate(() => RtcPrivacyShim.current.consent.needsPrompt())).toBe(true);
    const before = await page.evaluate(() => {
      const { consent } = RtcPrivacyShim.current;
      consent.grant(['call', 'share']);
      const partly = consent.needsPrompt();
      consent.revoke('diagnostics');
      return { partly, after: consent.needsPrompt(), receipts: consent.receipts() };
    });
    expect(before.partly).toBe(true);
    expect(before.after).toBe(false);
    expect(Object.keys(before.receipts[0])).toEqual(['id', 'revision', 'time', 'method', 'locale', 'dialogVersion', 'changed', 'purposes']);
    expect(before.receipts[1]).toMatchObject({ revision: 'r1', method: 'api', locale: 'en', dialogVersion: '', changed: ['diagnostics'],
      purposes: { call: 'granted', share: 'granted', diagnostics: 'denied' } });

    await page.reload();
    expect(await page.evaluate(() => [RtcPrivacyShim.current.consent.receipts(), RtcPrivacyShim.current.consent.needsPrompt()]))
      .toEqual([before.receipts, false]);

    serve('/receipts.html', shimPage({ manifest: { ...MANIFEST, revision: 'r2' } }));
    await page.reload();
    expect(await page.evaluate(() => {
      const shim = RtcPrivacyShim.current;
      return { prompt: shim.consent.needsPrompt(), state: shim.consent.state(), restored: shim.status().consentRestored };
    })).toEqual({ prompt: true, state: { call: 'unset', share: 'unset', diagnostics: 'unset' }, restored: 'reset_revision_changed' });
  });

  test('withdrawAll() denies every purpose and ends a live camera track', async ({ page, serve }) => {
    await page.goto(serve('/withdraw.html', shimPage()));
    const result = await page.evaluate(async () => {
      const shim = RtcPrivacyShim.current;
      shim.consent.grant(['call', 'share']);
      const [track] = (await navigator.mediaDevices.getUserMedia({ video: true })).getVideoTracks();
      const live = track.readyState;
      const state = shim.consent.withdrawAll();
      return { live, ended: track.readyState, state, receipt: shim.consent.receipt() };
    });
    expect(result.live).toBe('live');
    expect(result.ended).toBe('ended');
    expect(result.state).toEqual({ call: 'denied', share: 'denied', diagnostics: 'denied' });
    expect(result.receipt).toMatchObject({ method: 'api', changed: ['call', 'share', 'diagnostics'] });
  });

  test('forgetMe() revokes, then nothing of the shim stays in localStorage or IndexedDB, and a reload starts unset', async ({ page, serve }) => {
    // The browser's own IndexedDB list, taken before the shim wraps it (it hides session copies).
    await page.addInitScript(() => {
      const databases = IDBFactory.prototype.databases;
      window.nativeNames = async () => (await databases.call(indexedDB)).map((d) => d.name);
    });
    const manifest = withSdk({ storage: [{ key: 'vertc_*', purpose: 'call' }] });
    const url = serve('/forget.html', shimPage({ manifest }));
    await page.goto(url);
    const shimKeys = () => page.evaluate(async () => ({
      storage: Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i)).filter((k) => k.startsWith('rtc-privacy-shim')),
      databases: (await window.nativeNames()).filter((n) => n.startsWith('rtc-privacy-shim')),
    }));
    await page.evaluate(async () => {
      const shim = RtcPrivacyShim.current;
      shim.consent.grant('call');
      const open = (name) => new Promise((resolve) => { indexedDB.open(name).onsuccess = (e) => resolve(e.target.result); });
      (await open('vertc_cache')).close();
      window.heldOpen = await open('vertc_live');  // still open: its deletion waits for it to close
      localStorage.setItem('app-setting', 'dark');
    });
    const stored = await shimKeys();
    expect(stored.storage).toEqual(['rtc-privacy-shim:consent']);
    expect(stored.databases).toHaveLength(2);

    const after = await page.evaluate(async () => {
      const shim = RtcPrivacyShim.current;
      const state = await shim.consent.forgetMe();
      window.heldOpen.close();
      return { state, receipts: shim.consent.receipts(), app: localStorage.getItem('app-setting') };
    });
    expect(after).toEqual({ state: { call: 'denied', share: 'denied', diagnostics: 'denied' }, receipts: [], app: 'dark' });
    expect((await shimKeys()).storage).toEqual([]);
    // The open copy goes once its connection has closed.
    await expect.poll(async () => (await shimKeys()).databases).toEqual([]);

    await page.reload();
    expect(await shimKeys()).toEqual({ storage: [], databases: [] });
    expect(await page.evaluate(() => {
      const shim = RtcPrivacyShim.current;
      return { state: shim.consent.state(), receipts: shim.consent.receipts(), prompt: shim.consent.needsPrompt() };
    })).toEqual({ state: { call: 'unset', share: 'unset', diagnostics: 'unset' }, receipts: [], prompt: true });
  });
});

test.describe('bridges', () => {
  const GCM = { googleConsentMode: { analytics_storage: ['diagnostics'], ad_storage: [], ad_user_data: [], ad_personalization: [] } };
  const DENIED = { analytics_storage: 'denied', ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' };
  const layer = (page) => page.evaluate(() => (window.dataLayer || []).map((entry) => [Object.prototype.toString.call(entry), ...entry]));

  test('Google Consent Mode: a default with everything denied at arm, an update on every change, as gtag pushes them', async ({ page, serve }) => {
    const url = serve('/gcm.html', shimPage({ manifest: withBridges(GCM), body: '<script>window.layerAtFirstScript = dataLayer.length;</script>' }));
    await page.goto(url);
    expect(await page.evaluate(() => window.layerAtFirstScript)).toBe(1);
    expect(await layer(page)).toEqual([['[object Arguments]', 'consent', 'default', DENIED]]);
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant(['diagnostics', 'call']));
    await page.evaluate(() => RtcPrivacyShim.current.consent.revoke('call'));
    const granted = { ...DENIED, analytics_storage: 'granted' };
    expect((await layer(page)).slice(1)).toEqual([['[object Arguments]', 'consent', 'update', granted], ['[object Arguments]', 'consent', 'update', granted]]);

    // Restored consent: the default, then at once the update that says what the user chose.
    await page.reload();
    expect(await layer(page)).toEqual([['[object Arguments]', 'consent', 'default', DENIED], ['[object Arguments]', 'consent', 'update', granted]]);
  });

  test('Global Privacy Control denies the listed purposes as method gpc; an explicit grant wins and holds across reloads', async ({ page, serve }) => {
    await page.addInitScript(GPC);
    const url = serve('/gpc.html', shimPage({ manifest: withBridges({ ...GCM, globalPrivacyControl: { deny: ['diagnostics'] } }) }));
    await page.goto(url);
    const first = await page.evaluate(() => {
      const shim = RtcPrivacyShim.current;
      return { state: shim.consent.state(), receipts: shim.consent.receipts().map((r) => [r.method, r.changed]), prompt: shim.consent.needsPrompt() };
    });
    expect(first).toEqual({ state: { call: 'unset', share: 'unset', diagnostics: 'denied' }, receipts: [['gpc', ['diagnostics']]], prompt: true });

    await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
    await page.reload();
    const second = await page.evaluate(() => {
      const shim = RtcPrivacyShim.current;
      return { state: shim.consent.state().diagnostics, receipts: shim.consent.receipts().map((r) => r.method) };
    });
    expect(second).toEqual({ state: 'granted', receipts: ['gpc', 'api'] });
    expect(await layer(page)).toEqual([['[object Arguments]', 'consent', 'default', DENIED],
      ['[object Arguments]', 'consent', 'update', { ...DENIED, analytics_storage: 'granted' }]]);
  });

  test('a page getter for globalPrivacyControl that throws is read as not set: consent is restored and the bridges run', async ({ page, serve }) => {
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {
      get() { throw new Error('no GPC here'); }, configurable: true }));
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(serve('/gpc-throws.html', shimPage({ manifest: withBridges({ ...GCM, globalPrivacyControl: { deny: ['diagnostics'] } }) })));
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
    await page.reload();
    const after = await page.evaluate(() => {
      const shim = RtcPrivacyShim.current;
      return { state: shim.consent.state().diagnostics, restored: shim.status().consentRestored, receipts: shim.consent.receipts().map((r) => r.method) };
    });
    expect(after).toEqual({ state: 'granted', restored: 'applied', receipts: ['api'] });
    expect(await layer(page)).toEqual([['[object Arguments]', 'consent', 'default', DENIED],
      ['[object Arguments]', 'consent', 'update', { ...DENIED, analytics_storage: 'granted' }]]);
    expect(errors).toEqual([]);
  });

  test('without Global Privacy Control nothing is denied for it', async ({ page, serve }) => {
    await page.goto(serve('/no-gpc.html', shimPage({ manifest: withBridges({ globalPrivacyControl: { deny: ['diagnostics'] } }) })));
    expect(await page.evaluate(() => [RtcPrivacyShim.current.consent.state().diagnostics, RtcPrivacyShim.current.consent.receipts()]))
      .toEqual(['unset', []]);
  });
});

// Trusted Types refuse a script text or src that no policy made: a held script runs as
// itself (its text and src the page's own, parsed), not as a copy whose text or src the shim
// would set.
test('Trusted Types enforced, no policy allowed: held src, inline and module scripts run on consent, in order, and nothing is refused', async ({ page, serve, consoleErrors }) => {
  const head = `<meta http-equiv="Content-Security-Policy" content="require-trusted-types-for 'script'; trusted-types 'none'">`;
  const body = held('call', 'src')
    + '<script type="text/plain" data-rtc-privacy-purpose="call">window.heldRuns.push("inline")</script>'
    + '<script type="text/plain" data-rtc-privacy-purpose="call" data-rtc-privacy-type="module">window.heldRuns.push("module")</script>';
  await page.goto(serve('/held-trusted-types.html', shimPage({ head, body: `${body}<p id="sibling"></p>` })));
  // HTML parsed next to them marks the scripts it made as started (they never run), not these.
  await page.evaluate(() => {
    document.body.insertAdjacentHTML('beforeend', trustedTypes.emptyHTML);
    document.getElementById('sibling').outerHTML = trustedTypes.emptyHTML;
  });
  await page.evaluate(() => RtcPrivacyShim.current.consent.grant('call'));
  await expect.poll(() => runs(page)).toEqual(['src', 'inline', 'module']);
  // Each is the page's element, its type given back and the shim's attributes gone.
  expect(await page.evaluate(() => [...document.body.querySelectorAll('script')]
    .map((s) => [s.getAttribute('type'), s.hasAttribute('data-rtc-privacy-purpose'), s.hasAttribute('data-rtc-privacy-type')])))
    .toEqual([[null, false, false], [null, false, false], ['module', false, false]]);
  expect(consoleErrors).toEqual([]);
});

// React makes every script element with innerHTML ('<script></script>', then its attributes):
// the browser marks such a script started, and it cannot run as itself. A held one runs as a
// copy; under Trusted Types without a default policy the copy is refused, and the console says so.
const REACT_STYLE = (src) => {
  const div = document.createElement('div');
  div.innerHTML = '<script></script>';
  const s = div.removeChild(div.firstChild);
  s.setAttribute('type', 'text/plain');
  s.setAttribute('data-rtc-privacy-purpose', 'call');
  s.setAttribute('src', src);
  document.body.appendChild(s);
};

test('a held script made as React makes scripts (innerHTML) runs on consent, as a copy', async ({ page, serve }) => {
  await page.goto(serve('/held-react.html', shimPage()));
  await page.evaluate(REACT_STYLE, `${PROBE}?n=react`);
  await page.evaluate(() => RtcPrivacyShim.current.consent.grant('call'));
  await expect.poll(() => runs(page)).toEqual(['react']);
});

test('Trusted Types enforced: a held script made as React makes scripts cannot run as itself, its copy is refused, and the console says so', async ({ page, serve, consoleErrors }) => {
  const head = `<meta http-equiv="Content-Security-Policy" content="require-trusted-types-for 'script'; trusted-types sdk">`;
  await page.goto(serve('/held-react-trusted-types.html', shimPage({ head })));
  await page.evaluate((src) => {
    const policy = trustedTypes.createPolicy('sdk', { createHTML: (html) => html, createScriptURL: (url) => url });
    const div = document.createElement('div');
    div.innerHTML = policy.createHTML('<script></script>');
    const s = div.removeChild(div.firstChild);
    s.setAttribute('type', 'text/plain');
    s.setAttribute('data-rtc-privacy-purpose', 'call');
    s.setAttribute('src', policy.createScriptURL(src));
    document.body.appendChild(s);
  }, `${PROBE}?n=react`);
  await page.evaluate(() => RtcPrivacyShim.current.consent.grant('call'));
  // Held scripts are inserted synchronously on the grant: no copy was, the script stays held.
  expect(await page.evaluate(() => [...document.scripts].filter((s) => s.src.includes('n=react')).map((s) => s.type))).toEqual(['text/plain']);
  await expect.poll(() => consoleErrors.filter((e) => e.includes('rtc-privacy-shim'))).toEqual([
    expect.stringContaining('rtc-privacy-shim: a held script could not run: Trusted Types refused its copy'),
  ]);
});

// Markup turned into nodes through a <template> (its innerHTML, then its content cloned or
// imported, as lit and many apps do): the browser marks the scripts parsed into the template
// started, and their copies too, so they cannot run as themselves. Held, they run on consent
// as copies, in order: the inline one after the src one before it.
test('held scripts made from a template\'s content run on consent, in order', async ({ page, serve }) => {
  await page.goto(serve('/held-template.html', shimPage()));
  await page.evaluate((markup) => {
    const template = document.createElement('template');
    template.innerHTML = markup;
    document.body.appendChild(template.content.cloneNode(true));
    document.body.appendChild(document.importNode(template.content, true));
  }, held('call', 'template') + '<script type="text/plain" data-rtc-privacy-purpose="call">window.heldRuns.push("inline")</script>');
  await page.evaluate(() => RtcPrivacyShim.current.consent.grant('call'));
  await expect.poll(() => runs(page)).toEqual(['template', 'inline', 'template', 'inline']);
});
