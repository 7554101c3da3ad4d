// The shim under Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval' (no unsafe-eval).
import { test, expect, shimPage } from './fixtures.mjs';

test('works under a strict CSP: armed, open, denying then allowing, with no violation', async ({ page, serve }) => {
  const html = shimPage({
    head: '<script src="/tests/browser/pages/csp-watch.js"></script>',
    body: '<script src="/tests/browser/pages/csp-probe.js"></script>',
  });
  const response = await page.goto(`${serve('/csp.html', html)}?csp=strict`);
  expect(response.headers()['content-security-policy']).toBe("script-src 'self' 'wasm-unsafe-eval'");
  await page.waitForFunction(() => window.cspProbe);
  const result = await page.evaluate(() => window.cspProbe);
  expect(result.status).toMatchObject({ armed: true, closed: false, errors: [] });
  expect(result.before).toBe('NotAllowedError');
  expect(result.after).toBe('allowed');
  expect(await page.evaluate(() => window.__violations)).toEqual([]);
});

test('the strict CSP really forbids eval on that page (the test above would catch a shim that needs it)', async ({ page, serve }) => {
  const html = shimPage({ head: '<script src="/tests/browser/pages/csp-watch.js"></script>' });
  await page.goto(`${serve('/csp2.html', html)}?csp=strict`);
  await page.addScriptTag({ url: '/tests/browser/pages/csp-eval-attempt.js' });
  expect(await page.evaluate(() => window.evalAttempt)).toBe('EvalError');
});
