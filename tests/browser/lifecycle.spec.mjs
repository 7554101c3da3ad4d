// Arming, failing closed, consent persistence, the API contract and its errors.
import { test, expect, shimPage, COUNT_NATIVE_CALLS, MANIFEST, withSdk } from './fixtures.mjs';
import { failEngineStart } from './helpers.mjs';

const status = () => RtcPrivacyShim.current.status();

test('an inline manifest arms the shim with no call; status says armed and open', async ({ page, serve }) => {
  await page.goto(serve('/p.html', shimPage()));
  const s = await page.evaluate(status);
  expect(s).toMatchObject({ armed: true, closed: false, reason: '', errors: [], revision: 'r1' });
  expect(s.bootMs).toBeGreaterThan(0);
});

// The engine starts at the first question, or by itself once the page's scripts have run: a
// page that asks nothing still hears at once that its manifest is wrong.
test('the engine starts by itself after the page\'s scripts: an invalid manifest is reported with nothing asked', async ({ page, serve, consoleErrors }) => {
  await page.goto(serve('/idle.html', shimPage({ manifest: withSdk({ permissions: [{ surface: 'camra', purpose: 'call' }] }) })));
  await expect.poll(() => consoleErrors.join('\n')).toContain('unknown surface "camra"');
  const s = await page.evaluate(status);
  expect(s.engineMs).toBeGreaterThanOrEqual(0);
  expect(s.closed).toBe(true);
});

test('a question asked by the very next script starts the engine, with the consent restored first', async ({ page, serve }) => {
  const body = `<script>window.__first = navigator.mediaDevices.getUserMedia({ video: true }).then(() => 'allowed', (e) => e.name);</script>`;
  await page.goto(serve('/first.html', shimPage({ body })));
  expect(await page.evaluate(() => window.__first)).toBe('NotAllowedError');
  await page.evaluate(() => RtcPrivacyShim.current.consent.grant('call'));
  await page.reload();
  expect(await page.evaluate(() => window.__first)).toBe('allowed');
  expect(await page.evaluate(status)).toMatchObject({ consentRestored: 'applied' });
});

test('without an inline manifest the classic script waits for install()', async ({ page, serve }) => {
  await page.goto(serve('/p.html', shimPage({ manifest: null })));
  expect(await page.evaluate(() => RtcPrivacyShim.current)).toBeNull();
  const s = await page.evaluate((m) => RtcPrivacyShim.install({ manifest: m }).status(), MANIFEST);
  expect(s).toMatchObject({ armed: true, closed: false });
  expect(await page.evaluate(() => RtcPrivacyShim.current === RtcPrivacyShim.install())).toBe(true);
});

test('the global cannot be replaced by a later script', async ({ page, serve }) => {
  await page.goto(serve('/p.html', shimPage()));
  const result = await page.evaluate(() => {
    const before = RtcPrivacyShim;
    try { window.RtcPrivacyShim = { install() {} }; } catch { /* sloppy or strict, it must not stick */ }
    return { same: window.RtcPrivacyShim === before, frozen: Object.isFrozen(RtcPrivacyShim.current) };
  });
  expect(result).toEqual({ same: true, frozen: true });
});

test.describe('closed', () => {
  const broken = { ...MANIFEST, sdks: [MANIFEST.sdks[0], { id: 'zego', name: 'ZEGO', provider: 'ZEGO', permissions: [{ surface: 'camra', purpose: 'call' }] }] };

  test('an invalid manifest closes the shim: status names the path, media is denied, the console says why', async ({ page, serve, consoleErrors }) => {
    await page.addInitScript(COUNT_NATIVE_CALLS);
    await page.goto(serve('/p.html', shimPage({ manifest: broken })));
    const s = await page.evaluate(status);
    expect(s).toMatchObject({ armed: true, closed: true });
    expect(s.errors).toEqual(['sdks[1].permissions[0].surface: unknown surface "camra" (known: camera, microphone, screen, devices, location, clipboard, notifications, sensors)']);
    expect(s.reason).toContain('sdks[1].permissions[0].surface: unknown surface "camra"');
    const denied = await page.evaluate(async () => {
      try { RtcPrivacyShim.current.consent.grant('call'); } catch (e) { window.grantError = e.message; }
      return navigator.mediaDevices.getUserMedia({ video: true }).then(() => 'allowed', (e) => e.name);
    });
    expect(denied).toBe('NotAllowedError');
    expect(await page.evaluate(() => window.grantError)).toMatch(/^rtc-privacy-shim: consent\.grant: engine closed: /);
    expect(await page.evaluate(() => window.__nativeCalls.getUserMedia)).toBe(0);
    expect(consoleErrors.join('\n')).toContain('rtc-privacy-shim: the shim is closed');
    expect(consoleErrors.join('\n')).toContain('unknown surface "camra"');
  });

  test('a manifest that is not JSON closes the shim with the byte position', async ({ page, serve }) => {
    await page.goto(serve('/p.html', shimPage({ manifest: '{"revision": "r1",, }' })));
    const s = await page.evaluate(status);
    expect(s.closed).toBe(true);
    expect(s.errors[0]).toMatch(/^\$: invalid JSON at byte \d+/);
  });

  // The core's JSON reader (wasm/core/json_in.hpp) reads a number with an exponent through the
  // module's own strtod (wasm/core/c_text.hpp; its value is visible as a receipt's time) and
  // spells a control byte "<U+001F>" in its message, as nlohmann-json did before it.
  test('a number written with an exponent reads as its value; a raw control byte gets its exact message', async ({ page, serve }) => {
    const url = serve('/f.html', shimPage());
    await page.goto(url);
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant('call'));
    await page.evaluate(() => {
      const stored = localStorage.getItem('rtc-privacy-shim:consent');
      localStorage.setItem('rtc-privacy-shim:consent', stored.replace(/"time":\d+/g, '"time":17323500000.125e2'));
    });
    await page.reload();
    expect(await page.evaluate(() => RtcPrivacyShim.current.status().consentRestored)).toBe('applied');
    expect(await page.evaluate(() => RtcPrivacyShim.current.consent.receipts().map((r) => r.time))).toEqual([1732350000012]);
    const control = JSON.stringify(MANIFEST).replace('"r1"', '"r\u001f1"');  // a raw 0x1F byte
    await page.goto(serve('/c.html', shimPage({ manifest: control })));
    const errors = (await page.evaluate(status)).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\$: invalid JSON at byte \d+: .*control character U\+001F \(US\) must be escaped.*<U\+001F>/);
  });

  test('an engine that fails to start leaves the shim closed and denying', async ({ page, serve, consoleErrors }) => {
    await failEngineStart(page);
    await page.goto(serve('/p.html', shimPage()));
    const s = await page.evaluate(status);
    expect(s.closed).toBe(true);
    expect(s.reason).toContain('engine failed to start');
    expect(await page.evaluate(() => navigator.mediaDevices.getUserMedia({ audio: true }).then(() => 'allowed', (e) => e.name)))
      .toBe('NotAllowedError');
    const devices = await page.evaluate(async () => (await navigator.mediaDevices.enumerateDevices()).map((d) => d.label + d.deviceId));
    expect(devices.every((x) => x === '')).toBe(true);
    expect(consoleErrors.join('\n')).toContain('engine failed to start');
  });

  test('auto entry with no manifest in the page arms closed', async ({ page, serve }) => {
    const html = '<!doctype html><script type="module">import { shim } from "/dist/auto.mjs"; window.autoStatus = shim.status();</script>';
    await page.goto(serve('/auto.html', html));
    await page.waitForFunction(() => window.autoStatus);
    const s = await page.evaluate(() => window.autoStatus);
    expect(s).toMatchObject({ armed: true, closed: true });
    expect(s.errors).toEqual(['$: empty manifest']);
  });
});

test.describe('consent persistence', () => {
  test('consent survives a reload (localStorage, never a cookie)', async ({ page, serve }) => {
    const url = serve('/p.html', shimPage());
    await page.goto(url);
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant('call'));
    await page.reload();
    expect(await page.evaluate(() => RtcPrivacyShim.current.consent.state())).toEqual({ call: 'granted', share: 'unset', diagnostics: 'unset' });
    expect(await page.evaluate(() => RtcPrivacyShim.current.status().consentRestored)).toBe('applied');
    expect(await page.evaluate(() => navigator.mediaDevices.getUserMedia({ video: true }).then(() => 'allowed', (e) => e.name))).toBe('allowed');
    expect(await page.evaluate(() => document.cookie)).toBe('');
    expect(await page.context().cookies()).toEqual([]);
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual(['rtc-privacy-shim:consent']);
  });

  test('a new manifest revision resets consent to unset', async ({ page, serve }) => {
    await page.goto(serve('/p.html', shimPage()));
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant(['call', 'share']));
    await page.goto(serve('/p.html', shimPage({ manifest: { ...MANIFEST, revision: 'r2' } })));
    expect(await page.evaluate(() => RtcPrivacyShim.current.consent.state())).toEqual({ call: 'unset', share: 'unset', diagnostics: 'unset' });
    expect(await page.evaluate(() => RtcPrivacyShim.current.status().consentRestored)).toBe('reset_revision_changed');
    expect(await page.evaluate(() => navigator.mediaDevices.getUserMedia({ video: true }).then(() => 'allowed', (e) => e.name))).toBe('NotAllowedError');
  });

  test('a tampered stored value is ignored with a warning, and nothing is granted', async ({ page, serve }) => {
    const url = serve('/p.html', shimPage());
    await page.goto(url);
    await page.evaluate(() => localStorage.setItem('rtc-privacy-shim:consent', '{"v":1,"revision":"r1","purposes":'));
    const warnings = [];
    page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
    await page.reload();
    expect(await page.evaluate(() => RtcPrivacyShim.current.consent.state().call)).toBe('unset');
    expect(await page.evaluate(() => RtcPrivacyShim.current.status().consentRestored)).toBe('rejected');
    expect(warnings.join('\n')).toContain('rtc-privacy-shim: stored consent ignored');
  });
});

test.describe('API', () => {
  test('grant of an unknown purpose throws a RangeError naming it, and changes nothing', async ({ page, serve }) => {
    await page.goto(serve('/p.html', shimPage()));
    const result = await page.evaluate(() => {
      const shim = RtcPrivacyShim.current;
      let error;
      try { shim.consent.grant(['call', 'cal']); } catch (e) { error = `${e.name}: ${e.message}`; }
      let typeError;
      try { shim.consent.grant([42]); } catch (e) { typeError = e.name; }
      return { error, typeError, state: shim.consent.state(), receipts: shim.consent.receipts().length };
    });
    expect(result).toEqual({
      error: 'RangeError: rtc-privacy-shim: consent.grant: unknown purpose "cal"',
      typeError: 'TypeError',
      state: { call: 'unset', share: 'unset', diagnostics: 'unset' },
      receipts: 0,
    });
  });

  test('on("change") tells listeners with the new state and receipt; the returned function unsubscribes', async ({ page, serve }) => {
    await page.goto(serve('/p.html', shimPage()));
    const result = await page.evaluate(() => {
      const shim = RtcPrivacyShim.current;
      const seen = [];
      const off = shim.on('change', (e) => seen.push([e.changed, e.state.call, e.receipt.method, e.receipt.revision]));
      shim.consent.grant('call');
      shim.consent.revoke('call');
      off();
      shim.consent.grant('call');
      let unknown;
      try { shim.on('chnage', () => {}); } catch (e) { unknown = e.message; }
      return { seen, unknown };
    });
    expect(result.seen).toEqual([[['call'], 'granted', 'api', 'r1'], [['call'], 'denied', 'api', 'r1']]);
    expect(result.unknown).toBe('rtc-privacy-shim: on: unknown event "chnage" (known: change)');
  });

  test('on() takes only its own event names, and unsubscribes with the page\'s array methods replaced', async ({ page, serve }) => {
    await page.goto(serve('/p.html', shimPage()));
    const result = await page.evaluate(() => {
      const shim = RtcPrivacyShim.current;
      const errors = [];
      for (const name of ['__proto__', 'toString', 'constructor']) {
        try { shim.on(name, () => {}); errors.push('no error'); } catch (e) { errors.push(`${e.name}: ${e.message}`); }
      }
      const polluted = Object.prototype.length !== undefined || 0 in Object.prototype;
      let calls = 0;
      const off = shim.on('change', () => { calls++; });
      Array.prototype.indexOf = () => -1;
      Array.prototype.splice = () => [];
      off();
      shim.consent.grant('call');
      return { errors, polluted, calls };
    });
    expect(result.errors).toEqual([
      'RangeError: rtc-privacy-shim: on: unknown event "__proto__" (known: change)',
      'RangeError: rtc-privacy-shim: on: unknown event "toString" (known: change)',
      'RangeError: rtc-privacy-shim: on: unknown event "constructor" (known: change)',
    ]);
    expect(result.polluted).toBe(false);
    expect(result.calls).toBe(0);
  });

  test('receipt() records revision, purposes, time, method and locale of the last change', async ({ page, serve }) => {
    await page.goto(serve('/p.html', shimPage()));
    const r = await page.evaluate(() => {
      const shim = RtcPrivacyShim.current;
      const before = shim.consent.receipt();
      shim.consent.grant('call');
      return { before, after: shim.consent.receipt(), now: Date.now() };
    });
    expect(r.before).toBeNull();
    expect(r.after).toMatchObject({ revision: 'r1', method: 'api', locale: 'en', changed: ['call'],
      purposes: { call: 'granted', share: 'unset', diagnostics: 'unset' } });
    expect(Math.abs(r.after.time - r.now)).toBeLessThan(5000);
  });

  test('ledger.export() is JSON with a bound; entries() lists decisions oldest first', async ({ page, serve }) => {
    await page.goto(serve('/p.html', shimPage({ manifest: { ...MANIFEST, defaults: { ledgerSize: 16 } } })));
    const result = await page.evaluate(async () => {
      for (let i = 0; i < 20; i++) await navigator.mediaDevices.getUserMedia({ video: true }).catch(() => {});
      const shim = RtcPrivacyShim.current;
      return { exported: JSON.parse(shim.ledger.export()), entries: shim.ledger.entries() };
    });
    expect(result.exported).toMatchObject({ capacity: 16, total: 20, dropped: 4 });
    expect(result.entries.map((e) => e.seq)).toEqual([...Array(16).keys()].map((i) => i + 5));
  });
});

test('the ESM entry installs from code', async ({ page, serve }) => {
  const html = `<!doctype html><script type="module">
    import { install, current, RtcPrivacyShim as G } from '/dist/rtc-privacy-shim.mjs';
    const manifest = ${JSON.stringify(MANIFEST)};
    const shim = install({ manifest });
    window.esm = { status: shim.status(), same: current() === shim && G.current === shim && window.RtcPrivacyShim === G };
    window.esm.denied = await navigator.mediaDevices.getUserMedia({ video: true }).then(() => 'allowed', (e) => e.name);
  </script>`;
  await page.goto(serve('/esm.html', html));
  await page.waitForFunction(() => window.esm && window.esm.denied);
  const r = await page.evaluate(() => window.esm);
  expect(r).toMatchObject({ status: { armed: true, closed: false }, same: true, denied: 'NotAllowedError' });
});

test('the auto entry arms on import from the inline manifest', async ({ page, serve }) => {
  const html = `<!doctype html><script type="application/json" data-rtc-privacy-manifest>${JSON.stringify(MANIFEST)}</script>
    <script type="module">import { shim } from '/dist/auto.mjs'; window.autoResult = shim.status();</script>`;
  await page.goto(serve('/auto2.html', html));
  await page.waitForFunction(() => window.autoResult);
  expect(await page.evaluate(() => window.autoResult)).toMatchObject({ armed: true, closed: false, revision: 'r1' });
});
