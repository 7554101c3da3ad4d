// node scripts/observe-sdk.mjs <vertc|zego-express|zego-zim|tencent-chat|agora> [--json] [--settle MS] [--sockets open|fail] [--no-probe]
//
// Loads the real SDK from node_modules in Debian's Chromium (fake camera and microphone),
// WITHOUT the shim, and walks it through import → construct → devices → local media → join
// (dummy credentials) → idle → unload. Prints what it read of the device (a probe counts the
// getters and methods, per phase), what it stored (storage keys and the shape of their values,
// cookies, IndexedDB databases), which scripts it inserted, and where it sent data: host, path,
// method, format and field names, each field tagged with the kind of test value it carried
// (token, userId, deviceId, userAgent…). Values are never printed.
//
// Nothing leaves 127.0.0.1: every other request is captured and aborted; WebSockets are
// answered by Playwright (`--sockets open`: the socket opens and its frames are recorded, no
// server behind it; `fail`: closed at once); ICE servers are removed before the browser sees
// them and non-proxied UDP is off; a dead proxy catches anything a route would miss.
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS } from '../playwright.config.mjs';
import { startServer } from './serve.mjs';
import { SDKS, DUMMY, credentials } from './observe/sdks.mjs';
import { describeBody, describeQuery, formatPaths, mergePaths, tagsOf } from './observe/payload.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const id = args.find((a, i) => !a.startsWith('--') && !['--settle', '--sockets'].includes(args[i - 1]));
const sdk = SDKS[id];
if (!sdk) {
  console.error(`usage: node scripts/observe-sdk.mjs <${Object.keys(SDKS).join('|')}> [--json] [--settle MS] [--sockets open|fail] [--no-probe]`);
  process.exit(2);
}
const SETTLE = Number(option('--settle', 3000));
const STEP_LIMIT = 8000;
const SOCKETS = option('--sockets', 'open');
const version = JSON.parse(readFileSync(join(root, 'node_modules', sdk.pkg, 'package.json'), 'utf8')).version;

if (sdk.bundle) await sdk.bundle(root);
const server = await startServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [...CHROMIUM_ARGS, '--force-webrtc-ip-handling-policy=disable_non_proxied_udp', '--proxy-server=http://127.0.0.1:9'],
});
const context = await browser.newContext();
let phase = 'import';
const requests = [];
const sockets = [];
const isLocal = (url) => url.hostname === '127.0.0.1';

await context.route('**/*', (route) => {
  const request = route.request();
  const url = new URL(request.url());
  if (isLocal(url)) return route.continue();
  requests.push({
    phase, url, method: request.method(), type: request.resourceType(),
    contentType: request.headers()['content-type'] || '', body: request.postDataBuffer(),
  });
  return route.abort('internetdisconnected');
});
await context.routeWebSocket(() => true, (ws) => {
  const url = new URL(ws.url());
  if (isLocal(url)) { ws.connectToServer(); return; }
  const record = { phase, url, frames: [] };
  sockets.push(record);
  if (SOCKETS === 'fail') { ws.close({ code: 1011, reason: 'offline' }); return; }
  ws.onMessage((message) => record.frames.push({ phase, message }));
});
// --no-probe: the same run without the probe, to check that it changes nothing the SDK does.
const PROBE = !args.includes('--no-probe');
if (PROBE) await context.addInitScript({ path: join(root, 'scripts', 'observe', 'probe.js') });

const page = await context.newPage();
const errors = [];
page.on('pageerror', (e) => {
  errors.push(`${phase}: ${e.message.split('\n')[0]}`);
  if (process.env.OBSERVE_DEBUG) console.error(e.stack);
});
const html = `<!doctype html><html><head><meta charset="utf-8"><title>observe</title></head><body>
<script src="${sdk.script}"></script></body></html>`;
await page.route(`${server.url}/observe.html`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));

const outcomes = {};
const settle = () => page.waitForTimeout(SETTLE);
const setPhase = async (name) => { phase = name; await page.evaluate((n) => { if (window.__probe) window.__probe.phase = n; }, name); };

await page.goto(`${server.url}/observe.html`);
outcomes.import = await page.evaluate(() => (window.VERTC || window.ZegoExpressEngine || window.ZIM || window.AgoraRTC || window.TencentCloudChat ? 'ok' : 'no global'));
await settle();
for (const step of ['construct', 'devices', 'media', 'join']) {
  await setPhase(step);
  const fn = sdk.steps[step];
  if (!fn) { outcomes[step] = 'n/a'; continue; }
  outcomes[step] = await page.evaluate(async ({ source, creds, limit }) => {
    // A step crosses into the page as its source text (scripts/observe/sdks.mjs).
    const run = (0, eval)(`(${source})`);
    const timer = new Promise((resolve) => setTimeout(() => resolve('pending'), limit));
    try {
      return await Promise.race([Promise.resolve(run(creds)), timer]);
    } catch (e) {
      return `error ${e && (e.name || e.code || e.errorCode)}: ${String(e && (e.message || e.msg || e.code)).slice(0, 80)}`;
    }
  }, { source: fn.toString(), creds: credentials(id), limit: STEP_LIMIT });
  await settle();
}
await setPhase('idle');
await settle();

// The harness's own reads from here on are counted under "harness" and left out.
await setPhase('harness');
const probe = await page.evaluate(() => JSON.parse(JSON.stringify(window.__probe
  || { reads: {}, writes: {}, scripts: [], iceServers: [], secrets: { deviceIds: [], labels: [], gpu: [] } })));
const stored = await page.evaluate(async () => {
  const area = (s) => Object.keys(s).map((key) => ({ key, value: s[key] }));
  let databases = [];
  try { databases = (await indexedDB.databases()).map((d) => d.name); } catch { /* not supported */ }
  let cacheNames = [];
  try { cacheNames = await caches.keys(); } catch { /* not available */ }
  return { local: area(localStorage), session: area(sessionStorage), databases, cacheNames, userAgent: navigator.userAgent };
});
const cookies = (await context.cookies()).map((c) => `${c.domain} ${c.name}`);
await setPhase('unload');
await page.close({ runBeforeUnload: true });
await new Promise((resolve) => setTimeout(resolve, 500)); // what the unload handlers send
await browser.close();
await server.close();

// Test values to recognise in what was sent.
const storedIds = [...stored.local, ...stored.session].flatMap(({ key, value }) => {
  const leaves = [];
  try { JSON.stringify(JSON.parse(value), (k, v) => { if (typeof v !== 'object') leaves.push(String(v)); return v; }); } catch { leaves.push(value); }
  return leaves.filter((v) => v.length >= 8 && /\d/.test(v) && !/^\d{13}$/.test(v)).map((v) => ({ tag: `stored:${key}`, values: [v] }));
});
const markers = [
  { tag: 'token', values: [sdk.token] },
  { tag: 'userId', values: [DUMMY.userId] },
  { tag: 'userName', values: [DUMMY.userName] },
  { tag: 'roomId', values: [DUMMY.roomId] },
  { tag: 'appId', values: [sdk.appId] },
  { tag: 'deviceId', values: probe.secrets.deviceIds },
  { tag: 'deviceLabel', values: probe.secrets.labels },
  { tag: 'userAgent', values: [stored.userAgent] },
  { tag: 'gpu', values: probe.secrets.gpu },
  { tag: 'pageUrl', values: [new URL(server.url).host] },
  ...storedIds,
];

function shape(value) {
  try {
    const v = JSON.parse(value);
    if (v && typeof v === 'object') return `json {${Object.keys(v).slice(0, 12).join(',')}}`;
    if (typeof v === 'number') return 'number';
  } catch { /* plain text */ }
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return 'uuid';
  if (/^[0-9a-f]+$/i.test(value)) return `hex(${value.length})`;
  if (/^[A-Za-z0-9+/=_-]+$/.test(value)) return `token-like(${value.length})`;
  return `text(${value.length})`;
}
const storageRows = (rows) => rows.map(({ key, value }) => ({ key, shape: shape(value), tags: tagsOf(value, markers.filter((m) => !m.tag.startsWith('stored:'))) }));

// Requests grouped by method + host + path.
const endpoints = new Map();
for (const r of requests) {
  const key = `${r.method} ${r.url.protocol}//${r.url.host}${r.url.pathname}`;
  const e = endpoints.get(key) || { key, count: 0, phases: new Set(), types: new Set(), formats: new Set(), query: new Map(), fields: new Map() };
  e.count++;
  e.phases.add(r.phase);
  e.types.add(r.type);
  mergePaths(e.query, describeQuery(r.url, markers));
  const body = describeBody(r.body, r.contentType, markers);
  e.formats.add(body.format);
  mergePaths(e.fields, body.paths);
  endpoints.set(key, e);
}
const socketGroups = new Map();
for (const s of sockets) {
  const key = `${s.url.protocol}//${s.url.host}${s.url.pathname}`;
  const e = socketGroups.get(key) || { key, count: 0, phases: new Set(), framePhases: new Set(), query: new Map(), frames: 0, formats: new Set(), fields: new Map() };
  e.count++;
  e.phases.add(s.phase);
  mergePaths(e.query, describeQuery(s.url, markers));
  for (const f of s.frames) {
    e.frames++;
    e.framePhases.add(f.phase);
    const body = describeBody(typeof f.message === 'string' ? f.message : Buffer.from(f.message), '', markers);
    e.formats.add(body.format);
    mergePaths(e.fields, body.paths);
  }
  socketGroups.set(key, e);
}

const PHASES = ['import', 'construct', 'devices', 'media', 'join', 'idle', 'unload'];
const byPhase = (t) => PHASES.filter((p) => t[p]).map((p) => `${p}:${t[p]}`).join(' ');
const report = {
  sdk: id, package: `${sdk.pkg}@${version}`, outcomes, pageErrors: errors,
  reads: Object.entries(probe.reads).filter(([, t]) => byPhase(t)).map(([name, t]) => ({ name, phases: byPhase(t) })),
  writes: Object.entries(probe.writes).filter(([, t]) => byPhase(t)).map(([name, t]) => ({ name, phases: byPhase(t) })),
  storage: { localStorage: storageRows(stored.local), sessionStorage: storageRows(stored.session), indexedDB: stored.databases, caches: stored.cacheNames, cookies },
  scripts: probe.scripts.filter((s) => s.from !== new URL(server.url).host),
  iceServers: [...new Set(probe.iceServers)],
  requests: [...endpoints.values()].map((e) => ({
    endpoint: e.key, count: e.count, phases: [...e.phases], types: [...e.types], formats: [...e.formats],
    query: formatPaths(e.query), fields: formatPaths(e.fields),
  })),
  websockets: [...socketGroups.values()].map((e) => ({
    endpoint: e.key, count: e.count, phases: [...e.phases], query: formatPaths(e.query), framesSent: e.frames, framePhases: [...e.framePhases],
    formats: [...e.formats], fields: formatPaths(e.fields),
  })),
};

if (args.includes('--json')) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const out = [];
  out.push(`# ${report.package} (${sdk.name}), ${SOCKETS} sockets`);
  out.push(`phases: ${Object.entries(outcomes).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if (errors.length) out.push(`page errors: ${errors.slice(0, 5).join(' | ')}`);
  out.push('\n## reads (per phase)');
  for (const r of report.reads) out.push(`  ${r.name}  ${r.phases}`);
  out.push('\n## writes');
  for (const w of report.writes) out.push(`  ${w.name}  ${w.phases}`);
  out.push('\n## stored at the end');
  for (const [areaName, rows] of [['localStorage', report.storage.localStorage], ['sessionStorage', report.storage.sessionStorage]]) {
    for (const r of rows) out.push(`  ${areaName} ${r.key}: ${r.shape}${r.tags.length ? ` {${r.tags.join(',')}}` : ''}`);
  }
  out.push(`  indexedDB: ${report.storage.indexedDB.join(', ') || '-'}`);
  out.push(`  caches: ${report.storage.caches.join(', ') || '-'}   cookies: ${report.storage.cookies.join(', ') || '-'}`);
  out.push(`\n## scripts inserted: ${report.scripts.map((s) => `${s.phase}:${s.from}${s.id ? `#${s.id}` : ''}`).join(', ') || '-'}`);
  out.push(`## ICE servers asked for (removed): ${report.iceServers.join(', ') || '-'}`);
  out.push('\n## requests (captured, aborted)');
  for (const r of report.requests) {
    out.push(`  ${r.endpoint}  x${r.count} [${r.phases.join(',')}] ${r.types.join('/')} body: ${r.formats.join('/')}`);
    if (r.query.length) out.push(`    query: ${r.query.join(', ')}`);
    if (r.fields.length) out.push(`    fields: ${r.fields.join(', ')}`);
  }
  out.push('\n## websockets');
  for (const s of report.websockets) {
    out.push(`  ${s.endpoint}  x${s.count} [${s.phases.join(',')}] frames sent: ${s.framesSent}${s.framesSent ? ` [${s.framePhases.join(',')}]` : ''} ${s.formats.join('/')}`);
    if (s.query.length) out.push(`    query: ${s.query.join(', ')}`);
    if (s.fields.length) out.push(`    fields: ${s.fields.join(', ')}`);
  }
  console.log(out.join('\n'));
}
