// `import 'rtc-privacy-shim/telemetry/auto'`: arms on import, telemetry redaction included.
import '../natives.js';
import '../network/feature.js';

export * from '../auto.js';
