// dist/rtc-privacy-shim-telemetry.js: the classic script with the network interceptors and
// the redactor (the telemetry WASM module). Arms like the core script.
import '../natives.js';
import '../network/feature.js';
import '../classic.js';
