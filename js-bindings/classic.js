// dist/rtc-privacy-shim.js: a classic script. Placed first in <head>, after an inline
// manifest, it arms itself before the next script runs; without a manifest it waits
// for RtcPrivacyShim.install().
import './natives.js';
import { armFromDocument } from './shim.js';
import { defineGlobal } from './global.js';

defineGlobal();
armFromDocument({ required: false });
