// WebRTC with the browser's own mDNS host names: this file launches Chromium without
// --use-fake-ui-for-media-stream, so the page has no media permission and the browser hides
// host addresses itself (webrtc.spec.mjs covers the raw addresses it shows otherwise).
import { test, expect, shimPage } from './fixtures.mjs';
import { CHROMIUM_ARGS } from '../../playwright.config.mjs';
import { HELPERS, leaks } from './webrtc-page.mjs';

test.use({ launchOptions: { executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: CHROMIUM_ARGS.filter((a) => a !== '--use-fake-ui-for-media-stream') } });

test('browser mDNS names pass as they are and two peer connections still connect', async ({ page, serve }) => {
  await page.goto(serve('/p.html', shimPage({ body: HELPERS })));
  const r = await page.evaluate(() => window.call());
  expect(r.states).toEqual(['connected', 'connected']);
  expect(r.message).toBe('hello over the data channel');
  const hosts = r.seen.events.filter((c) => c.type === 'host');
  expect(hosts.length).toBeGreaterThan(0);
  for (const c of hosts) expect(c.address).toMatch(/\.local$/);
  expect(leaks(r, [])).toEqual([]);
  const entries = await page.evaluate(() => RtcPrivacyShim.current.ledger.entries().filter((e) => e.surface === 'webrtc'));
  expect(entries).toEqual([]);  // nothing to hide, nothing recorded
});
