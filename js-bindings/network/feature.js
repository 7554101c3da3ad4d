// The telemetry bundle's network interceptors, one file per transport, registered to be
// installed when the shim arms.
import { addFeature } from '../features.js';
import { natives } from '../natives.js';
import { createRouter } from './route.js';
import { telemetryEngine } from './engine.js';
import { installFetch } from './fetch.js';
import { installXhr } from './xhr.js';
import { installBeacon } from './beacon.js';
import { installWebSocket } from './websocket.js';
import { installImage } from './image.js';

const PREFIX = 'rtc-privacy-shim';

// Returns the shim API this feature adds: redact().
addFeature((ctx, core) => {
  const engine = telemetryEngine(core);
  const router = createRouter(engine);
  installFetch(router);
  installXhr(router);
  installBeacon(router);
  installWebSocket(router);
  installImage(router);

  // Direct redaction with the engine's detectors and the given rules.
  function redact(payload, options = {}) {
    if (typeof payload !== 'string') throw new natives.TypeError(`${PREFIX}: redact: expected the payload as a string`);
    const format = options.format === undefined ? 'json' : natives.String(options.format);
    const rules = options.rules === undefined ? [] : options.rules;
    if (!natives.isArray(rules) || rules.some((r) => typeof r !== 'string')) {
      throw new natives.TypeError(`${PREFIX}: redact: rules must be an array of strings like "user.phone:mask"`);
    }
    const result = engine.redact(payload, format, [...rules]);
    if (result.error && result.dropped && !result.body) throw new natives.RangeError(`${PREFIX}: redact: ${result.error}`);
    return { body: result.body, dropped: result.dropped, counts: natives.jsonParse(result.counts) };
  }
  return { redact };
});
