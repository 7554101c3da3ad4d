// The real veRTC Web SDK (@volcengine/rtc 4.68.4) behind the shim and its preset (issue 6):
// the acceptance walk (tests/browser/sdk-harness.mjs), and its native-code detector.
import { test, expect, acceptance, openSdk } from './sdk-harness.mjs';

acceptance('vertc', { telemetry: /\/webrtc_log\// });

// veRTC reports long strings in chunks: { id, index, end, msg }, the parts of one JSON text.
const NATIVE_DETECTOR = () => {
  const parts = window.__rtcReports.filter((e) => e.sdk_api_name === 'sdk_long_string_NativeDetector')
    .map((e) => JSON.parse(e.message)).sort((a, b) => a.index - b.index);
  return parts.some((p) => p.end) ? parts.map((p) => p.msg).join('') : null;
};

test('vertc: its NativeDetector report finds every API it checks native with the shim armed', async ({ page, serve, proxyServer: recorder }) => {
  await openSdk(page, serve, recorder, 'vertc', { count: false });
  await page.evaluate(() => { window.engine = VERTC.createEngine('5f2d8e1a9b3c4d7e6f801a2b'); });
  // The SDK hands every report to window.__onRTCReport (set before it loaded).
  await expect.poll(() => page.evaluate(NATIVE_DETECTOR)).not.toBeNull();
  const checks = JSON.parse(await page.evaluate(NATIVE_DETECTOR));
  // getUserMedia, enumerateDevices, getDisplayMedia, RTCPeerConnection and MediaStreamTrack among them.
  const names = Object.keys(checks).join(' ');
  for (const api of ['getUserMedia', 'enumerateDevices', 'getDisplayMedia', 'RTCPeerConnection.prototype.setLocalDescription', 'MediaStreamTrack.prototype.stop']) {
    expect(names).toContain(api);
  }
  expect(Object.entries(checks).filter(([, v]) => v !== 'native')).toEqual([]);
});

test('vertc: its preset sets GPU_URL when VERTC appears, so its statistics never need the WebGL renderer (a second layer: the shim blocks the renderer read anyway)', async ({ page, serve, proxyServer: recorder }) => {
  await openSdk(page, serve, recorder, 'vertc');
  expect(await page.evaluate(() => VERTC.getParameter('GPU_URL'))).toBe('unknown');
  expect(await page.evaluate(() => RtcPrivacyShim.current.ledger.entries().filter((e) => e.surface === 'switch')
    .map((e) => [e.sdk, e.purpose, e.reason]))).toEqual([['vertc', 'diagnostics', 'consent not granted: VERTC.setParameter']]);
});
