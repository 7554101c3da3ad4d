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

  // Telemetry bundle: redaction throughput (JS string in, JS string out, all detectors on)
  // and what the fetch wrapper adds to a request that is not telemetry.
  const telemetryManifest = JSON.stringify({
    revision: 'bench', controller: { name: 'Bench' },
    purposes: [{ id: 'diagnostics', label: { en: 'Diagnostics' } }],
    sdks: [{ id: 'vertc', name: 'veRTC', provider: 'Volcengine',
      endpoints: [{ match: 'https://log.rtc-sdk.test/report*', purpose: 'diagnostics', format: 'json' }] }],
  });
  const telemetryHtml = `<!doctype html><html><head>
<script>window.__nativeFetch = window.fetch;</script>
<script type="application/json" data-rtc-privacy-manifest>${telemetryManifest}</script>
<script src="/dist/rtc-privacy-shim-telemetry.js"></script></head><body></body></html>`;
  await context.route('**/bench-telemetry.html', (route) => route.fulfill({ contentType: 'text/html', body: telemetryHtml }));
  await page.goto(`${server.url}/bench-telemetry.html`);
  const telemetry = await page.evaluate(() => {
    // ~1 MB of stats reports like an RTC SDK's, one in eight with personal data in it.
    const reports = [];
    for (let i = 0; i < 2600; i++) {
      const r = { event: 'rtc_stats', room_id: `room_${i % 37}`, uid: `u_${i}`, ts: 1732350000000 + i * 1000, sdkVersion: '4.68.4.1',
        net: { rtt: 30 + (i % 50), loss: (i % 7) / 100, bitrate: 1200 + i, ip: i % 8 === 0 ? `203.0.113.${i % 250}` : '' },
        video: { width: 1280, height: 720, fps: 30, ssrc: 3000000000 + i, codec: 'VP8' },
        audio: { level: i % 100, jitter: i % 13, ssrc: 1000000 + i },
        note: i % 8 === 4 ? `user${i}@example.com called +86 138 1234 ${String(5000 + i).slice(-4)}` : 'ok' };
      reports.push(r);
    }
    const payload = JSON.stringify({ batch: reports });
    const shim = RtcPrivacyShim.current;
    shim.redact(payload, { format: 'json' });  // warm-up
    let bytes = 0;
    const start = performance.now();
    let runs = 0;
    while (performance.now() - start < 2000) { shim.redact(payload, { format: 'json' }); bytes += payload.length; runs++; }
    const seconds = (performance.now() - start) / 1000;

    // The synchronous cost of calling fetch() for a URL that is not telemetry, wrapper vs
    // native: rounds alternate between the two (so drift in machine load hits both) after a
    // warm-up of each; the figure is the median over rounds.
    const N = 1000;
    const round = (fn) => {
      const t = performance.now();
      for (let i = 0; i < N; i++) fn(`data:text/plain,${i}`).catch(() => {});
      return ((performance.now() - t) / N) * 1000;
    };
    round(window.__nativeFetch);
    round(window.fetch);
    const nativeRounds = [];
    const wrappedRounds = [];
    for (let r = 0; r < 21; r++) {
      nativeRounds.push(round(window.__nativeFetch));
      wrappedRounds.push(round(window.fetch));
    }
    const median = (list) => [...list].sort((a, b) => a - b)[list.length >> 1];
    const native = median(nativeRounds);
    const wrapped = median(wrappedRounds);
    return { mb: payload.length / 1e6, runs, mbPerSecond: bytes / 1e6 / seconds, native, wrapped };
  });
  console.log('\nTelemetry (dist/rtc-privacy-shim-telemetry.js, Chromium):');
  console.log(`  redaction throughput, ${telemetry.mb.toFixed(2)} MB JSON batch, all detectors, JS string in/out: ${telemetry.mbPerSecond.toFixed(1)} MB/s (${telemetry.runs} runs)`);
  console.log(`  fetch() of a non-telemetry URL: native ${telemetry.native.toFixed(2)} µs/call, through the shim ${telemetry.wrapped.toFixed(2)} µs/call, added ${(telemetry.wrapped - telemetry.native).toFixed(2)} µs`);

  // Recall and precision on the labeled corpus (tests/corpus/README.md), through shim.redact
  // in the page: the same engine the interceptors use, all detectors on.
  const corpus = readFileSync(join(root, 'tests/corpus/pii.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  const tally = await page.evaluate((lines) => {
    const byType = {};
    let falsePositives = 0;
    for (const { format, payload, pii, keep } of lines) {
      const out = RtcPrivacyShim.current.redact(payload, { format }).body;
      for (const { type, value } of pii) {
        const t = (byType[type] ||= { labeled: 0, caught: 0 });
        t.labeled++;
        if (!out.includes(value)) t.caught++;
      }
      for (const value of keep) if (!out.includes(value)) falsePositives++;
    }
    return { byType, falsePositives };
  }, corpus);
  const labeled = Object.values(tally.byType).reduce((n, t) => n + t.labeled, 0);
  const caught = Object.values(tally.byType).reduce((n, t) => n + t.caught, 0);
  console.log(`  labeled corpus (${corpus.length} payloads, ${labeled} personal values): recall ${(caught / labeled).toFixed(4)}, precision ${(caught / (caught + tally.falsePositives)).toFixed(4)} (${tally.falsePositives} look-alikes altered)`);
  const weak = Object.entries(tally.byType).filter(([, t]) => t.caught < t.labeled)
    .map(([type, t]) => `${type} ${(t.caught / t.labeled).toFixed(3)}`);
  if (weak.length) console.log(`    recall below 1 for: ${weak.join(', ')}`);
} finally {
  await browser.close();
  await server.close();
}
