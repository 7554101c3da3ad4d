// The demo page's own code: it uses the shim's public API only. The manifest comes from the
// veRTC preset (rtc-privacy-shim/presets); the dialog opens on the first visit.
import { install } from '../dist/rtc-privacy-shim-telemetry.mjs';
import { presetManifest } from '../dist/presets.mjs';

const COOKIE_FREE_KEY = 'demo:cookie-free';
const cookieFree = sessionStorage.getItem(COOKIE_FREE_KEY) !== 'off';
const shim = install({
  manifest: presetManifest({
    revision: '2026-11-23',
    controller: { name: 'Example Meet', policyUrl: 'https://example.com/privacy' },
    purposes: [
      { id: 'call', necessity: 'required', label: { en: 'Audio/video calls', 'zh-CN': '音视频通话' } },
      { id: 'diagnostics', label: { en: 'Diagnostics', 'zh-CN': '故障排查与性能分析' } },
    ],
    sdks: ['vertc'],
    defaults: { cookieFree },
  }),
  dialog: 'auto',
});
window.shim = shim;
const $ = (id) => document.getElementById(id);
// A dummy app id: offline, the SDK never gets past its access request.
const APP_ID = '5f2d8e1a9b3c4d7e6f801a2b';
let engine = null;

function render() {
  $('state').textContent = JSON.stringify(shim.consent.state(), null, 1);
  const { armed, closed, reason, bootMs } = shim.status();
  $('status').textContent = JSON.stringify({ armed, closed, reason, bootMs: Number(bootMs.toFixed(2)), cookieFree }, null, 1);
}

$('settings').onclick = () => shim.consent.show().then(render);
$('list').onclick = () => shim.panel.show();
$('withdraw').onclick = () => { shim.consent.withdrawAll(); render(); };
$('cookie-free').checked = cookieFree;
$('cookie-free').onchange = (event) => {
  sessionStorage.setItem(COOKIE_FREE_KEY, event.target.checked ? 'on' : 'off');
  location.reload();
};
$('start').onclick = async () => {
  if (!window.VERTC) {
    $('message').textContent = 'The SDK loads once you agree to calls.';
    return;
  }
  try {
    engine = engine || window.VERTC.createEngine(APP_ID);
    engine.setLocalVideoPlayer(0, { renderDom: 'preview' });
    await engine.startVideoCapture();
    const video = $('preview').querySelector('video');
    const track = video && video.srcObject && video.srcObject.getVideoTracks()[0];
    if (track) track.addEventListener('ended', () => { $('message').textContent = 'Preview stopped: consent withdrawn.'; });
    $('message').textContent = 'Preview on.';
  } catch (error) {
    $('message').textContent = `Preview refused: ${error && (error.name || error.code || error.message)}`;
  }
};
shim.on('change', render);
render();
