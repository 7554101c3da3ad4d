// The engine in Node, through the same JS layer the page uses (js-bindings/network/engine.js)
// over the telemetry module built by npm run build (build/wasm/rps_core_telemetry.*).
// Emscripten's file loading breaks under Node's global fetch, so the module is compiled
// here and handed over through instantiateWasm, as js-bindings/core.js does in the page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export async function nodeEngine(root) {
  const glue = pathToFileURL(join(root, 'build/wasm/rps_core_telemetry.js')).href;
  const { default: createRpsCore } = await import(glue);
  const bytes = readFileSync(join(root, 'build/wasm/rps_core_telemetry.wasm'));
  const module = await createRpsCore({
    instantiateWasm(imports, receive) {
      const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
      receive(instance);
      return instance.exports;
    },
  });
  const { telemetryEngine } = await import(pathToFileURL(join(root, 'js-bindings/network/engine.js')).href);
  const engine = telemetryEngine({ module, closed: () => false, closedReason: () => '' });
  return {
    name: 'rtc-privacy-shim (JSON, all detectors)',
    run: (s) => engine.redact(s, 'json', []).body,
    redact: (s, format) => engine.redact(s, format, []),
  };
}
