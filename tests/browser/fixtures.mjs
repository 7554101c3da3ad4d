// Shared by the browser tests: a local server per worker, pages built per test, and a
// guard that lets no request leave 127.0.0.1.
import { test as base, expect } from '@playwright/test';
import { startServer } from '../../scripts/serve.mjs';

export { expect };

export const MANIFEST = {
  revision: 'r1',
  controller: { name: 'Test App' },
  purposes: [
    { id: 'call', label: { en: 'Calls', 'zh-CN': '通话' } },
    { id: 'share', label: { en: 'Screen sharing' } },
    { id: 'diagnostics', label: { en: 'Diagnostics' } },
  ],
  sdks: [{
    id: 'vertc', name: 'veRTC Web SDK', provider: 'Volcengine',
    permissions: [
      { surface: 'camera', purpose: 'call' },
      { surface: 'microphone', purpose: 'call' },
      { surface: 'devices', purpose: 'call' },
      { surface: 'screen', purpose: 'share' },
    ],
  }],
};

// MANIFEST with its SDK's `fields` added or replaced (endpoints, storage, collects, …).
export const withSdk = (fields) => ({ ...MANIFEST, sdks: [{ ...MANIFEST.sdks[0], ...fields }] });

// A page: the inline manifest (unless manifest === null), the shim, then `body`.
export function shimPage({ manifest = MANIFEST, head = '', body = '', shim = '/dist/rtc-privacy-shim.js' } = {}) {
  const text = typeof manifest === 'string' ? manifest : JSON.stringify(manifest);
  const inline = manifest === null ? '' : `<script type="application/json" data-rtc-privacy-manifest>${text}</script>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">${head}${inline}<script src="${shim}"></script></head><body>${body}</body></html>`;
}

// Counts the calls that reach the browser's media functions. Installed by an init script,
// i.e. before the shim captures its natives, so it sees only what the shim lets through.
export const COUNT_NATIVE_CALLS = () => {
  window.__nativeCalls = { getUserMedia: 0, getDisplayMedia: 0, enumerateDevices: 0 };
  for (const name of Object.keys(window.__nativeCalls)) {
    const original = MediaDevices.prototype[name];
    Object.defineProperty(MediaDevices.prototype, name, {
      value: { [name](...args) { window.__nativeCalls[name]++; return original.apply(this, args); } }[name],
      writable: true, configurable: true, enumerable: true,
    });
  }
};

export const test = base.extend({
  server: [async ({}, use) => {
    const server = await startServer();
    await use(server);
    await server.close();
  }, { scope: 'worker' }],

  // Serves `html` at `path` on the local server's origin (other paths come from disk).
  serve: async ({ page, server }, use) => {
    const pages = new Map();
    await page.context().route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname !== '127.0.0.1') return route.abort('blockedbyclient');
      const html = pages.get(url.pathname);
      if (html !== undefined) {
        const headers = { 'content-type': 'text/html; charset=utf-8' };
        if (url.searchParams.get('csp') === 'strict') headers['content-security-policy'] = "script-src 'self' 'wasm-unsafe-eval'";
        return route.fulfill({ status: 200, headers, body: html });
      }
      return route.continue();
    });
    await use((path, html) => { pages.set(path, html); return `${server.url}${path}`; });
  },

  consoleErrors: async ({ page }, use) => {
    const errors = [];
    page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
    page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
    await use(errors);
  },
});
