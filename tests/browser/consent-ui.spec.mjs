// The consent dialog (shim.consent.show()), the age question and teen mode, and the
// collection-list panel (shim.panel.show()).
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { test, expect, shimPage, COUNT_NATIVE_CALLS } from './fixtures.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const UI_MANIFEST = {
  revision: 'r1',
  controller: { name: 'Example Meet', policyUrl: 'https://example.com/privacy' },
  purposes: [
    { id: 'call', necessity: 'required', label: { en: 'Audio/video calls', 'zh-CN': '音视频通话' },
      description: { en: 'Camera and microphone during a call.', 'zh-CN': '通话期间使用摄像头和麦克风。' } },
    { id: 'diagnostics', label: { en: 'Diagnostics', 'zh-CN': '故障排查' } },
  ],
  sdks: [{
    id: 'vertc', name: 'veRTC Web SDK', provider: '北京火山引擎科技有限公司', policyUrl: 'https://example.com/vertc',
    collects: [
      { item: 'ip', necessity: 'required', purpose: 'call' },
      { item: 'stats', necessity: 'optional', purpose: 'diagnostics' },
    ],
    permissions: [{ surface: 'camera', purpose: 'call' }, { surface: 'microphone', purpose: 'call' }],
  }],
};
const TEEN_MANIFEST = { ...UI_MANIFEST, defaults: { askAge: true } };

// The dialog's shadow root is closed. Only here, before the shim captures attachShadow, the
// test opens it so that axe and the locators can read inside; nothing else changes.
const OPEN_SHADOW_ROOTS = () => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function attachShadow(init) { return attach.call(this, { ...init, mode: 'open' }); };
};

// A developer's settings button, the only way into the dialog and the panel in the keyboard test.
const SETTINGS = '<button id="settings" onclick="window.shown = RtcPrivacyShim.current.consent.show()">Privacy settings</button>' +
  '<button id="list" onclick="RtcPrivacyShim.current.panel.show()">Collection list</button>';

async function open(page, serve, { manifest = UI_MANIFEST, lang = 'en', head = '<title>Meet</title>', body = SETTINGS, attrs = '' } = {}) {
  await page.addInitScript(OPEN_SHADOW_ROOTS);
  let html = shimPage({ manifest, head, body }).replace('<html lang="en">', `<html lang="${lang}">`);
  if (attrs) html = html.replace('data-rtc-privacy-manifest>', `data-rtc-privacy-manifest ${attrs}>`);
  await page.goto(serve('/ui.html', html));
}

const show = (page, options) => page.evaluate((o) => { window.shown = RtcPrivacyShim.current.consent.show(o); }, options);
const state = (page) => page.evaluate(() => RtcPrivacyShim.current.consent.state());
const dialog = (page) => page.locator('rtc-privacy-consent dialog');
// What has focus inside the dialog or panel (their shadow roots are open in these tests).
const focused = (page) => page.evaluate(() => {
  const host = document.activeElement;
  const el = host && host.shadowRoot ? host.shadowRoot.activeElement : host;
  if (!el || el === document.body) return '';
  return `${el.tagName.toLowerCase()}:${(el.closest('label') || el).textContent.trim()}`;
});
// Tab until `text` has focus (at most 20 steps).
async function tabTo(page, text) {
  for (let i = 0; i < 20; i++) {
    if ((await focused(page)).includes(text)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`never focused: ${text} (last: ${await focused(page)})`);
}

test.describe('consent dialog', () => {
  test('a custom element with a closed shadow root: the page cannot reach inside, nor press its buttons', async ({ page, serve }) => {
    await page.goto(serve('/p.html', shimPage({ manifest: UI_MANIFEST })));
    await show(page);
    const seen = await page.evaluate(() => {
      const host = document.querySelector('rtc-privacy-consent');
      return { custom: typeof customElements.get('rtc-privacy-consent'), shadowRoot: host.shadowRoot, visible: host.checkVisibility() };
    });
    expect(seen).toEqual({ custom: 'function', shadowRoot: null, visible: true });
  });

  test('a script cannot press "Accept all" for the user (only trusted events act)', async ({ page, serve }) => {
    await open(page, serve);
    await show(page);
    await page.evaluate(() => {
      const root = document.querySelector('rtc-privacy-consent').shadowRoot;
      [...root.querySelectorAll('button')].find((b) => b.textContent === 'Accept all').click();
    });
    expect(await state(page)).toEqual({ call: 'unset', diagnostics: 'unset' });
    await expect(dialog(page)).toBeVisible();
  });

  test('shows each purpose, each SDK with provider, data items, purposes and policy link, and the controller', async ({ page, serve }) => {
    await open(page, serve);
    await show(page);
    const d = dialog(page);
    await expect(d).toHaveAttribute('role', 'dialog');
    await expect(d).toHaveAttribute('aria-modal', 'true');
    await expect(page.getByRole('dialog', { name: 'Your privacy choices' })).toBeVisible();
    await expect(page.getByRole('switch', { name: 'Audio/video calls (required)' })).not.toBeChecked();
    await expect(page.getByRole('switch', { name: 'Diagnostics (optional)' })).toBeVisible();
    await expect(d).toContainText('veRTC Web SDK');
    await expect(d).toContainText('Provider: 北京火山引擎科技有限公司');
    await expect(d).toContainText('Purposes: Audio/video calls, Diagnostics');
    await expect(d).toContainText('IP address (required, for Audio/video calls)');
    await expect(d).toContainText('Call quality statistics (optional, for Diagnostics)');
    await expect(page.getByRole('link', { name: 'Privacy policy of veRTC Web SDK' })).toHaveAttribute('href', 'https://example.com/vertc');
    await expect(page.getByRole('link', { name: 'Privacy policy of Example Meet' })).toHaveAttribute('href', 'https://example.com/privacy');
  });

  test('axe finds no violations in the dialog, and did analyse its content', async ({ page, serve }) => {
    await open(page, serve);
    await show(page);
    await expect(dialog(page)).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations).toEqual([]);
    const inDialog = (rule) => rule.nodes.filter((n) => JSON.stringify(n.target).includes('rtc-privacy-consent')).length;
    const checked = Object.fromEntries(results.passes.map((r) => [r.id, inDialog(r)]).filter(([, n]) => n > 0));
    // Its buttons, switches and colours were looked at, not just the page around it.
    expect(checked['button-name']).toBe(3);
    expect(checked['color-contrast']).toBeGreaterThan(10);
    expect(checked['aria-dialog-name']).toBe(1);
  });

  test('the three buttons have the same size and the same style', async ({ page, serve }) => {
    await open(page, serve);
    await show(page);
    const names = ['Accept all', 'Reject all', 'Save choices'];
    const boxes = [];
    for (const name of names) boxes.push(await page.getByRole('button', { name }).boundingBox());
    expect(boxes[1].width).toBe(boxes[0].width);
    expect(boxes[2].width).toBe(boxes[0].width);
    expect(boxes[1].height).toBe(boxes[0].height);
    expect(boxes[2].height).toBe(boxes[0].height);
    const styles = await page.evaluate((labels) => {
      const root = document.querySelector('rtc-privacy-consent').shadowRoot;
      return labels.map((l) => {
        const s = getComputedStyle([...root.querySelectorAll('button')].find((b) => b.textContent === l));
        return [s.backgroundColor, s.color, s.fontWeight, s.fontSize, s.borderTopWidth, s.borderTopColor].join(' ');
      });
    }, names);
    expect(new Set(styles).size).toBe(1);
  });

  test('keyboard alone: opens, grants, and later revokes (live tracks end); receipts say dialog', async ({ page, serve }) => {
    await open(page, serve);
    await tabTo(page, 'Privacy settings');
    await page.keyboard.press('Enter');
    await expect(dialog(page)).toBeVisible();
    await tabTo(page, 'Audio/video calls');
    await page.keyboard.press('Space');
    await tabTo(page, 'Save choices');
    await page.keyboard.press('Enter');
    await expect(dialog(page)).toHaveCount(0);
    expect(await page.evaluate(() => window.shown)).toEqual({ call: 'granted', diagnostics: 'denied' });
    const receipt = await page.evaluate(() => RtcPrivacyShim.current.consent.receipt());
    expect(receipt).toMatchObject({ method: 'dialog', locale: 'en', changed: ['call'] });

    await page.evaluate(async () => { window.track = (await navigator.mediaDevices.getUserMedia({ video: true })).getTracks()[0]; });
    expect(await page.evaluate(() => window.track.readyState)).toBe('live');
    // Focus went back to the settings button when the dialog closed.
    expect(await focused(page)).toBe('button:Privacy settings');
    await page.keyboard.press('Enter');
    await tabTo(page, 'Audio/video calls');
    await page.keyboard.press('Space');
    await tabTo(page, 'Save choices');
    await page.keyboard.press('Enter');
    await expect(dialog(page)).toHaveCount(0);
    expect(await state(page)).toEqual({ call: 'denied', diagnostics: 'denied' });
    expect(await page.evaluate(() => window.track.readyState)).toBe('ended');
  });

  test('Esc closes with no change: a toggled switch is not saved, nothing is recorded', async ({ page, serve }) => {
    await open(page, serve);
    await show(page);
    await tabTo(page, 'Audio/video calls');
    await page.keyboard.press('Space');
    await page.keyboard.press('Escape');
    await expect(dialog(page)).toHaveCount(0);
    expect(await page.evaluate(() => window.shown)).toEqual({ call: 'unset', diagnostics: 'unset' });
    expect(await page.evaluate(() => RtcPrivacyShim.current.consent.receipts())).toEqual([]);
  });

  test('Esc settles show() when focus was on an SVG element before it opened', async ({ page, serve }) => {
    await open(page, serve, { body: `${SETTINGS}<svg id="chart" tabindex="0" width="10" height="10"></svg>` });
    await page.evaluate(() => document.getElementById('chart').focus());
    await show(page);
    await expect(dialog(page)).toHaveCount(1);
    await page.keyboard.press('Escape');
    await expect(dialog(page)).toHaveCount(0);
    expect(await page.evaluate(() => window.shown)).toEqual({ call: 'unset', diagnostics: 'unset' });
  });

  test('focus stays in the dialog: Tab from the last control goes to the first, Shift+Tab back', async ({ page, serve }) => {
    await open(page, serve);
    await show(page);
    await tabTo(page, 'Save choices');
    await page.keyboard.press('Tab');
    const first = await focused(page);
    expect(first).toBe('a:Privacy policy of Example Meet');
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe('button:Save choices');
    // The focus ring is visible on what has focus.
    const outline = await page.evaluate(() => {
      const el = document.querySelector('rtc-privacy-consent').shadowRoot.activeElement;
      const s = getComputedStyle(el);
      return `${s.outlineStyle} ${s.outlineWidth}`;
    });
    expect(outline).toBe('solid 3px');
  });

  test('Accept all and Reject all set every purpose', async ({ page, serve }) => {
    await open(page, serve);
    await show(page);
    await page.getByRole('button', { name: 'Accept all' }).click();
    expect(await page.evaluate(() => window.shown)).toEqual({ call: 'granted', diagnostics: 'granted' });
    await show(page);
    await expect(page.getByRole('switch', { name: /Diagnostics/ })).toBeChecked();
    await page.getByRole('button', { name: 'Reject all' }).click();
    expect(await page.evaluate(() => window.shown)).toEqual({ call: 'denied', diagnostics: 'denied' });
  });

  // The browser fires the dialog's 'close' a task after close(). A page listener that runs in the
  // same click, after the button's handler, asks again: it gets a new dialog, not the old promise.
  test('show() right after the user answered opens a new dialog and settles the first with the answer', async ({ page, serve }) => {
    await open(page, serve);
    await show(page);
    await page.evaluate(() => {
      const first = window.shown;
      window.addEventListener('click', () => {
        window.again = RtcPrivacyShim.current.consent.show({ locale: 'zh-CN' });
        window.same = window.again === first;
      }, { once: true });
      first.then((answer) => { window.firstAnswer = answer; });
    });
    await page.getByRole('button', { name: 'Accept all' }).click();
    expect(await page.evaluate(() => window.same)).toBe(false);
    await expect(page.getByRole('heading', { name: '隐私授权' })).toBeVisible();
    expect(await page.evaluate(() => window.firstAnswer)).toEqual({ call: 'granted', diagnostics: 'granted' });
    await expect(page.locator('rtc-privacy-consent')).toHaveCount(1);
    await page.getByRole('button', { name: '全部拒绝' }).click();
    expect(await page.evaluate(() => window.again)).toEqual({ call: 'denied', diagnostics: 'denied' });
    await expect(page.locator('rtc-privacy-consent')).toHaveCount(0);
  });

  // Esc closes the dialog at once and the browser fires 'close' a task later. (The test's open
  // shadow root stands in for the Esc key: close() and show() in one task.)
  test('show() after the dialog closed, before its close event, opens a new dialog and settles the first', async ({ page, serve }) => {
    await open(page, serve);
    await show(page);
    const same = await page.evaluate(() => {
      const first = window.shown;
      first.then((answer) => { window.firstAnswer = answer; });
      document.querySelector('rtc-privacy-consent').shadowRoot.querySelector('dialog').close();
      window.again = RtcPrivacyShim.current.consent.show({ locale: 'zh-CN' });
      return window.again === first;
    });
    expect(same).toBe(false);
    await expect(page.getByRole('heading', { name: '隐私授权' })).toBeVisible();
    expect(await page.evaluate(() => window.firstAnswer)).toEqual({ call: 'unset', diagnostics: 'unset' });
    await expect(page.locator('rtc-privacy-consent')).toHaveCount(1);
  });

  test('zh-CN from <html lang>, en from show({ locale }), install locale before <html lang>', async ({ page, serve }) => {
    await open(page, serve, { lang: 'zh-CN' });
    await show(page);
    const d = dialog(page);
    await expect(d).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('heading', { name: '隐私授权' })).toBeVisible();
    for (const name of ['全部同意', '全部拒绝', '保存选择']) await expect(page.getByRole('button', { name })).toBeVisible();
    await expect(page.getByRole('switch', { name: '音视频通话（必要）' })).toBeVisible();
    await expect(d).toContainText('提供方：北京火山引擎科技有限公司');
    await expect(d).toContainText('使用目的：音视频通话、故障排查');
    await expect(d).toContainText('IP 地址（必要，用于音视频通话）');
    await page.getByRole('button', { name: '全部同意' }).click();
    expect(await page.evaluate(() => RtcPrivacyShim.current.consent.receipt().locale)).toBe('zh-CN');

    await show(page, { locale: 'en' });
    await expect(page.getByRole('heading', { name: 'Your privacy choices' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Accept all' })).toBeVisible();

    await open(page, serve, { lang: 'en', attrs: 'data-locale="zh-CN"' });
    await show(page);
    await expect(page.getByRole('button', { name: '全部同意' })).toBeVisible();
  });

  // The browser reads a script sent without a charset in the page's: the bundle is ASCII, its
  // texts written as \u escapes, so a GBK page shows them as a UTF-8 page does.
  test('a page in another charset (GBK) loading the classic script without one: the zh-CN texts as written', async ({ page, server }) => {
    await page.addInitScript(OPEN_SHADOW_ROOTS);
    const bundle = readFileSync(join(root, 'dist/rtc-privacy-shim.js'));
    // The page itself is ASCII; the manifest's Chinese label as a JSON escape.
    const manifest = JSON.stringify(UI_MANIFEST).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const html = shimPage({ manifest, head: '<title>Meet</title>', shim: '/gbk/shim.js' })
      .replace('<html lang="en">', '<html lang="zh-CN">').replace('<meta charset="utf-8">', '');
    await page.route('**/gbk/*', (route) => (route.request().url().endsWith('/shim.js')
      ? route.fulfill({ status: 200, headers: { 'content-type': 'text/javascript' }, body: bundle })
      : route.fulfill({ status: 200, headers: { 'content-type': 'text/html; charset=gbk' }, body: html })));
    await page.goto(`${server.url}/gbk/page.html`);
    expect(await page.evaluate(() => document.characterSet)).toBe('GBK');
    await show(page);
    await expect(page.getByRole('heading', { name: '隐私授权' })).toBeVisible();
    await expect(page.getByRole('switch', { name: '音视频通话（必要）' })).toBeVisible();
  });

  test('the dialog in zh-CN (screenshot for the README)', async ({ page, serve }) => {
    await page.setViewportSize({ width: 900, height: 1000 });
    await open(page, serve, { lang: 'zh-CN', manifest: TEEN_MANIFEST });
    await show(page);
    await page.getByRole('radio', { name: '我已年满 14 周岁' }).check();
    await expect(page.getByRole('button', { name: '保存选择' })).toBeVisible();
    mkdirSync(join(root, 'docs'), { recursive: true });
    await page.screenshot({ path: join(root, 'docs/dialog-zh-CN.png') });
  });

  test('themable: custom properties on the page reach the dialog', async ({ page, serve }) => {
    await open(page, serve, { head: '<title>Meet</title><style>:root { --rps-button-bg: rgb(0, 100, 0); --rps-bg: rgb(250, 250, 240) }</style>' });
    await show(page);
    const colours = await page.evaluate(() => {
      const root = document.querySelector('rtc-privacy-consent').shadowRoot;
      return [getComputedStyle(root.querySelector('button')).backgroundColor, getComputedStyle(root.querySelector('dialog')).backgroundColor];
    });
    expect(colours).toEqual(['rgb(0, 100, 0)', 'rgb(250, 250, 240)']);
  });

  test('built from natives captured at boot: a page that replaces createElement and attachShadow later does not see it', async ({ page, serve }) => {
    await page.goto(serve('/p.html', shimPage({ manifest: UI_MANIFEST })));
    await page.evaluate(() => {
      window.made = [];
      document.createElement = () => { throw new Error('page createElement'); };
      Element.prototype.attachShadow = function () { window.made.push('attachShadow'); return null; };
      Element.prototype.setAttribute = function () { throw new Error('page setAttribute'); };
    });
    await show(page);
    expect(await page.evaluate(() => document.querySelector('rtc-privacy-consent').checkVisibility())).toBe(true);
    expect(await page.evaluate(() => window.made)).toEqual([]);
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => window.shown)).toEqual({ call: 'unset', diagnostics: 'unset' });
  });

  test('data-dialog="auto" opens it on the first visit only; without it nothing opens', async ({ page, serve }) => {
    await open(page, serve, { attrs: 'data-dialog="auto"' });
    await expect(dialog(page)).toBeVisible();
    await page.getByRole('button', { name: 'Reject all' }).click();
    await page.reload();
    await expect(page.locator('#settings')).toBeVisible();
    expect(await page.locator('rtc-privacy-consent').count()).toBe(0);

    await open(page, serve, { manifest: { ...UI_MANIFEST, revision: 'r2' } });
    await expect(page.locator('#settings')).toBeVisible();
    expect(await page.locator('rtc-privacy-consent').count()).toBe(0);
  });

  test('install({ dialog: "auto" }) opens it too', async ({ page, serve }) => {
    await page.addInitScript(OPEN_SHADOW_ROOTS);
    const body = `<script>RtcPrivacyShim.install({ manifest: ${JSON.stringify(UI_MANIFEST)}, dialog: 'auto' });</script>`;
    await page.goto(serve('/p.html', shimPage({ manifest: null, body })));
    await expect(dialog(page)).toBeVisible();
  });
});

test.describe('minors', () => {
  test('under minorAge without a guardian nothing is granted, by the dialog or the API', async ({ page, serve }) => {
    await open(page, serve, { manifest: TEEN_MANIFEST });
    await show(page);
    await page.getByRole('radio', { name: 'I am under 14' }).check();
    await expect(page.getByRole('switch', { name: /Audio\/video calls/ })).toBeDisabled();
    await page.getByRole('button', { name: 'Accept all' }).click();
    expect(await page.evaluate(() => window.shown)).toEqual({ call: 'denied', diagnostics: 'denied' });
    const refused = await page.evaluate(() => { try { RtcPrivacyShim.current.consent.grant('call'); return 'granted'; } catch (e) { return `${e.name}: ${e.message}`; } });
    expect(refused).toBe('RangeError: rtc-privacy-shim: consent.grant: the user is under 14: a guardian must confirm first');
    expect(await page.evaluate(() => RtcPrivacyShim.current.consent.age())).toEqual({ ask: true, minorAge: 14, bracket: 'under', guardian: false, locked: ['call', 'diagnostics'] });
  });

  test('with a guardian: required purposes granted, optional ones stay off, an API grant of one is refused; kept across reloads', async ({ page, serve }) => {
    await page.addInitScript(COUNT_NATIVE_CALLS);
    await open(page, serve, { manifest: TEEN_MANIFEST });
    await show(page);
    await page.getByRole('radio', { name: 'I am under 14' }).check();
    await page.getByRole('checkbox', { name: /parent or guardian/ }).check();
    await expect(page.getByRole('switch', { name: /Diagnostics/ })).toBeDisabled();
    await expect(page.getByRole('switch', { name: /Audio\/video calls/ })).toBeEnabled();
    await page.getByRole('button', { name: 'Accept all' }).click();
    expect(await page.evaluate(() => window.shown)).toEqual({ call: 'granted', diagnostics: 'denied' });
    expect(await page.evaluate(() => RtcPrivacyShim.current.consent.receipt())).toMatchObject(
      { method: 'dialog', changed: ['call'], age: { bracket: 'under', guardian: true } });
    const teen = 'RangeError: rtc-privacy-shim: consent.grant: purpose "diagnostics" is optional and the user is under 14: teen mode keeps it off';
    const grantOptional = () => { try { RtcPrivacyShim.current.consent.grant('diagnostics'); return 'granted'; } catch (e) { return `${e.name}: ${e.message}`; } };
    expect(await page.evaluate(grantOptional)).toBe(teen);
    expect(await page.evaluate(() => navigator.mediaDevices.getUserMedia({ video: true }).then((s) => s.getTracks()[0].readyState))).toBe('live');

    await page.reload();
    expect(await page.evaluate(() => RtcPrivacyShim.current.consent.age())).toEqual({ ask: true, minorAge: 14, bracket: 'under', guardian: true, locked: ['diagnostics'] });
    expect(await page.evaluate(grantOptional)).toBe(teen);
    expect(await state(page)).toEqual({ call: 'granted', diagnostics: 'denied' });
  });

  test('with askAge, choices wait for an answer: Accept all asks for it and grants nothing', async ({ page, serve }) => {
    await open(page, serve, { manifest: TEEN_MANIFEST });
    await show(page);
    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect(page.getByRole('alert')).toHaveText('Please answer the age question first.');
    await expect(dialog(page)).toBeVisible();
    expect(await state(page)).toEqual({ call: 'unset', diagnostics: 'unset' });
    const refused = await page.evaluate(() => { try { RtcPrivacyShim.current.consent.grant('call'); return 'granted'; } catch (e) { return e.message; } });
    expect(refused).toContain("the user's age is not known yet");
  });

  test('an API answer under minorAge withdraws optional grants and ends their tracks', async ({ page, serve }) => {
    await open(page, serve);
    const result = await page.evaluate(async () => {
      const shim = RtcPrivacyShim.current;
      shim.consent.grant(['call', 'diagnostics']);
      const track = (await navigator.mediaDevices.getUserMedia({ video: true })).getTracks()[0];
      const afterGuardian = shim.consent.setAge({ bracket: 'under', guardian: true });
      const stillLive = track.readyState;
      const afterChild = shim.consent.setAge({ bracket: 'under' });
      let bad = '';
      try { shim.consent.setAge({ bracket: 'unknown' }); } catch (e) { bad = e.message; }
      return { afterGuardian, stillLive, afterChild, ended: track.readyState, bad };
    });
    expect(result).toEqual({
      afterGuardian: { call: 'granted', diagnostics: 'denied' }, stillLive: 'live',
      afterChild: { call: 'denied', diagnostics: 'denied' }, ended: 'ended',
      bad: 'rtc-privacy-shim: consent.setAge: unknown age bracket "unknown" (known: under, over)',
    });
  });
});

test.describe('collection-list panel', () => {
  const rows = (page) => page.locator('rtc-privacy-panel tbody tr');

  test('a live table: a denied getUserMedia shows while the panel is open; axe finds no violations', async ({ page, serve }) => {
    await open(page, serve);
    await page.evaluate(() => navigator.mediaDevices.getUserMedia({ video: true }).catch(() => {}));
    await page.evaluate(() => { RtcPrivacyShim.current.panel.show(); });
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText('Camera');
    await expect(page.getByRole('status')).toHaveText('Entries: 1');

    await page.evaluate(() => navigator.mediaDevices.getUserMedia({ audio: true }).catch(() => {}));
    await expect(rows(page)).toHaveCount(2);
    const newest = await rows(page).first().locator('td').allTextContents();
    expect(newest.slice(1)).toEqual(['Microphone', 'veRTC Web SDK', 'Audio/video calls', 'Denied', 'consent "call" is unset']);

    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations).toEqual([]);
    const inPanel = results.passes.filter((r) => r.nodes.some((n) => JSON.stringify(n.target).includes('rtc-privacy-panel'))).map((r) => r.id);
    expect(inPanel).toEqual(expect.arrayContaining(['th-has-data-cells', 'td-headers-attr', 'button-name', 'color-contrast', 'aria-dialog-name', 'valid-lang']));
  });

  test('zh-CN texts; Close by keyboard removes it', async ({ page, serve }) => {
    await open(page, serve, { lang: 'zh-CN' });
    await tabTo(page, 'Collection list');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: '个人信息收集清单' })).toBeVisible();
    await expect(page.getByRole('columnheader', { name: '用途' })).toBeVisible();
    await page.evaluate(() => navigator.mediaDevices.getUserMedia({ video: true }).catch(() => {}));
    await expect(rows(page).first()).toContainText('摄像头');
    await expect(rows(page).first()).toContainText('已拒绝');
    await tabTo(page, '关闭');
    await page.keyboard.press('Enter');
    await expect(page.locator('rtc-privacy-panel')).toHaveCount(0);
  });

  test('ledger names that are not a surface read as words: canvas reads, storage kept in memory, every screen', async ({ page, serve }) => {
    await open(page, serve, { lang: 'zh-CN' });
    await page.evaluate(async () => {
      await getScreenDetails().catch(() => {});
      const c = document.createElement('canvas');
      c.getContext('2d').fillRect(0, 0, 4, 4);
      c.toDataURL();
      localStorage.setItem('vertc_id', '3f9a1c2e-7b4d-4e8f-9a1b-2c3d4e5f6a7b');
      RtcPrivacyShim.current.panel.show();
    });
    const what = await rows(page).locator('td:nth-child(2)').allTextContents();
    expect(what).toEqual(expect.arrayContaining(['画布绘制结果（读取）', '本地存储（localStorage）', '所有显示器的尺寸、位置和型号']));
    expect(what.filter((w) => /^[a-z]+[.A-Z]/.test(w))).toEqual([]);  // no engine name shown as is
  });

  test('"Export JSON" downloads the ledger export', async ({ page, serve }) => {
    await open(page, serve);
    await page.evaluate(() => navigator.mediaDevices.getUserMedia({ video: true }).catch(() => {}));
    await page.evaluate(() => { RtcPrivacyShim.current.panel.show(); });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export JSON' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('rtc-privacy-ledger.json');
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(exported).toEqual(JSON.parse(await page.evaluate(() => RtcPrivacyShim.current.ledger.export())));
    expect(exported.entries.map((e) => [e.surface, e.action])).toEqual([['camera', 'deny']]);
  });
});
