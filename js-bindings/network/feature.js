// The telemetry bundle's network interceptors, one file per transport, registered to be
// installed when the shim arms, in every realm it arms (same-origin frames, opened windows);
// workers ask the page (worker.js).
import { addFeature } from '../features.js';
import { copy, each, lazyFace, natives, weakGet, weakSet } from '../natives.js';
import { baseUrlOf, createRouter } from './route.js';
import { telemetryEngine } from './engine.js';
import { installFetch } from './fetch.js';
import { installXhr } from './xhr.js';
import { installBeacon } from './beacon.js';
import { installFetchLater } from './later.js';
import { installWebSocket } from './websocket.js';
import { installImage } from './image.js';
import { installEventSource } from './event-source.js';
import { installWebTransport } from './web-transport.js';
import { installWebSocketStream } from './websocket-stream.js';
import { serveWorkers } from './worker.js';
import { installSwitches } from './switches.js';

const PREFIX = 'rtc-privacy-shim';
// core → { engine, redact }: one telemetry engine (and session key) for all the realms.
const engines = new natives.WeakMap();

function engineFor(ctx, core) {
  let entry = weakGet(engines, core);
  if (entry) return entry;
  // Made at the first request asked about, which starts the engine (js-bindings/core.js).
  const engine = lazyFace(['matchEndpoint', 'decideRequest', 'decideSession', 'redactRequest', 'redactRequestBytes', 'recordRequest', 'passRequest', 'redact'],
    () => telemetryEngine(core));
  // Direct redaction with the engine's detectors and the given rules.
  function redact(payload, options = {}) {
    if (typeof payload !== 'string') throw new natives.TypeError(`${PREFIX}: redact: expected the payload as a string`);
    const format = options.format === undefined ? 'json' : natives.String(options.format);
    const given = options.rules === undefined ? [] : options.rules;
    // Copied by index, then checked: the page may have replaced the array iterator (and
    // Array.prototype.some), and the engine must get the rules that were checked, all of them.
    const rules = natives.isArray(given) ? copy(given) : [];
    let strings = natives.isArray(given);
    each(rules, (rule) => { if (typeof rule !== 'string') strings = false; });
    if (!strings) throw new natives.TypeError(`${PREFIX}: redact: rules must be an array of strings like "user.phone:mask"`);
    const result = engine.redact(payload, format, rules);
    if (result.error && result.dropped && !result.body) throw new natives.RangeError(`${PREFIX}: redact: ${result.error}`);
    return { body: result.body, dropped: result.dropped, counts: natives.jsonParse(result.counts) };
  }
  entry = { engine, redact };
  weakSet(engines, core, entry);
  // No base: a worker resolves each URL against its own before it asks (worker.js).
  serveWorkers(ctx, createRouter(engine, null));
  return entry;
}

// Returns the shim API this feature adds: redact().
addFeature((ctx, core, realm) => {
  const { engine, redact } = engineFor(ctx, core);
  const router = createRouter(engine, baseUrlOf(realm));
  installFetch(router, realm);
  installXhr(router, realm);
  installBeacon(router, realm);
  installFetchLater(router, realm, ctx.onChange);
  installWebSocket(router, realm, baseUrlOf(realm));
  installImage(router, realm);
  installEventSource(router, realm, ctx.onChange);
  installWebTransport(router, realm, ctx.onChange);
  installWebSocketStream(router, realm, baseUrlOf(realm), ctx.onChange);
  installSwitches(ctx, core, realm);
  return { redact };
});
