// Types for rtc-privacy-shim/presets: manifest entries for real SDKs (docs/presets.md).
import type { Manifest } from './index.js';

export type PresetId = 'vertc' | 'zego-express' | 'zego-zim' | 'tencent-chat' | 'agora';
export type SdkEntry = Manifest['sdks'][number];
export type Purpose = Manifest['purposes'][number];

/** One preset as shipped in dist/presets/<id>.json: the purposes its entry refers to, and the entry. */
export interface PresetFragment {
  purposes: Purpose[];
  sdks: [SdkEntry];
}

/** The package version each preset was observed with. */
export declare const PRESET_VERSIONS: Readonly<Record<PresetId, string>>;

/** A fresh copy of one preset; an unknown id throws a RangeError naming it. */
export declare function preset(id: PresetId): PresetFragment;

export interface PresetManifestOptions {
  /** Default: made from the presets' versions, so a changed preset asks for consent again. */
  revision?: string;
  controller: Manifest['controller'];
  /** The app's purposes; a purpose a preset refers to that is missing here is added with the preset's labels. */
  purposes?: Purpose[];
  /** Preset ids, or SDK entries of the app's own. */
  sdks: Array<PresetId | SdkEntry>;
  defaults?: Manifest['defaults'];
}

/** A whole manifest for install() or the inline manifest. */
export declare function presetManifest(options: PresetManifestOptions): Manifest;
