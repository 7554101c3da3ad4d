// `import { install } from 'rtc-privacy-shim/telemetry'`: the ESM entry with telemetry redaction.
import '../natives.js';
import '../network/feature.js';

export * from '../index.js';
