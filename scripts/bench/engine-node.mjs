// The engine in Node, through the same JS layer the page uses (js-bindings/network/engine.js)
// over the telemetry module built by npm run build (build/wasm/rps_core_telemetry.*).
// The module is instantiated from its file as js-bindings/core.js does from the embedded copy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export async function nodeEngine(root) {
  const { instantiateEngine } = await import(pathToFileURL(join(root, 'js-bindings/core.js')).href);
  const module = instantiateEngine(readFileSync(join(root, 'build/wasm/rps_core_telemetry.wasm')));
  const { telemetryEngine } = await import(pathToFileURL(join(root, 'js-bindings/network/engine.js')).href);
  const engine = telemetryEngine({ module, closed: () => false, closedReason: () => '' });
  return {
    name: 'rtc-privacy-shim (JSON, all detectors)',
    run: (s) => engine.redact(s, 'json', []).body,
    redact: (s, format) => engine.redact(s, format, []),
  };
}
