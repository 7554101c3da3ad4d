// npm run bench: prints figures, asserts nothing. Measured in Debian's Chromium, and Node.
//   - size of each dist file, raw and gzipped
//   - boot: from the start of the shim's <script> to armed (status().bootMs: every wrapper in
//     place, the next script runs), the engine's start (status().engineMs: at the first
//     question or once the page's scripts have run), and <script> tag to the next script;
//     median and p95 over fresh page loads, first visits (no-store) and repeat visits
//     (a cacheable script, as from a CDN)
//   - redaction: MB/s and µs per event for the engine, the JSON.parse + JSON.stringify
//     floor, fast-redact, redact-pii and @redactpii/node, in Chromium and in Node
//   - a device-info read with and without the shim: the browser's value through the
//     wrapper, and a generalized one (answered without the browser's getter)
//   - DOM insertion and cloneNode with and without the shim (its insertion wrappers)
//   - what the fetch wrapper adds to a request that is not telemetry
//   - recall and precision per detector on the labeled corpus (scripts/gen-corpus.mjs)
import { chromium } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import { startServer } from './serve.mjs';
import { comparators, textRedactors } from './bench/comparators.mjs';
import { printScore, score } from './bench/corpus.mjs';
import { nodeEngine } from './bench/engine-node.mjs';
import { compare, printRows, telemetryBatch } from './bench/workload.mjs';
import { CHROMIUM_ARGS } from '../playwright.config.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS || 30);

function files(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

// scripts/bench/page-entry.mjs and the comparators, for the page. redact-pii imports the
// Google Cloud DLP client for its optional cloud redactor; the bench uses only its local
// SyncRedactor, so that import is an empty module in the page.
async function bundleBenchPage() {
  const emptyDlp = {
    name: 'no-cloud-dlp',
    setup(build) {
      build.onResolve({ filter: /^@google-cloud\/dlp$/ }, () => ({ path: 'dlp', namespace: 'empty' }));
      build.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'module.exports = {};' }));
    },
  };
  const result = await esbuild.build({ entryPoints: [join(root, 'scripts/bench/page-entry.mjs')], bundle: true,
    write: false, format: 'iife', platform: 'browser', plugins: [emptyDlp], logLevel: 'silent' });
  return result.outputFiles[0].text;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log('Bundle sizes (gzip -9):');
for (const file of files(join(root, 'dist')).filter((f) => /\.m?js$/.test(f))) {
  const raw = readFileSync(file);
  console.log(`  ${relative(root, file).padEnd(40)} ${kb(raw.length).padStart(10)} raw  ${kb(gzipSync(raw, { level: 9 }).length).padStart(9)} gzipped`);
}

// The figure: the classic bundle, which carries the engine, every surface and the
// consent UI (the telemetry bundle adds the redactor), and how it splits.
{
  const bundle = readFileSync(join(root, 'dist/rtc-privacy-shim.js'), 'utf8');
  const gz = (text) => gzipSync(text, { level: 9 }).length;
  const embedded = bundle.match(/["'][A-Za-z0-9+/=]{1000,}["']/g) || [];
  let js = bundle;
  for (const b of embedded) js = js.replace(b, "''");
  const total = gz(bundle);
  console.log(`Full bundle (engine + surfaces + UI), dist/rtc-privacy-shim.js: ${kb(total)} gzipped ` +
    `(target 60 KB: ${total <= 60 * 1024 ? 'met' : 'not met'}); alone: embedded WASM ${embedded.map((b) => kb(gz(b))).join(' + ')}, JS ${kb(gz(js))}`);
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `median ${at(0.5).toFixed(2)} ms  p95 ${at(0.95).toFixed(2)} ms  min ${sorted[0].toFixed(2)} ms  (n=${sorted.length})`;
}

// `collects`: device-info items the SDK declares (the boot page declares none).
// `sdk`: more of the SDK's entry.
const benchManifest = (revision, collects, sdk = {}) => JSON.stringify({
  revision,
  controller: { name: 'Bench' },
  purposes: [{ id: 'call', label: { en: 'Calls' } }, { id: 'diagnostics', label: { en: 'Diagnostics' } }],
  sdks: [{ id: 'vertc', name: 'veRTC', provider: 'Volcengine', ...(collects ? { collects } : {}),
    permissions: [{ surface: 'camera', purpose: 'call' }, { surface: 'microphone', purpose: 'call' }], ...sdk }],
});
const shimHtml = (manifest) => `<!doctype html><html><head>
<script>window.__t0 = performance.now();</script>
<script type="application/json" data-rtc-privacy-manifest>${manifest}</script>
<script src="/dist/rtc-privacy-shim.js"></script>
<script>window.__t1 = performance.now();</script></head><body></body></html>`;
const html = shimHtml(benchManifest('bench'));
// The items of the getters timed below, kept: once consent for "call" is granted, each read
// goes through the wrapper to the browser's own getter.
const keptHtml = shimHtml(benchManifest('bench-kept', ['userAgent', 'hardwareConcurrency', 'screen', 'devicePixelRatio']
  .map((item) => ({ item, necessity: 'required', purpose: 'call', treatment: 'keep' }))));

const server = await startServer();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const context = await browser.newContext();
  const cachedHtml = html.replace('/dist/rtc-privacy-shim.js', '/dist/rtc-privacy-shim.js?cache');
  await context.route('**/bench.html', (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await context.route('**/bench-cached.html', (route) => route.fulfill({ contentType: 'text/html', body: cachedHtml }));
  const page = await context.newPage();
  const boot = async (path, label) => {
    const scriptToNext = [];
    const armed = [];
    const engine = [];
    for (let i = 0; i < RUNS + 3; i++) {
      await page.goto(`${server.url}${path}`);
      // The engine starts in a task of its own once the page's scripts have run.
      await page.waitForFunction(() => RtcPrivacyShim.current.status().engineMs >= 0);
      const r = await page.evaluate(() => ({ total: window.__t1 - window.__t0, ...RtcPrivacyShim.current.status() }));
      if (r.closed) throw new Error(`bench page: the shim is closed: ${r.reason}`);
      if (i < 3) continue; // warm-up: first loads include cold HTTP and code caches
      scriptToNext.push(r.total);
      armed.push(r.bootMs);
      engine.push(r.engineMs);
    }
    console.log(`  ${label}:`);
    console.log(`    script start → armed (status().bootMs: natives, every surface's wrappers, realm guards)  ${stats(armed)}`);
    console.log(`    engine start (status().engineMs: unpack, compile, instantiate, manifest, consent)       ${stats(engine)}`);
    console.log(`    <script> tag → next script (adds fetching and parsing the file from 127.0.0.1)          ${stats(scriptToNext)}`);
  };
  console.log('\nBoot in Chromium (the engine starts at the first question asked of it, or once the page\'s scripts have run):');
  await boot('/bench.html', 'first visit (script served no-store)');
  await boot('/bench-cached.html', 'repeat visit (script cacheable: the browser keeps its compiled code)');

  // Wrapped getters, timed in three pages: without the shim; with the shim and the items kept
  // (the wrapper calls the browser's getter and returns its value); with the shim and no
  // consent, the items generalized (answered from the shim's cache, the browser's getter not
  // called). The differences are a whole read's, not the wrapper's own cost, and may be
  // negative: V8 may optimize a JS accessor that calls the browser's getter differently from a
  // property access that reaches the getter directly, and a generalized read skips the
  // browser's work (a new string each read). localStorage.getItem goes through the same wrapper in both shim pages, so its
  // two figures show how far the pages differ by noise. The pages take their rounds in turn,
  // so a busy spell of the machine falls on all three alike.
  const readers = () => {
    const reads = {
      'navigator.userAgent': () => navigator.userAgent,
      'navigator.hardwareConcurrency': () => navigator.hardwareConcurrency,
      'screen.width': () => screen.width,
      'devicePixelRatio': () => window.devicePixelRatio,
      'localStorage.getItem': () => localStorage.getItem('k'),
    };
    let sink = 0;
    // Nanoseconds per read over 200,000 reads of `name`.
    window.__readRound = (name) => {
      const fn = reads[name];
      const N = 200000;
      const t = performance.now();
      for (let i = 0; i < N; i++) sink += fn() ? 1 : 0;
      return ((performance.now() - t) / N) * 1e6 + (sink < 0 ? 1 : 0);
    };
    window.__readValue = (name) => String(reads[name]());
    return Object.keys(reads);
  };
  await context.route('**/bare.html', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bare</title>' }));
  await context.route('**/bench-kept.html', (route) => route.fulfill({ contentType: 'text/html', body: keptHtml }));
  const barePage = await context.newPage();
  await barePage.goto(`${server.url}/bare.html`);
  const keptPage = await context.newPage();
  await keptPage.goto(`${server.url}/bench-kept.html`);
  await keptPage.evaluate(() => RtcPrivacyShim.current.consent.grant('call'));
  const pages = { native: barePage, kept: keptPage, generalized: page };
  let names = [];
  for (const p of Object.values(pages)) names = await p.evaluate(readers);
  const median = (list) => [...list].sort((a, b) => a - b)[list.length >> 1];
  const ns = (v) => `${v.toFixed(1).padStart(6)} ns`;
  const signed = (v) => `${v < 0 ? '−' : '+'}${Math.abs(v).toFixed(1)} ns`.padStart(10);
  console.log('\nA read with and without the shim, per read (median of 9 alternating rounds of 200,000 reads). native: no shim;');
  console.log('kept: the wrapper returns the browser\'s getter\'s value; generalized: answered from the shim\'s cache without the');
  console.log('browser\'s getter. (±): the difference to native, the whole read\'s, not the wrapper\'s own cost (see scripts/bench.mjs);');
  console.log('localStorage.getItem has the same wrapper in both shim pages: its two figures show the noise between pages.');
  for (const name of names) {
    // The kept page must read what the browser says, or its column is not the browser's value.
    const [bareValue, keptValue] = await Promise.all([barePage, keptPage].map((p) => p.evaluate((n) => __readValue(n), name)));
    if (keptValue !== bareValue) throw new Error(`bench page: ${name} kept reads ${keptValue}, the browser ${bareValue}`);
    const samples = { native: [], kept: [], generalized: [] };
    for (let r = -1; r < 9; r++) {  // round -1: warm-up
      for (const [label, p] of Object.entries(pages)) {
        const t = await p.evaluate((n) => __readRound(n), name);
        if (r >= 0) samples[label].push(t);
      }
    }
    const n = median(samples.native);
    const k = median(samples.kept);
    const g = median(samples.generalized);
    console.log(`  ${name.padEnd(30)} native ${ns(n)}   kept ${ns(k)} (${signed(k - n)})   generalized ${ns(g)} (${signed(g - n)})`);
  }
  // The consent granted for the kept page is not carried into the pages below.
  await keptPage.evaluate(() => localStorage.removeItem('rtc-privacy-shim:consent'));
  await keptPage.close();

  // DOM insertion and copying: every insertion method is wrapped (the injected-script gate
  // looks for declared scripts in what is inserted, and frames are guarded as they arrive),
  // and so are cloneNode / importNode (copies of started scripts). Timed without the shim and
  // with it, on a page whose SDK declares an injected script (the gate's checks run), in
  // alternating rounds; each call inserts or copies nodes without scripts, as an app's
  // rendering does.
  const domHtml = shimHtml(benchManifest('bench-dom', null, { injectedScripts: [{ selector: 'script#dy', purpose: 'diagnostics' }] }));
  await context.route('**/bench-dom.html', (route) => route.fulfill({ contentType: 'text/html', body: domHtml }));
  const domPage = await context.newPage();
  await domPage.goto(`${server.url}/bench-dom.html`);
  const domOps = () => {
    const host = document.body.appendChild(document.createElement('section'));
    const tree = document.createElement('div');
    for (let i = 0; i < 20; i++) tree.insertAdjacentHTML('beforeend', `<ul class="row"><li>${i}</li><li><b>x</b></li><li><a href="#">y</a></li></ul>`);
    const snippet = tree.innerHTML.slice(0, 1000);
    const ops = {
      'appendChild + remove of a <div>': () => { const d = document.createElement('div'); host.appendChild(d); d.remove(); },
      'append of a 100-element tree': () => { host.append(tree.cloneNode(true)); host.lastChild.remove(); },
      'cloneNode(true), 100 elements': () => tree.cloneNode(true),
      'innerHTML = 1 KB of markup': () => { host.innerHTML = snippet; },
    };
    // Microseconds per call over `N` calls of `name`.
    window.__domRound = (name, N) => {
      const fn = ops[name];
      const t = performance.now();
      for (let i = 0; i < N; i++) fn();
      return ((performance.now() - t) / N) * 1000;
    };
    return Object.keys(ops);
  };
  const domPages = { native: barePage, shim: domPage };
  let ops = [];
  for (const p of Object.values(domPages)) ops = await p.evaluate(domOps);
  const us = (v) => `${v.toFixed(2).padStart(7)} µs`;
  console.log('\nDOM insertion and copying, per call (median of 9 alternating rounds of 2,000 calls), without the shim and with it');
  console.log('(an SDK declaring an injected script, so the gate looks at what is inserted); nodes without scripts:');
  for (const name of ops) {
    const samples = { native: [], shim: [] };
    for (let r = -1; r < 9; r++) {  // round -1: warm-up
      for (const [label, p] of Object.entries(domPages)) {
        const t = await p.evaluate((n) => __domRound(n, 2000), name);
        if (r >= 0) samples[label].push(t);
      }
    }
    const n = median(samples.native);
    const w = median(samples.shim);
    console.log(`  ${name.padEnd(34)} native ${us(n)}   shim ${us(w)} (+${(w - n).toFixed(2)} µs)`);
  }
  await domPage.close();
  await barePage.close();

  // Telemetry: the redactor against other redactors on the same workload, in Chromium (the
  // target) and in Node, then the cost fetch() adds to a request that is not telemetry, then
  // precision and recall on the labeled corpus.
  const telemetryManifest = JSON.stringify({
    revision: 'bench', controller: { name: 'Bench' },
    purposes: [{ id: 'diagnostics', label: { en: 'Diagnostics' } }],
    sdks: [{ id: 'vertc', name: 'veRTC', provider: 'Volcengine',
      endpoints: [{ match: 'https://log.rtc-sdk.test/report*', purpose: 'diagnostics', format: 'json' }] }],
  });
  const benchScript = await bundleBenchPage();
  // `stub`: the page's fetch is a stand-in that returns at once, installed before the shim,
  // so the difference between the two calls is what the shim's wrapper adds (the native
  // fetch of this machine varies by more than that from call to call).
  const telemetryHtml = (stub) => `<!doctype html><html><head>
<script>${stub ? 'const done = Promise.resolve(); window.fetch = function fetch(input, init) { return done; };' : ''}
window.__unwrappedFetch = window.fetch;</script>
<script type="application/json" data-rtc-privacy-manifest>${telemetryManifest}</script>
<script src="/dist/rtc-privacy-shim-telemetry.js"></script>
<script src="/bench-page.js"></script></head><body></body></html>`;
  await context.route('**/bench-page.js', (route) => route.fulfill({ contentType: 'text/javascript', body: benchScript }));
  await context.route('**/bench-telemetry.html', (route) => route.fulfill({ contentType: 'text/html', body: telemetryHtml(false) }));
  await context.route('**/bench-stub.html', (route) => route.fulfill({ contentType: 'text/html', body: telemetryHtml(true) }));

  await page.goto(`${server.url}/bench-telemetry.html`);
  const workload = telemetryBatch();
  console.log(`\nRedaction, ${(workload.payload.length / 1e6).toFixed(2)} MB JSON batch of ${workload.events} RTC stats events (1 in 4 with personal data), JS string in, JS string out:`);
  printRows(' Chromium', await page.evaluate(() => __bench.throughput()));
  const engine = await nodeEngine(root);
  printRows(` Node ${process.version}`, compare([engine, ...comparators(workload.paths)], workload));

  const fetchCost = async (path, url, n) => {
    await page.goto(`${server.url}/${path}`);
    return page.evaluate(([target, N]) => {
      const round = (fn) => {
        const t = performance.now();
        for (let i = 0; i < N; i++) fn(`${target}${i}`).catch(() => {});
        return ((performance.now() - t) / N) * 1000;
      };
      for (let k = 0; k < 3; k++) { round(window.__unwrappedFetch); round(window.fetch); }
      const unwrapped = [];
      const wrapped = [];
      for (let r = 0; r < 11; r++) {
        unwrapped.push(round(window.__unwrappedFetch));
        wrapped.push(round(window.fetch));
      }
      const median = (list) => [...list].sort((a, b) => a - b)[list.length >> 1];
      return { unwrapped: median(unwrapped), wrapped: median(wrapped) };
    }, [url, n]);
  };
  console.log('\nfetch() of a request that is not telemetry: the synchronous cost of the call, median of 11 alternating rounds');
  for (const [label, url] of [['cross-origin https URL', 'https://api.app.test/v1/items?page='], ['relative URL', '/api/items?page=']]) {
    const stub = await fetchCost('bench-stub.html', url, 5000);
    console.log(`  ${label.padEnd(23)} added by the shim's wrapper: ${(stub.wrapped - stub.unwrapped).toFixed(2)} µs/call (over a stand-in fetch)`);
  }
  // Context only: Chromium's own fetch (data: URLs, nothing leaves) costs far more than the
  // wrapper and varies by more than it between rounds.
  const real = await fetchCost('bench-telemetry.html', 'data:text/plain,', 1000);
  console.log(`  with Chromium's fetch (data: URL): ${real.unwrapped.toFixed(1)} µs native, ${real.wrapped.toFixed(1)} µs through the shim`);

  // The labeled corpus, regenerated by its (deterministic) generator: the same bytes as
  // tests/corpus/pii.jsonl.
  const corpusFile = join(root, 'build/bench-corpus.jsonl');
  execFileSync(process.execPath, [join(root, 'scripts/gen-corpus.mjs'), '--out', corpusFile], { stdio: 'pipe' });
  const corpus = readFileSync(corpusFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  await page.goto(`${server.url}/bench-telemetry.html`);
  console.log('');
  printScore('Labeled corpus, rtc-privacy-shim in Chromium (shim.redact)', await page.evaluate((lines) => __bench.corpus(lines), corpus), corpus.length);
  printScore(`Labeled corpus, rtc-privacy-shim in Node`, score(engine.redact, corpus), corpus.length);
  for (const r of textRedactors()) printScore(`Labeled corpus, ${r.name} in Node (text)`, score(r.run, corpus), corpus.length);
} finally {
  await browser.close();
  await server.close();
}
