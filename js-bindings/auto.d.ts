import type { Shim } from './index.js';
/** The shim armed on import from the inline manifest (closed when there is none). */
export declare const shim: Shim;
