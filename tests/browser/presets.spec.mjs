// The SDK presets (presets/*.json, rtc-privacy-shim/presets) and the manifest's JSON Schema:
// every preset and the README's manifests satisfy the schema; the presets load in the engine;
// the real veRTC Web SDK behind its preset reaches neither the camera nor its log server
// before consent.
import { readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect, shimPage, COUNT_NATIVE_CALLS } from './fixtures.mjs';
import { validate } from './json-schema-lite.mjs';
import { preset, presetManifest, PRESET_VERSIONS } from '../../dist/presets.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const schema = JSON.parse(readFileSync(join(root, 'schema/manifest.schema.json'), 'utf8'));
const IDS = readdirSync(join(root, 'presets')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
const TELEMETRY = '/dist/rtc-privacy-shim-telemetry.js';
const CONTROLLER = { name: 'Example Meet', policyUrl: 'https://example.com/privacy' };

// The manifests the README shows: the inline one of the quick start (JSON) and the annotated
// one of "The manifest" (JSONC: comments outside strings are dropped).
function readmeManifests() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const inline = [...readme.matchAll(/data-rtc-privacy-manifest>\n([\s\S]*?)\n<\/script>/g)].map((m) => m[1]);
  const jsonc = [...readme.matchAll(/```jsonc\n([\s\S]*?)```/g)].map((m) => m[1].replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*/g, (all, str) => str || ''));
  return [...inline, ...jsonc].map((text) => JSON.parse(text));
}

test.describe('schema', () => {
  test('the presets, a manifest made of them and the README manifests satisfy it', () => {
    for (const id of IDS) {
      const fragment = JSON.parse(readFileSync(join(root, 'presets', `${id}.json`), 'utf8'));
      expect(validate(fragment, schema.$defs.preset, schema), id).toEqual([]);
    }
    expect(validate(presetManifest({ controller: CONTROLLER, sdks: IDS }), schema)).toEqual([]);
    const manifests = readmeManifests();
    expect(manifests.length).toBeGreaterThanOrEqual(2);
    for (const m of manifests) expect(validate(m, schema)).toEqual([]);
  });

  test('refuses what the engine refuses: a typo in a key, an unknown item, a bad rule', () => {
    const [readme] = readmeManifests();
    const typo = { ...readme, sdks: [{ ...readme.sdks[0], permisions: [] }] };
    expect(validate(typo, schema)).toEqual(['$.sdks[0].permisions: unknown key']);
    const fragment = preset('vertc');
    fragment.sdks[0].collects[0].item = 'userAgentt';
    const bad = fragment.sdks[0].endpoints[0].rules.push('user_id:mask2') - 1;
    expect(validate(fragment, schema.$defs.preset, schema).map((e) => e.split(':')[0]))
      .toEqual(['$.sdks[0].collects[0].item', `$.sdks[0].endpoints[0].rules[${bad}]`]);
  });
});

test.describe('presets', () => {
  // Each preset alone: tests/core/presets_test.cpp (the same parser, natively).
  test('all presets together load in the engine without errors', async ({ page, serve }) => {
    expect(IDS).toEqual(Object.keys(PRESET_VERSIONS).sort());
    const manifest = presetManifest({ controller: CONTROLLER, sdks: IDS });
    await page.goto(serve('/p.html', shimPage({ manifest, shim: TELEMETRY })));
    const status = await page.evaluate(() => RtcPrivacyShim.current.status());
    expect(status.errors).toEqual([]);
    expect(status.closed).toBe(false);
    expect(status.revision).toBe(manifest.revision);
  });

  test('presetManifest keeps the app\'s purposes and labels, adds the presets\' and its own SDK entries', () => {
    const own = { id: 'my-im', name: 'My IM', provider: 'Example Ltd.' };
    const m = presetManifest({
      revision: 'r7', controller: CONTROLLER,
      purposes: [{ id: 'call', label: { en: 'Video calls' } }],
      sdks: ['vertc', 'zego-zim', own],
    });
    expect(m.revision).toBe('r7');
    expect(m.purposes.map((p) => p.id)).toEqual(['call', 'diagnostics', 'messaging']);
    expect(m.purposes[0].label).toEqual({ en: 'Video calls' });
    expect(m.sdks.map((s) => s.id)).toEqual(['vertc', 'zego-zim', 'my-im']);
    expect(presetManifest({ controller: CONTROLLER, sdks: ['agora'] }).revision).toBe('presets:agora@4.24.8');
    expect(presetManifest({ controller: CONTROLLER, sdks: IDS }).revision.length).toBeLessThanOrEqual(128);
    expect(() => presetManifest({ controller: CONTROLLER, sdks: ['vertcc'] })).toThrow(/unknown preset "vertcc"/);
    // Each call hands out its own copy.
    m.sdks[0].permissions.length = 0;
    expect(preset('vertc').sdks[0].permissions.length).toBe(4);
  });
});

test.describe('veRTC Web SDK behind its preset', () => {
  const LOG = 'https://*.rtc.volcvideo.com/video/v1/webrtc_log/*';
  const VERTC = '<script src="/node_modules/@volcengine/rtc/index.min.js"></script>';

  async function open(page, serve) {
    await page.addInitScript(COUNT_NATIVE_CALLS);
    const sent = [];
    await page.route(/^https:\/\/[^/]*volcvideos?\.com\//, (route) => {
      sent.push({ path: new URL(route.request().url()).pathname, body: route.request().postDataBuffer() });
      return route.abort('internetdisconnected');
    });
    const manifest = presetManifest({ controller: CONTROLLER, sdks: ['vertc'] });
    await page.goto(serve('/vertc.html', shimPage({ manifest, shim: TELEMETRY, body: VERTC })));
    expect(await page.evaluate(() => RtcPrivacyShim.current.status().errors)).toEqual([]);
    return sent;
  }
  const logDrops = (page) => page.evaluate((target) => RtcPrivacyShim.current.ledger.entries()
    .filter((e) => e.target === target && e.action === 'drop').map((e) => e.reason), LOG);

  test('before consent: startVideoCapture never reaches the camera and no log request leaves', async ({ page, serve }) => {
    const sent = await open(page, serve);
    const capture = await page.evaluate(async () => {
      window.engine = VERTC.createEngine('5f2d8e1a9b3c4d7e6f801a2b');
      try {
        await window.engine.startVideoCapture();
        return 'started';
      } catch (e) {
        return 'refused';
      }
    });
    expect(capture).toBe('refused');
    // The SDK reports createEngine and the failed capture to its log server: dropped, or (without
    // the preset's endpoint) captured leaving.
    await expect.poll(async () => sent.length + (await logDrops(page)).length).toBeGreaterThan(0);
    expect(await page.evaluate(() => window.__nativeCalls.getUserMedia)).toBe(0);
    // The SDK's persistent id is held in page memory (the preset declares it): the page reads
    // it back, the device never gets it. storageState reads storage outside the page's world.
    expect(await page.evaluate(() => localStorage.getItem('RTC_DEVICE_ID'))).toMatch(/"message":"\d{16}"/);
    const { origins } = await page.context().storageState();
    expect(origins.flatMap((o) => o.localStorage.map((item) => item.name))).not.toContain('RTC_DEVICE_ID');
    expect(sent).toEqual([]);
    expect((await logDrops(page))[0]).toMatch(/consent|purpose/);
  });

  test('with consent: the preview gets camera frames; the gzip log body leaves gzip, redacted', async ({ page, serve }) => {
    const sent = await open(page, serve);
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant(['call', 'diagnostics']));
    const width = await page.evaluate(async () => {
      const engine = VERTC.createEngine('5f2d8e1a9b3c4d7e6f801a2b');
      const view = document.body.appendChild(document.createElement('div'));
      view.id = 'preview';
      engine.setLocalVideoPlayer(0, { renderDom: 'preview' });
      await engine.startVideoCapture();
      const video = view.querySelector('video');
      if (!video.videoWidth) await new Promise((resolve) => { video.onloadedmetadata = resolve; });
      return video.videoWidth;
    });
    expect(width).toBeGreaterThan(0);
    expect(await page.evaluate(() => window.__nativeCalls.getUserMedia)).toBe(1);
    // Granted: the gzip body is unpacked, redacted by the preset's rules and gzipped again.
    const logs = () => sent.filter((r) => r.path.startsWith('/video/v1/webrtc_log'));
    // API arguments are messages holding JSON; the SDK batches its log, so wait for a batch with one.
    const jsonIn = (body) => (JSON.parse(gunzipSync(body).toString('utf8')).data || [])
      .filter((item) => typeof item.message === 'string' && /^\s*[[{]/.test(item.message));
    await expect.poll(() => logs().some(({ body }) => jsonIn(body).length > 0)).toBe(true);
    const deviceId = (await page.evaluate(() => localStorage.getItem('RTC_DEVICE_ID'))).match(/\d{16}/)[0];
    const devices = await page.evaluate(async () => (await navigator.mediaDevices.enumerateDevices())
      .flatMap((d) => [d.deviceId, d.groupId, d.label]).filter((v) => v && v !== 'default'));
    expect(devices.length).toBeGreaterThan(0);
    let jsonMessages = 0;
    for (const { body } of logs()) {
      expect([...body.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
      const text = gunzipSync(body).toString('utf8');
      const report = JSON.parse(text);
      expect(report.header.device_id).not.toBe(deviceId);  // hashed
      expect(text).not.toContain(deviceId);
      for (const value of devices) expect(text).not.toContain(value);
      // API arguments stay, redacted inside (the JSON in the string is still JSON).
      for (const item of jsonIn(body)) {
        expect(() => JSON.parse(item.message)).not.toThrow();
        jsonMessages++;
      }
    }
    // The check above ran on at least one message.
    expect(jsonMessages).toBeGreaterThan(0);
  });
});
