// The ESM entry: `import { install } from 'rtc-privacy-shim'`.
import './natives.js';
import { install, currentShim, VERSION } from './shim.js';
import { RtcPrivacyShim, defineGlobal } from './global.js';

defineGlobal();
export { install, currentShim as current, VERSION as version, RtcPrivacyShim };
