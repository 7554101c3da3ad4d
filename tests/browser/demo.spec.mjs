// The demo page as a user meets it (npm run demo): the real veRTC Web SDK from node_modules
// behind the shim, offline. Every request to another host is caught here and never leaves.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect, COUNT_NATIVE_CALLS } from './fixtures.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The dialog's shadow root is closed; opened here, before the shim captures attachShadow, so
// that the locators can reach its buttons (only trusted clicks act on them).
const OPEN_SHADOW_ROOTS = () => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function attachShadow(init) { return attach.call(this, { ...init, mode: 'open' }); };
};
const IPV4 = /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/;

test('demo: veRTC is held until consent, its preview runs after, the panel lists what it tried to send, withdrawing ends the preview', async ({ page, server, serve, consoleErrors }) => {
  serve('/unused', ''); // installs the fixture's guard: nothing leaves 127.0.0.1
  const sent = [];
  await page.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => {
    const request = route.request();
    sent.push({ url: request.url(), body: (request.postDataBuffer() || Buffer.alloc(0)).toString('latin1') });
    return route.abort('internetdisconnected');
  });
  await page.addInitScript(COUNT_NATIVE_CALLS);
  await page.addInitScript(OPEN_SHADOW_ROOTS);
  await page.goto(`${server.url}/demo/index.html`);

  // First visit: the dialog, and nothing of the SDK yet.
  const dialog = page.locator('rtc-privacy-consent dialog');
  await expect(dialog).toBeVisible();
  expect(await page.evaluate(() => [typeof window.VERTC, window.__nativeCalls.getUserMedia])).toEqual(['undefined', 0]);
  await page.click('#start', { force: true }).catch(() => {});
  expect(sent).toEqual([]);

  await page.getByRole('button', { name: 'Accept all' }).click();
  await expect(dialog).toHaveCount(0);
  await page.waitForFunction(() => typeof window.VERTC === 'object');
  await page.click('#start');
  await expect(page.locator('#message')).toHaveText('Preview on.');
  const width = await page.evaluate(async () => {
    const video = document.querySelector('#preview video');
    if (!video.videoWidth) await new Promise((resolve) => { video.onloadedmetadata = resolve; });
    return video.videoWidth;
  });
  expect(width).toBeGreaterThan(0);
  expect(await page.evaluate(() => window.__nativeCalls.getUserMedia)).toBe(1);

  // The panel: what the SDK tried to send, dropped or redacted.
  await page.click('#list');
  const panel = page.locator('rtc-privacy-panel dialog');
  await expect(panel).toBeVisible();
  await expect.poll(() => page.evaluate(() => window.shim.ledger.entries().filter((e) => e.sdk === 'vertc' && /fetch|xhr|beacon|websocket/.test(e.surface)).length)).toBeGreaterThan(0);
  mkdirSync(join(root, 'docs'), { recursive: true });
  await page.screenshot({ path: join(root, 'docs/demo.png') });
  await page.keyboard.press('Escape');

  // What left the page for the SDK's hosts carries no raw address, device id or user id: the
  // SDK's device id (held in page memory by the preset) appears in no URL or body.
  const deviceId = await page.evaluate(() => JSON.parse(localStorage.getItem('RTC_DEVICE_ID') || '{}').message || '');
  expect(deviceId).toMatch(/^\d{16}$/);
  for (const { url, body } of sent) {
    expect(`${url}\n${body}`).not.toContain(deviceId);
    expect(`${url}\n${body}`).not.toMatch(IPV4);
  }

  // The SDK removes its video element once the track ends: the track is kept here first.
  await page.evaluate(() => { window.__track = document.querySelector('#preview video').srcObject.getVideoTracks()[0]; });
  await page.click('#withdraw');
  await expect(page.locator('#message')).toHaveText('Preview stopped: consent withdrawn.');
  expect(await page.evaluate(() => window.__track.readyState)).toBe('ended');
  // Offline, the SDK's own requests fail; nothing else may complain (the shim included).
  expect(consoleErrors.filter((e) => !/net::ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e))).toEqual([]);
});
