// Canvas readback: toDataURL, toBlob, getImageData and OffscreenCanvas.convertToBlob give the
// page its drawing with the session's perturbation (wasm/core/canvas_noise.hpp): the same read
// twice is the same, another session's read differs, and no channel moves by more than one
// step; a canvas the manifest keeps for a granted purpose reads as drawn.
import { test, expect, shimPage, withSdk } from './fixtures.mjs';
import { sharedReaderScript } from './helpers.mjs';

// ZEGO Express's device-id prefix, as its bundle computes it (zego-express-engine-webrtc
// 3.x, ZegoExpressWebRTC.js): "hello, zego" drawn, bytes -16..-12 of the PNG in hex.
const DRAWING = `
window.zegoCanvas = () => {
  const i = document.createElement('canvas'), n = i.getContext('2d'), e = 'hello, zego';
  n.textBaseline = 'top'; n.font = "14px 'Arial'"; n.fillStyle = '#f60'; n.fillRect(125, 1, 62, 20);
  n.fillStyle = '#069'; n.fillText(e, 2, 15); n.fillStyle = 'rgba(102, 204, 0, 0.7)'; n.fillText(e, 4, 17);
  return i;
};
window.zegoPrefix = (url) => {
  const t = atob(url.replace('data:image/png;base64,', '')).slice(-16, -12);
  let r = '';
  for (let i = 0; i < t.length; i++) { const h = t.charCodeAt(i).toString(16); r += h.length < 2 ? '0' + h : h; }
  return r;
};
window.pixels = (canvas) => Array.from(canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data);
window.blobBytes = (blob) => blob.arrayBuffer().then((b) => Array.from(new Uint8Array(b)));
window.webglPixels = () => {
  const c = document.createElement('canvas');
  c.width = 64; c.height = 32;
  const gl = c.getContext('webgl');
  gl.clearColor(0.4, 0.6, 0.2, 1); gl.clear(gl.COLOR_BUFFER_BIT);
  const out = new Uint8Array(64 * 32 * 4);
  gl.readPixels(0, 0, 64, 32, gl.RGBA, gl.UNSIGNED_BYTE, out);
  return Array.from(out);
};
// A blob worker that draws on an OffscreenCanvas and answers with its convertToBlob bytes.
window.workerBlob = () => new Promise((resolve, reject) => {
  const code = 'onmessage = async () => { const o = new OffscreenCanvas(120, 40), n = o.getContext("2d");'
    + ' n.fillStyle = "#069"; n.font = "14px Arial"; n.fillText("hello, zego", 2, 20);'
    + ' postMessage(Array.from(new Uint8Array(await (await o.convertToBlob()).arrayBuffer()))); };';
  const worker = new Worker(URL.createObjectURL(new Blob([code])));
  worker.onmessage = (e) => { resolve(e.data); worker.terminate(); };
  worker.onerror = (e) => reject(new Error(e.message));
  worker.postMessage('go');
});
// The same 2D drawing and WebGL clear in the page and in a blob worker, read back with
// getImageData and readPixels.
window.drawReads = () => {
  const o = new OffscreenCanvas(120, 40), n = o.getContext('2d');
  n.fillStyle = '#069'; n.font = '14px Arial'; n.fillText('hello, zego', 2, 20);
  const g = new OffscreenCanvas(64, 32).getContext('webgl');
  g.clearColor(0.4, 0.6, 0.2, 1); g.clear(g.COLOR_BUFFER_BIT);
  const out = new Uint8Array(64 * 32 * 4);
  g.readPixels(0, 0, 64, 32, g.RGBA, g.UNSIGNED_BYTE, out);
  return { pixels: Array.from(n.getImageData(0, 0, 120, 40).data), webgl: Array.from(out) };
};
// A blob worker that answers each message with its drawReads().
window.readingWorker = () => {
  const worker = new Worker(URL.createObjectURL(new Blob(['const drawReads = ' + drawReads + '; onmessage = () => postMessage(drawReads());'])));
  return () => new Promise((resolve, reject) => {
    worker.onmessage = (e) => resolve(e.data);
    worker.onerror = (e) => reject(new Error(e.message));
    worker.postMessage('go');
  });
};
// A blob worker that creates a reading worker at once (before its own first message) and
// another when asked: nest('early') / nest('child') answer with that worker's drawReads(),
// nest('read') with its own.
window.nestingWorker = () => {
  const child = 'const drawReads = ' + drawReads + '; onmessage = () => postMessage(drawReads());';
  const code = 'const drawReads = ' + drawReads + '; const child = ' + JSON.stringify(child) + ';'
    + ' const spawn = () => new Worker(URL.createObjectURL(new Blob([child]))); const early = spawn();'
    + ' onmessage = (e) => { if (e.data === "read") return postMessage(drawReads());'
    + ' const w = e.data === "early" ? early : spawn(); w.onmessage = (m) => postMessage(m.data); w.postMessage("go"); };';
  const worker = new Worker(URL.createObjectURL(new Blob([code])));
  return (what) => new Promise((resolve, reject) => {
    worker.onmessage = (e) => resolve(e.data);
    worker.onerror = (e) => reject(new Error(e.message));
    worker.postMessage(what);
  });
};
window.offscreenDrawing = () => {
  const o = new OffscreenCanvas(120, 40), n = o.getContext('2d');
  n.fillStyle = '#069'; n.font = "14px 'Arial'"; n.fillText('hello, zego', 2, 20);
  return o;
};
`;
const drawingPage = (options = {}) => shimPage({ ...options, head: `<script>${DRAWING}</script>` });
const nativePage = `<!doctype html><html><head><script>${DRAWING}</script></head><body></body></html>`;

const KEEP_CANVAS = withSdk({ collects: [{ item: 'canvas', necessity: 'optional', purpose: 'diagnostics', treatment: 'keep' }] });

async function nativeReads(page, serve) {
  const native = await page.context().newPage();
  await native.goto(serve('/native.html', nativePage));
  const reads = await native.evaluate(async () => {
    const c = zegoCanvas();
    return {
      url: c.toDataURL(), pixels: pixels(c),
      blob: await blobBytes(await new Promise((resolve) => c.toBlob(resolve))),
      offscreen: await blobBytes(await offscreenDrawing().convertToBlob()),
      empty: document.createElement('canvas').toDataURL(),
      webgl: webglPixels(),
      worker: await workerBlob(),
      workerReads: await readingWorker()(),
    };
  });
  await native.close();
  return reads;
}

test('toDataURL: the same within a session, another in the next, never the native one; ZEGO\'s id prefix changes', async ({ page, serve }) => {
  const native = await nativeReads(page, serve);
  const url = serve('/zego.html', drawingPage());
  await page.goto(url);
  const first = await page.evaluate(() => [zegoCanvas().toDataURL(), zegoCanvas().toDataURL()]);
  expect(first[0]).toBe(first[1]);
  expect(first[0]).not.toBe(native.url);
  expect(first[0]).toMatch(/^data:image\/png;base64,/);

  const other = await page.context().newPage();
  await other.goto(url);
  const second = await other.evaluate(() => zegoCanvas().toDataURL());
  expect(second).not.toBe(first[0]);
  expect(second).not.toBe(native.url);

  const prefixes = await page.evaluate((urls) => urls.map(zegoPrefix), [native.url, first[0], second]);
  expect(new Set(prefixes).size).toBe(3);
  // Every read was recorded once, as perturbed.
  const entries = await page.evaluate(() => RtcPrivacyShim.current.ledger.entries().filter((e) => e.surface.startsWith('canvas.')));
  expect(entries.map((e) => [e.surface, e.action])).toEqual([['canvas.toDataURL', 'generalize']]);
});

test('getImageData: at most one step on a channel, transparent pixels untouched, an empty canvas stays empty', async ({ page, serve }) => {
  const native = await nativeReads(page, serve);
  await page.goto(serve('/pixels.html', drawingPage()));
  const read = await page.evaluate(() => ({ pixels: pixels(zegoCanvas()), again: pixels(zegoCanvas()), empty: document.createElement('canvas').toDataURL() }));
  expect(read.pixels).toEqual(read.again);
  expect(read.pixels.length).toBe(native.pixels.length);
  let changed = 0;
  let maxDiff = 0;
  const untouchable = [];  // alpha, or any channel of a transparent pixel, that changed
  for (let i = 0; i < read.pixels.length; i++) {
    const diff = Math.abs(read.pixels[i] - native.pixels[i]);
    maxDiff = Math.max(maxDiff, diff);
    if (diff) changed++;
    if (diff && (i % 4 === 3 || native.pixels[i - (i % 4) + 3] === 0)) untouchable.push(i);
  }
  expect(maxDiff).toBe(1);
  expect(changed).toBeGreaterThan(10);
  expect(untouchable).toEqual([]);
  expect(read.empty).toBe(native.empty);
});

// The engine's pixel buffer grows for a read larger than any before and is given back after
// one over 4 MiB (wasm/bindings_canvas.cpp): every read, before and after, is perturbed whole.
test('getImageData: a small read, one over 4 MiB, then the small one again: all perturbed, the small ones the same', async ({ page, serve }) => {
  const native = await nativeReads(page, serve);
  await page.goto(serve('/large.html', drawingPage()));
  const read = await page.evaluate(() => {
    const before = pixels(zegoCanvas());
    // 1100 × 1000 opaque pixels of #069 (4.4 MB): each channel at most one step from 0, 102, 153, 255.
    const large = document.createElement('canvas');
    large.width = 1100; large.height = 1000;
    const context = large.getContext('2d');
    context.fillStyle = '#069'; context.fillRect(0, 0, large.width, large.height);
    const data = context.getImageData(0, 0, large.width, large.height).data;
    const drawn = [0, 102, 153, 255];
    let changed = 0, maxDiff = 0, alphaChanged = 0;
    for (let i = 0; i < data.length; i++) {
      const diff = Math.abs(data[i] - drawn[i % 4]);
      maxDiff = Math.max(maxDiff, diff);
      if (diff) changed++;
      if (diff && i % 4 === 3) alphaChanged++;
    }
    return { before, large: { length: data.length, changed, maxDiff, alphaChanged }, after: pixels(zegoCanvas()) };
  });
  expect(read.before.length).toBe(native.pixels.length);
  const steps = read.before.map((v, i) => Math.abs(v - native.pixels[i]));
  expect(steps.reduce((a, b) => Math.max(a, b))).toBe(1);
  expect({ ...read.large, changed: undefined }).toEqual({ length: 1100 * 1000 * 4, changed: undefined, maxDiff: 1, alphaChanged: 0 });
  expect(read.large.changed).toBeGreaterThan(1000);
  expect(read.after).toEqual(read.before);
});

test('toBlob and OffscreenCanvas.convertToBlob: perturbed, the same within the session', async ({ page, serve }) => {
  const native = await nativeReads(page, serve);
  await page.goto(serve('/blobs.html', drawingPage()));
  const read = await page.evaluate(async () => {
    const blob = () => new Promise((resolve) => zegoCanvas().toBlob(resolve)).then(blobBytes);
    const offscreen = () => offscreenDrawing().convertToBlob().then(blobBytes);
    return { blob: [await blob(), await blob()], offscreen: [await offscreen(), await offscreen()] };
  });
  expect(read.blob[0]).toEqual(read.blob[1]);
  expect(read.blob[0]).not.toEqual(native.blob);
  expect(read.offscreen[0]).toEqual(read.offscreen[1]);
  expect(read.offscreen[0]).not.toEqual(native.offscreen);
});

test('OffscreenCanvas.convertToBlob in a blob worker: perturbed by the page\'s engine, the same twice', async ({ page, serve }) => {
  const native = await nativeReads(page, serve);
  await page.goto(serve('/worker.html', drawingPage({ manifest: KEEP_CANVAS })));
  const read = await page.evaluate(async () => [await workerBlob(), await workerBlob()]);
  expect(read[0]).toEqual(read[1]);
  expect(read[0]).not.toEqual(native.worker);
  // Kept for a granted purpose: as drawn.
  await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
  expect(await page.evaluate(() => workerBlob())).toEqual(native.worker);
});

// At most one step on any channel, never alpha, and some moved.
function expectPerturbed(read, native) {
  expect(read.length).toBe(native.length);
  const diffs = read.map((v, i) => Math.abs(v - native[i]));
  expect(Math.max(...diffs)).toBe(1);
  expect(diffs.filter((d, i) => d && i % 4 === 3)).toEqual([]);
}

test('a blob worker\'s getImageData and WebGL readPixels: perturbed as the page\'s reads are, another session\'s differ', async ({ page, serve }) => {
  const native = await nativeReads(page, serve);
  const html = drawingPage();
  const url = serve('/worker-reads.html', html);
  await page.goto(url);
  const read = await page.evaluate(async () => {
    const ask = readingWorker();
    return { worker: await ask(), again: await ask(), page: drawReads() };
  });
  expectPerturbed(read.worker.pixels, native.workerReads.pixels);
  expectPerturbed(read.worker.webgl, native.workerReads.webgl);
  expect(read.again).toEqual(read.worker);
  // The same secret and the same code: the page's read of the same drawing.
  expect(read.worker).toEqual(read.page);

  const other = await page.context().browser().newContext();
  try {
    // Another browser context, another session: the same page, the shim from the same server.
    await other.route('**/*', (route) => (new URL(route.request().url()).pathname === '/worker-reads.html'
      ? route.fulfill({ status: 200, contentType: 'text/html', body: html }) : route.continue()));
    const otherPage = await other.newPage();
    await otherPage.goto(url);
    const second = await otherPage.evaluate(() => readingWorker()());
    expectPerturbed(second.pixels, native.workerReads.pixels);
    expect(second.pixels).not.toEqual(read.worker.pixels);
    expect(second.webgl).not.toEqual(read.worker.webgl);
  } finally {
    await other.close();
  }
});

test('a blob worker\'s reads of a canvas the manifest keeps: perturbed before consent, as drawn once it is granted', async ({ page, serve }) => {
  const native = await nativeReads(page, serve);
  await page.goto(serve('/worker-keep.html', drawingPage({ manifest: KEEP_CANVAS })));
  await page.evaluate(() => { window.ask = readingWorker(); });
  const before = await page.evaluate(() => ask());
  expectPerturbed(before.pixels, native.workerReads.pixels);
  expectPerturbed(before.webgl, native.workerReads.webgl);
  // The same worker, told of the consent change by the page.
  await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
  await expect.poll(() => page.evaluate(() => ask())).toEqual(native.workerReads);
  // A worker created after consent reads as drawn from its start.
  expect(await page.evaluate(() => readingWorker()())).toEqual(native.workerReads);
});

test('a worker gets the session\'s secret in its first message, not in its source; before it, its reads are empty', async ({ page, serve }) => {
  // Every text the page makes a blob of, the shim's worker bootstraps included (recorded
  // before the shim captures Blob).
  await page.addInitScript(() => {
    window.blobTexts = [];
    window.Blob = new Proxy(Blob, { construct(target, args) { blobTexts.push(args[0].join('')); return Reflect.construct(target, args); } });
  });
  const warnings = [];
  page.on('console', (message) => { if (message.type() === 'warning') warnings.push(message.text()); });
  await page.goto(serve('/worker-sealed.html', drawingPage()));
  const read = await page.evaluate(async () => {
    const early = await new Promise((resolve) => {
      const worker = new Worker(URL.createObjectURL(new Blob(['const drawReads = ' + drawReads + '; postMessage(drawReads());'])));
      worker.onmessage = (e) => resolve(e.data);
    });
    const later = await readingWorker()();
    return { early, later, boots: blobTexts.filter((text) => text.includes('canvasNoise')) };
  });
  expect(read.boots.length).toBeGreaterThan(0);
  // No 32 hex digits (the secret's form) anywhere in a bootstrap.
  for (const text of read.boots) expect(text).not.toMatch(/(?<![0-9A-Za-z])[0-9a-f]{32}(?![0-9A-Za-z])/);
  // The worker's top-level code runs before its first message: empty reads, said once.
  // drawReads() reads 120×40 RGBA pixels of a 2D canvas and 64×32 of a WebGL one.
  expect(read.early.pixels.length).toBe(120 * 40 * 4);
  expect(read.early.webgl.length).toBe(64 * 32 * 4);
  expect(read.early.pixels.every((v) => v === 0)).toBe(true);
  expect(read.early.webgl.every((v) => v === 0)).toBe(true);
  expect(read.later.pixels.length).toBe(120 * 40 * 4);
  expect(read.later.pixels.some((v) => v !== 0)).toBe(true);
  await expect.poll(() => warnings.filter((text) => text.includes('canvas read in a worker that cannot perturb it')).length).toBe(1);
});

test('a worker\'s worker created after consent is withdrawn reads perturbed: it starts with the page\'s latest word', async ({ page, serve }) => {
  const native = await nativeReads(page, serve);
  await page.goto(serve('/nested-revoked.html', drawingPage({ manifest: KEEP_CANVAS })));
  await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
  await page.evaluate(() => { window.nest = nestingWorker(); });
  expect(await page.evaluate(() => nest('read'))).toEqual(native.workerReads);
  await page.evaluate(() => RtcPrivacyShim.current.consent.revoke('diagnostics'));
  // The worker hears of it...
  await expect.poll(async () => (await page.evaluate(() => nest('read'))).pixels).not.toEqual(native.workerReads.pixels);
  // ...and a worker it creates now reads perturbed from its start.
  const child = await page.evaluate(() => nest('child'));
  expectPerturbed(child.pixels, native.workerReads.pixels);
  expectPerturbed(child.webgl, native.workerReads.webgl);
});

test('a worker\'s worker created before its parent\'s first message gets the secret from its parent', async ({ page, serve }) => {
  const native = await nativeReads(page, serve);
  await page.goto(serve('/nested-early.html', drawingPage()));
  await page.evaluate(() => { window.nest = nestingWorker(); });
  // Empty until the secret reaches it (its own first message may come first), then perturbed.
  await expect.poll(async () => (await page.evaluate(() => nest('early'))).pixels.some((v) => v !== 0)).toBe(true);
  const early = await page.evaluate(() => nest('early'));
  expectPerturbed(early.pixels, native.workerReads.pixels);
  expectPerturbed(early.webgl, native.workerReads.webgl);
  expect(early).toEqual(await page.evaluate(() => drawReads()));
});

test('a worker\'s canvas reads are recorded when it makes them, not when it is created', async ({ page, serve }) => {
  await page.goto(serve('/worker-ledger.html', drawingPage()));
  const entries = () => page.evaluate(() => RtcPrivacyShim.current.ledger.entries()
    .filter((e) => e.surface.startsWith('canvas.')).map((e) => `${e.surface} ${e.action}`).sort());
  // A worker that has booted and answered, and read nothing.
  await page.evaluate(() => new Promise((resolve) => {
    const worker = new Worker(URL.createObjectURL(new Blob(['onmessage = () => postMessage(1);'])));
    worker.onmessage = resolve;
    worker.postMessage('go');
  }));
  expect(await entries()).toEqual([]);
  // A nested worker's reads are told to the page through its parent.
  await page.evaluate(() => nestingWorker()('child'));
  await expect.poll(entries).toEqual(['canvas.getImageData generalize', 'canvas.readPixels generalize']);
});

test('a canvas the manifest keeps for a granted purpose reads as drawn; the page\'s canvas was never changed', async ({ page, serve }) => {
  const native = await nativeReads(page, serve);
  await page.goto(serve('/keep.html', drawingPage({ manifest: KEEP_CANVAS })));
  const before = await page.evaluate(() => {
    window.kept = zegoCanvas();
    return kept.toDataURL();
  });
  expect(before).not.toBe(native.url);
  await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
  const after = await page.evaluate(async () => ({
    url: kept.toDataURL(), pixels: pixels(kept),
    blob: await new Promise((resolve) => kept.toBlob(resolve)).then(blobBytes),
    offscreen: await offscreenDrawing().convertToBlob().then(blobBytes),
  }));
  expect(after.url).toBe(native.url);
  expect(after.pixels).toEqual(native.pixels);
  expect(after.blob).toEqual(native.blob);
  expect(after.offscreen).toEqual(native.offscreen);
  const entries = await page.evaluate(() => RtcPrivacyShim.current.ledger.entries().filter((e) => e.surface === 'canvas.toDataURL'));
  expect(entries.map((e) => [e.action, e.purpose, e.sdk])).toEqual([['generalize', 'diagnostics', 'vertc'], ['allow', 'diagnostics', 'vertc']]);
});

test('a same-origin frame reads the same perturbed drawing as its page', async ({ page, serve }) => {
  const native = await nativeReads(page, serve);
  await page.goto(serve('/framed.html', drawingPage()));
  const reads = await page.evaluate(() => {
    const frame = document.createElement('iframe');
    document.body.appendChild(frame);
    const w = frame.contentWindow;
    const c = w.document.createElement('canvas');
    c.width = 300; c.height = 150;
    const n = c.getContext('2d');
    n.textBaseline = 'top'; n.font = "14px 'Arial'"; n.fillStyle = '#f60'; n.fillRect(125, 1, 62, 20);
    n.fillStyle = '#069'; n.fillText('hello, zego', 2, 15); n.fillStyle = 'rgba(102, 204, 0, 0.7)'; n.fillText('hello, zego', 4, 17);
    return { frame: c.toDataURL(), page: zegoCanvas().toDataURL(), native: w.HTMLCanvasElement.prototype.toDataURL.toString() };
  });
  expect(reads.frame).toBe(reads.page);
  expect(reads.frame).not.toBe(native.url);
  expect(reads.native).toBe('function toDataURL() { [native code] }');
});

test('a canvas tainted by another origin\'s image still throws the browser\'s SecurityError', async ({ page, serve }) => {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  await page.goto(serve('/tainted.html', drawingPage()));
  await page.route('https://img.rtc-sdk.test/**', (route) => route.fulfill({ status: 200, contentType: 'image/png', body: png }));
  const errors = await page.evaluate(async () => {
    const img = new Image();
    img.src = 'https://img.rtc-sdk.test/a.png';
    await img.decode();
    const c = zegoCanvas();
    c.getContext('2d').drawImage(img, 0, 0);
    const name = (fn) => { try { fn(); return 'no error'; } catch (e) { return `${e.name}: ${e.message}`; } };
    return [name(() => c.toDataURL()), name(() => c.toBlob(() => {})), name(() => c.getContext('2d').getImageData(0, 0, 1, 1))];
  });
  expect(errors).toEqual([
    "SecurityError: Failed to execute 'toDataURL' on 'HTMLCanvasElement': Tainted canvases may not be exported.",
    "SecurityError: Failed to execute 'toBlob' on 'HTMLCanvasElement': Tainted canvases may not be exported.",
    "SecurityError: Failed to execute 'getImageData' on 'CanvasRenderingContext2D': The canvas has been tainted by cross-origin data.",
  ]);
});

test('WebGL readPixels: RGBA bytes one step at most from the native ones, the same twice; the global\'s method is the guarded one', async ({ page, serve }) => {
  const native = await nativeReads(page, serve);
  await page.goto(serve('/webgl.html', drawingPage()));
  const read = await page.evaluate(() => {
    // Reached through the global before any context exists.
    const source = Function.prototype.toString.call(WebGLRenderingContext.prototype.readPixels);
    return { source, first: webglPixels(), second: webglPixels() };
  });
  expect(read.source).toBe('function readPixels() { [native code] }');
  expect(read.first).toEqual(read.second);
  const diffs = read.first.map((v, i) => Math.abs(v - native.webgl[i]));
  expect(Math.max(...diffs)).toBe(1);
  expect(diffs.filter((d, i) => d && i % 4 === 3)).toEqual([]);
});

test('the wrappers keep the natives\' shape and report native code', async ({ page, serve }) => {
  await page.goto(serve('/shape.html', drawingPage()));
  const shapes = await page.evaluate(() => [
    [HTMLCanvasElement.prototype, 'toDataURL'], [HTMLCanvasElement.prototype, 'toBlob'],
    [CanvasRenderingContext2D.prototype, 'getImageData'], [OffscreenCanvasRenderingContext2D.prototype, 'getImageData'],
    [OffscreenCanvas.prototype, 'convertToBlob'],
  ].map(([proto, name]) => {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    return {
      name, source: Function.prototype.toString.call(d.value), ownName: d.value.name, length: d.value.length,
      shape: [d.writable, d.enumerable, d.configurable], constructible: (() => { try { new d.value(); return true; } catch { return false; } })(),
      prototype: 'prototype' in d.value,
    };
  }));
  for (const s of shapes) {
    expect(s.source).toBe(`function ${s.name}() { [native code] }`);
    expect(s.ownName).toBe(s.name);
    expect(s.shape).toEqual([true, true, true]);
    expect(s.constructible).toBe(false);
    expect(s.prototype).toBe(false);
  }
  expect(shapes.map((s) => s.length)).toEqual([0, 1, 4, 4, 0]);
});

test('a worker\'s getImageData and readPixels wrappers keep the natives\' shape and report native code', async ({ page, serve }) => {
  await page.goto(serve('/worker-shape.html', drawingPage()));
  const shapes = await page.evaluate(() => new Promise((resolve, reject) => {
    const code = 'postMessage([[OffscreenCanvasRenderingContext2D.prototype, "getImageData"], [WebGLRenderingContext.prototype, "readPixels"],'
      + ' [WebGL2RenderingContext.prototype, "readPixels"]].map(([proto, name]) => { const d = Object.getOwnPropertyDescriptor(proto, name);'
      + ' return [Function.prototype.toString.call(d.value), d.value.name, d.value.length, d.writable, d.enumerable, d.configurable, "prototype" in d.value]; }));';
    const worker = new Worker(URL.createObjectURL(new Blob([code])));
    worker.onmessage = (e) => resolve(e.data);
    worker.onerror = (e) => reject(new Error(e.message));
  }));
  expect(shapes).toEqual([
    ['function getImageData() { [native code] }', 'getImageData', 4, true, true, true, false],
    ['function readPixels() { [native code] }', 'readPixels', 7, true, true, true, false],
    ['function readPixels() { [native code] }', 'readPixels', 7, true, true, true, false],
  ]);
});

test('WebGL 2 readPixels: rows written past width × height (PACK_ROW_LENGTH) are perturbed too; a read into a pixel-pack buffer is not made', async ({ page, serve }) => {
  await page.goto(serve('/webgl2.html', drawingPage()));
  const read = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 64; c.height = 32;
    const gl = c.getContext('webgl2');
    gl.clearColor(0.4, 0.6, 0.2, 1); gl.clear(gl.COLOR_BUFFER_BIT);
    const drawn = [102, 153, 51, 255];  // the clear colour as bytes
    const differing = (bytes, from, to) => {
      let n = 0;
      for (let i = from; i < to; i += 4) if (bytes[i + 3] && drawn.some((v, k) => bytes[i + k] !== v)) n++;
      return n;
    };
    // Rows 128 pixels apart: the last row starts past 64 × 32 × 4 bytes.
    gl.pixelStorei(gl.PACK_ROW_LENGTH, 128);
    const wide = new Uint8Array((128 * 31 + 64) * 4);
    gl.readPixels(0, 0, 64, 32, gl.RGBA, gl.UNSIGNED_BYTE, wide);
    gl.pixelStorei(gl.PACK_ROW_LENGTH, 0);
    const lastRow = 128 * 31 * 4;
    // Into a pixel-pack buffer, read back with getBufferSubData.
    const buffer = gl.createBuffer();
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, buffer);
    gl.bufferData(gl.PIXEL_PACK_BUFFER, 64 * 32 * 4, gl.STREAM_READ);
    gl.readPixels(0, 0, 64, 32, gl.RGBA, gl.UNSIGNED_BYTE, 0);
    const packed = new Uint8Array(64 * 32 * 4);
    gl.getBufferSubData(gl.PIXEL_PACK_BUFFER, 0, packed);
    return { lastRowPerturbed: differing(wide, lastRow, lastRow + 64 * 4), packedDrawn: packed.some((v, i) => v === drawn[i % 4] && i % 4 === 0 && packed[i + 1] === drawn[1]) };
  });
  expect(read.lastRowPerturbed).toBeGreaterThan(0);
  expect(read.packedDrawn).toBe(false);
});

// The WebGL interfaces are guarded lazily, at the page's first context: a page that has put
// `get` on Object.prototype by then must not make that guard fail and leave readPixels raw.
test('WebGL readPixels is perturbed even when the page put `get` on Object.prototype before its first context', async ({ page, serve }) => {
  const native = await nativeReads(page, serve);
  await page.goto(serve('/webgl-polluted.html', drawingPage()));
  const read = await page.evaluate(() => {
    Object.prototype.get = undefined;  // eslint-disable-line no-extend-native
    try {
      return { first: webglPixels(), source: Function.prototype.toString.call(WebGLRenderingContext.prototype.readPixels) };
    } finally {
      delete Object.prototype.get;
    }
  });
  expect(read.source).toBe('function readPixels() { [native code] }');
  const diffs = read.first.map((v, i) => Math.abs(v - native.webgl[i]));
  expect(Math.max(...diffs)).toBe(1);
});

// A shared worker that reads the drawing and its navigator.userAgent (helpers.mjs).
const SHARED_READER = sharedReaderScript(`'const drawReads = ' + drawReads + '; const reads = () => ({ ...drawReads(), ua: navigator.userAgent });'`);
// The canvas kept for "diagnostics", the real user agent shown with "call".
const KEEP_CANVAS_AND_UA = { ...KEEP_CANVAS, sdks: [{ ...KEEP_CANVAS.sdks[0], collects: [...KEEP_CANVAS.sdks[0].collects, { item: 'userAgent', necessity: 'optional', purpose: 'call', treatment: 'keep' }] }] };
const empty = (reads) => reads.pixels.every((v) => v === 0) && reads.webgl.every((v) => v === 0);

// A shared worker's bootstrap is made once per URL, name and type, and a worker may start from
// it again long after (the first one closed): it reads empty until its first message brings
// the page's word, then follows each change.
test('a shared worker follows consent: connected again, under another name, and started again from its bootstrap after consent is withdrawn', async ({ page, serve }) => {
  const native = await nativeReads(page, serve);
  await page.goto(serve('/shared-reboot.html', shimPage({ manifest: KEEP_CANVAS_AND_UA, head: `<script>${DRAWING}${SHARED_READER}</script>` })));
  const uaBefore = await page.evaluate(() => navigator.userAgent);
  const first = await page.evaluate(() => sharedReads('read'));
  expect(empty(first.top)).toBe(true);
  expectPerturbed(first.later.pixels, native.workerReads.pixels);
  expect(first.later.ua).toBe(uaBefore);

  await page.evaluate(() => RtcPrivacyShim.current.consent.grant(['diagnostics', 'call']));
  const uaGranted = await page.evaluate(() => navigator.userAgent);
  expect(uaGranted).not.toBe(uaBefore);
  // The same worker, connected again; and another (another name), started after the grant.
  await expect.poll(async () => (await page.evaluate(() => sharedReads('read'))).later).toEqual({ ...native.workerReads, ua: uaGranted });
  const other = await page.evaluate(() => sharedReads('read', 'other'));
  expect(empty(other.top)).toBe(true);
  expect(other.later).toEqual({ ...native.workerReads, ua: uaGranted });

  await page.evaluate(() => RtcPrivacyShim.current.consent.revoke(['diagnostics', 'call']));
  expect(await page.evaluate(() => navigator.userAgent)).toBe(uaBefore);
  // The first worker ends; the same SharedWorker again starts a new one, from the same bootstrap.
  expect(await page.evaluate(() => sharedReads('close'))).toBe('gone');
  const again = await page.evaluate(() => sharedReads('read'));
  // Its start (before its first message) reads empty, never the drawing...
  expect(empty(again.top)).toBe(true);
  // ...and once its first message came, perturbed, with the page's answers.
  expectPerturbed(again.later.pixels, native.workerReads.pixels);
  expectPerturbed(again.later.webgl, native.workerReads.webgl);
  expect(again.later.ua).toBe(uaBefore);
});
