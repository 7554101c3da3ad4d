// The global `RtcPrivacyShim`, shared by the classic script and the ESM entry. It is
// defined read-only so a later script cannot swap the shim's API for its own.
import { natives } from './natives.js';
import { install, currentShim, VERSION } from './shim.js';

export const RtcPrivacyShim = natives.freeze({
  install,
  get current() { return currentShim(); },
  version: VERSION,
});

export function defineGlobal() {
  const g = natives.global;
  if (natives.getOwnPropertyDescriptor(g, 'RtcPrivacyShim')) return;
  natives.defineProperty(g, 'RtcPrivacyShim', { value: RtcPrivacyShim, writable: false, enumerable: false, configurable: false });
}
