import { chromium } from '@playwright/test';
import { startServer } from './serve.mjs';
import { CHROMIUM_ARGS } from '../playwright.config.mjs';
const RUNS = 30;
const manifest = JSON.stringify({ revision: 'bench', controller: { name: 'Bench' },
  purposes: [{ id: 'call', label: { en: 'Calls' } }, { id: 'diagnostics', label: { en: 'Diagnostics' } }],
  sdks: [{ id: 'vertc', name: 'veRTC', provider: 'Volcengine', permissions: [{ surface: 'camera', purpose: 'call' }, { surface: 'microphone', purpose: 'call' }] }] });
const file = process.argv[2] || 'rtc-privacy-shim.js';
const html = `<!doctype html><html><head><script>window.__t0 = performance.now();</script>
<script type="application/json" data-rtc-privacy-manifest>${manifest}</script>
<script src="/dist/${file}${process.env.CACHE ? '?cache' : ''}"></script><script>window.__t1 = performance.now();</script></head><body></body></html>`;
const server = await startServer();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
const context = await browser.newContext();
await context.route('**/p.html', (r) => r.fulfill({ contentType: 'text/html', body: html }));
const page = await context.newPage();
const rows = {};
const compile = [];
for (let i = 0; i < RUNS + 3; i++) {
  await page.goto(`${server.url}/p.html`);
  const r = await page.evaluate(async () => {
    const m = globalThis.__rpsMarks || [];
    const st = RtcPrivacyShim.current.status();
    const bytes = new Uint8Array(await (await fetch('/build/wasm/rps_core.wasm')).arrayBuffer());
    const t = performance.now(); new WebAssembly.Module(bytes); const c = performance.now() - t;
    return { m, boot: st.bootMs, total: window.__t1 - window.__t0, closed: st.closed, c };
  });
  if (r.closed) throw new Error('closed');
  if (i < 3) continue;
  compile.push(r.c);
  let prev = null;
  for (const [name, t] of r.m) { if (prev !== null) (rows[name] ||= []).push(t - prev); prev = t; }
  (rows.BOOT ||= []).push(r.boot); (rows.TOTAL ||= []).push(r.total);
}
const med = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
for (const [k, v] of Object.entries(rows)) console.log(k.padEnd(24), med(v).toFixed(2));
console.log('compile-only rps_core.wasm'.padEnd(24), med(compile).toFixed(2));
await browser.close(); await server.close?.();
process.exit(0);
