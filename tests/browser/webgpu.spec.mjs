// WebGPU's adapter info under the device item gpu (js-bindings/surfaces/device-info.js),
// in a browser started with a WebGPU adapter.
import { test, expect, shimPage } from './fixtures.mjs';
import { collects, declare, KEEP_ALL, grant, ledgerOf } from './device-items.mjs';
import { sharedReaderScript } from './helpers.mjs';
import { CHROMIUM_ARGS } from '../../playwright.config.mjs';

// WebGPU's adapter info names the GPU as WebGL's renderer does: the item gpu governs it.
// This Chromium gives a WebGPU adapter only with SwiftShader's (vendor "google", architecture
// "swiftshader"); a page's native stands in for a real GPU's info.
test.use({ launchOptions: { executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-unsafe-swiftshader'] } });

test.describe('WebGPU adapter info', () => {
  const read = async () => {
    const adapter = await navigator.gpu.requestAdapter();
    const fields = (info) => ['vendor', 'architecture', 'device', 'description'].map((name) => info[name]);
    const device = await adapter.requestDevice();
    const getter = Object.getOwnPropertyDescriptor(GPUAdapterInfo.prototype, 'vendor').get;
    let wrongReceiver;
    try {
      getter.call({});
    } catch (error) {
      wrongReceiver = error.constructor.name;
    }
    device.destroy();
    return { adapter: fields(adapter.info), device: fields(device.adapterInfo), wrongReceiver, getterIsGetter: typeof getter };
  };

  test('blocked by default (empty strings), the maker only when generalized, the browser\'s with "keep"; recorded once', async ({ page, serve }) => {
    await page.addInitScript(() => {
      // A real GPU's info, as this machine has none: the browser's getters answer it.
      const values = { vendor: 'nvidia', architecture: 'ampere', device: '0x2484', description: 'NVIDIA GeForce RTX 3070' };
      for (const name of Object.keys(values)) {
        const native = Object.getOwnPropertyDescriptor(GPUAdapterInfo.prototype, name).get;
        Object.defineProperty(GPUAdapterInfo.prototype, name, { get() { native.call(this); return values[name]; }, enumerable: true, configurable: true });
      }
    });
    await page.goto(serve('/gpu.html', shimPage()));
    const blocked = ['', '', '', ''];
    expect(await page.evaluate(read)).toEqual({ adapter: blocked, device: blocked, wrongReceiver: 'TypeError', getterIsGetter: 'function' });
    expect(await ledgerOf(page, 'deviceInfo.gpu')).toHaveLength(1);

    await page.goto(serve('/gpu-gen.html', shimPage({ manifest: collects(declare(['gpu'], 'generalize')) })));
    expect((await page.evaluate(read)).adapter).toEqual(blocked);  // declared, not yet granted
    await grant(page);
    const maker = ['nvidia', '', '', ''];
    expect(await page.evaluate(read)).toEqual({ adapter: maker, device: maker, wrongReceiver: 'TypeError', getterIsGetter: 'function' });

    await page.goto(serve('/gpu-keep.html', shimPage({ manifest: KEEP_ALL })));
    await grant(page);
    expect((await page.evaluate(read)).adapter).toEqual(['nvidia', 'ampere', '0x2484', 'NVIDIA GeForce RTX 3070']);
  });

  test('the browser\'s own adapter info (SwiftShader): empty until the purpose that keeps it is granted, then the browser\'s', async ({ page, serve }) => {
    await page.goto(serve('/gpu-real.html', shimPage({ manifest: KEEP_ALL })));
    const native = await page.evaluate(read);
    expect(native.adapter.slice(0, 2)).toEqual(['', '']);  // not granted yet
    await grant(page);
    expect((await page.evaluate(read)).adapter.slice(0, 2)).toEqual(['google', 'swiftshader']);
  });
});

// A worker's GPU reads (WebGL on an OffscreenCanvas, WebGPU's adapter info) return at once and
// cannot ask the page's engine: the browser's values when the page's engine allows them,
// otherwise what a blocked GPU shows (a generalized one too: the worker cannot generalize);
// the page records the worker's read.
test('a worker\'s WebGL renderer and WebGPU adapter info: blocked unless the page\'s engine allows the GPU, recorded by the page', async ({ page, serve }) => {
  const WORKER = `onmessage = async () => {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    const adapter = await navigator.gpu.requestAdapter();
    postMessage({
      extension: gl.getExtension('WEBGL_debug_renderer_info') !== null,
      listed: gl.getSupportedExtensions().includes('WEBGL_debug_renderer_info'),
      renderer: gl.getParameter(0x9246),
      viaObject: gl.getParameter({ valueOf: () => 0x9246 }),
      webgl1: new OffscreenCanvas(1, 1).getContext('webgl').getParameter(0x9245),
      symbol: (() => { try { gl.getExtension(Symbol('x')); return 'no error'; } catch (error) { return error.constructor.name; } })(),
      adapter: ['vendor', 'architecture', 'device', 'description'].map((name) => adapter.info[name]),
    });
  };`;
  const read = (source) => {
    window.gpuWorker = window.gpuWorker || new Worker(URL.createObjectURL(new Blob([source])));
    return new Promise((resolve) => { gpuWorker.onmessage = (e) => resolve(e.data); gpuWorker.postMessage('read'); });
  };
  const blocked = { extension: false, listed: false, renderer: null, viaObject: null, webgl1: null, symbol: 'TypeError', adapter: ['', '', '', ''] };

  await page.goto(serve('/gpu-worker.html', shimPage({ manifest: KEEP_ALL })));
  expect(await page.evaluate(read, WORKER)).toEqual(blocked);
  await expect.poll(() => ledgerOf(page, 'deviceInfo.gpu')).toHaveLength(1);
  await grant(page);
  const allowed = await page.evaluate(read, WORKER);
  expect(allowed).toMatchObject({ extension: true, listed: true, adapter: ['google', 'swiftshader', expect.any(String), expect.any(String)] });
  expect(allowed.renderer).toContain('SwiftShader');
  expect(allowed.viaObject).toBe(allowed.renderer);
  await expect.poll(() => ledgerOf(page, 'deviceInfo.gpu')).toHaveLength(2);
  // Withdrawn: blocked again, in the worker already running.
  await page.evaluate(() => RtcPrivacyShim.current.consent.revoke('diagnostics'));
  expect(await page.evaluate(read, WORKER)).toEqual(blocked);

  // Generalized in the page (the maker): blocked in a worker.
  await page.goto(serve('/gpu-worker-gen.html', shimPage({ manifest: collects(declare(['gpu'], 'generalize')) })));
  await grant(page);
  expect(await page.evaluate(read, WORKER)).toEqual(blocked);
});

// A shared worker's bootstrap is made once (per URL, name, type) with the page's word of then,
// and a worker may start from it again long after: a GPU allowed when it was made is blocked
// at such a start until the worker's first message brings the page's word.
test('a shared worker started again from a bootstrap made while the GPU was allowed reads it blocked until its first message', async ({ page, serve }) => {
  const READ = `'const reads = () => { const gl = new OffscreenCanvas(1, 1).getContext("webgl");'
    + ' gl.getExtension("WEBGL_debug_renderer_info"); return gl.getParameter(0x9246); };'`;
  await page.goto(serve('/gpu-shared.html', shimPage({ manifest: KEEP_ALL })));
  await grant(page);
  await page.evaluate(sharedReaderScript(READ));
  // The page's word reaches the worker with its first message, which may come after the
  // test's own: asked again until it has.
  await expect.poll(async () => (await page.evaluate(() => sharedReads('read'))).later).toContain('SwiftShader');
  await page.evaluate(() => RtcPrivacyShim.current.consent.revoke('diagnostics'));
  expect(await page.evaluate(() => sharedReads('close'))).toBe('gone');
  const again = await page.evaluate(() => sharedReads('read'));
  expect(again).toEqual({ top: null, later: null });
});
