// `import 'rtc-privacy-shim/auto'` as the first import of a bundled app: arms on import
// from the inline manifest, or closed (every gate denies) when there is none.
import './natives.js';
import { armFromDocument } from './shim.js';
import { defineGlobal } from './global.js';

defineGlobal();
export const shim = armFromDocument({ required: true });
