// npm run bench: prints figures, asserts nothing. Measured in Debian's Chromium.
//   - size of each dist file, raw and gzipped
//   - boot: from the start of the shim's <script> to armed (the next script runs), and
//     install() alone (status().bootMs), median and p95 over fresh page loads
import { chromium } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './serve.mjs';
import { CHROMIUM_ARGS } from '../playwright.config.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS || 30);

function files(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log('Bundle sizes (gzip -9):');
for (const file of files(join(root, 'dist')).filter((f) => /\.m?js$/.test(f))) {
  const raw = readFileSync(file);
  console.log(`  ${relative(root, file).padEnd(40)} ${kb(raw.length).padStart(10)} raw  ${kb(gzipSync(raw, { level: 9 }).length).padStart(9)} gzipped`);
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `median ${at(0.5).toFixed(2)} ms  p95 ${at(0.95).toFixed(2)} ms  min ${sorted[0].toFixed(2)} ms  (n=${sorted.length})`;
}

const manifest = JSON.stringify({
  revision: 'bench',
  controller: { name: 'Bench' },
  purposes: [{ id: 'call', label: { en: 'Calls' } }, { id: 'diagnostics', label: { en: 'Diagnostics' } }],
  sdks: [{ id: 'vertc', name: 'veRTC', provider: 'Volcengine',
    permissions: [{ surface: 'camera', purpose: 'call' }, { surface: 'microphone', purpose: 'call' }] }],
});
const html = `<!doctype html><html><head>
<script>window.__t0 = performance.now();</script>
<script type="application/json" data-rtc-privacy-manifest>${manifest}</script>
<script src="/dist/rtc-privacy-shim.js"></script>
<script>window.__t1 = performance.now();</script></head><body></body></html>`;

const server = await startServer();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const context = await browser.newContext();
  await context.route('**/bench.html', (route) => route.fulfill({ contentType: 'text/html', body: html }));
  const page = await context.newPage();
  const scriptToArmed = [];
  const install = [];
  for (let i = 0; i < RUNS + 3; i++) {
    await page.goto(`${server.url}/bench.html`);
    const r = await page.evaluate(() => ({ total: window.__t1 - window.__t0, boot: RtcPrivacyShim.current.status().bootMs,
      closed: RtcPrivacyShim.current.status().closed, reason: RtcPrivacyShim.current.status().reason }));
    if (r.closed) throw new Error(`bench page: the shim is closed: ${r.reason}`);
    if (i < 3) continue; // warm-up: first loads include cold HTTP and code caches
    scriptToArmed.push(r.total);
    install.push(r.boot);
  }
  console.log('\nBoot in Chromium:');
  console.log(`  script start → armed (status().bootMs: compile, instantiate, manifest, wrappers)  ${stats(install)}`);
  console.log(`  <script> tag → next script (adds fetching and parsing the file from 127.0.0.1)      ${stats(scriptToArmed)}`);
} finally {
  await browser.close();
  await server.close();
}
