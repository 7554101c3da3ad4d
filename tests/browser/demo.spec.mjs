// The demo page as a user meets it: refused first, on after agreeing, stopped on withdrawal.
import { test, expect } from './fixtures.mjs';

test('demo: camera refused, then on after Agree, then stopped by Withdraw; the ledger lists each step', async ({ page, server, serve, consoleErrors }) => {
  serve('/unused', ''); // installs the fixture's route guard: nothing leaves 127.0.0.1
  await page.goto(`${server.url}/demo/index.html`);
  await expect(page.locator('#status')).toContainText('"armed": true');
  await expect(page.locator('#status')).toContainText('"closed": false');

  await page.click('#start');
  await expect(page.locator('#message')).toHaveText('Camera refused: NotAllowedError');
  await expect(page.locator('#ledger li.deny').first()).toContainText('camera');

  await page.click('button[data-grant="call"]');
  await expect(page.locator('.state[data-purpose="call"]')).toHaveText('granted');
  await page.click('#start');
  await expect(page.locator('#message')).toHaveText('Camera on.');
  expect(await page.evaluate(() => document.getElementById('preview').srcObject.getVideoTracks()[0].readyState)).toBe('live');

  await page.click('button[data-revoke="call"]');
  await expect(page.locator('#message')).toHaveText('Camera stopped: consent withdrawn.');
  expect(await page.evaluate(() => document.getElementById('preview').srcObject.getVideoTracks()[0].readyState)).toBe('ended');
  await expect(page.locator('#ledger li.stop').first()).toContainText('consent withdrawn');
  expect(consoleErrors).toEqual([]);
});
