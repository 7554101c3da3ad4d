// rtc-privacy-shim/presets: manifest entries for real SDKs, built from what each SDK was seen
// doing in Chromium (scripts/observe-sdk.mjs, docs/presets.md) and from its provider's policy.
// A separate entry, never part of the shim's bundles: it only assembles a manifest, which the
// engine then checks like any other (shim.status().errors).
import vertc from './vertc.json';
import zegoExpress from './zego-express.json';
import zegoZim from './zego-zim.json';
import tencentChat from './tencent-chat.json';
import agora from './agora.json';

// The package version each preset was observed with: a preset says what that version does.
export const PRESET_VERSIONS = Object.freeze({
  vertc: '@volcengine/rtc@4.68.4',
  'zego-express': 'zego-express-engine-webrtc@3.12.0',
  'zego-zim': 'zego-zim-web@2.29.0',
  'tencent-chat': '@tencentcloud/chat@3.6.6',
  agora: 'agora-rtc-sdk-ng@4.24.8',
});

const PRESETS = { vertc, 'zego-express': zegoExpress, 'zego-zim': zegoZim, 'tencent-chat': tencentChat, agora };

const copy = (value) => JSON.parse(JSON.stringify(value));

// The preset fragment { purposes, sdks: [entry] } of one SDK, a fresh copy.
export function preset(id) {
  if (!Object.prototype.hasOwnProperty.call(PRESETS, id)) {
    throw new RangeError(`unknown preset "${id}" (known: ${Object.keys(PRESETS).join(', ')})`);
  }
  return copy(PRESETS[id]);
}

// A whole manifest: the app's controller and purposes, then the SDK entries of the presets
// named in `sdks` (an object in `sdks` is taken as an SDK entry of the app's own). A purpose
// a preset refers to that the app does not declare is added with the preset's labels; the
// app's own labels win. Without a `revision`, the presets' versions make one, so a preset
// that changes asks for consent again.
export function presetManifest({ revision, controller, purposes = [], sdks = [], defaults } = {}) {
  if (!Array.isArray(sdks) || !sdks.length) throw new TypeError('presetManifest: `sdks` must name at least one preset');
  const entries = [];
  const declared = purposes.map((p) => copy(p));
  const known = new Set(declared.map((p) => p.id));
  const ids = [];
  for (const item of sdks) {
    if (typeof item !== 'string') {
      entries.push(copy(item));
      continue;
    }
    const fragment = preset(item);
    ids.push(item);
    entries.push(...fragment.sdks);
    for (const p of fragment.purposes) {
      if (!known.has(p.id)) {
        known.add(p.id);
        declared.push(p);
      }
    }
  }
  // id@version, not the package's name: all five together stay within the 128 characters a
  // revision may have.
  const versions = ids.map((id) => `${id}@${PRESET_VERSIONS[id].slice(PRESET_VERSIONS[id].lastIndexOf('@') + 1)}`);
  const manifest = { revision: revision || `presets:${versions.join('+') || 'custom'}` };
  // A missing controller is left out for the engine to report, like any other manifest error.
  if (controller !== undefined) manifest.controller = copy(controller);
  manifest.purposes = declared;
  manifest.sdks = entries;
  if (defaults !== undefined) manifest.defaults = copy(defaults);
  return manifest;
}
