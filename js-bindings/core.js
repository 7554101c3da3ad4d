// The JS face of the C++ engine (wasm/bindings.cpp). The module is instantiated
// synchronously, so the engine answers before the next script of the page runs.
// If it cannot start, a stand-in that denies everything takes its place: the shim
// fails closed, never open.
import createRpsCore from '../build/wasm/rps_core.js';
import { coreWasm } from './wasm-binary.js';
import { natives } from './natives.js';

const { jsonParse, jsonStringify } = natives;
const now = natives.dateNow;

function adapter(m) {
  return {
    load: (manifestText) => jsonParse(m.load(manifestText, now())),
    closed: () => m.closed(),
    closedReason: () => m.closedReason(),
    revision: () => m.revision(),
    // '' when applied, else the engine's error message.
    setConsent: (purposes, state, method, locale) => {
      // The engine takes one id per line; an id with a newline in it cannot be a real one.
      for (const p of purposes) if (natives.apply(natives.stringIncludes, p, ['\n'])) return `unknown purpose ${jsonStringify(p)}`;
      return m.setConsent(natives.apply(natives.arrayJoin, purposes, ['\n']), state, method, locale, now());
    },
    consentState: () => jsonParse(m.consentState()),
    purposes: () => jsonParse(m.purposes()),
    receipt: () => jsonParse(m.receipt()),
    receipts: () => jsonParse(m.receipts()),
    exportConsent: () => m.exportConsent(),
    importConsent: (stored) => jsonParse(m.importConsent(stored, now())),
    openScope: (purpose) => m.openScope(purpose),
    closeScope: (id) => m.closeScope(id),
    decide: (surface) => m.decide(surface, now()),
    record: (surface, action, purpose, reason) => m.record(surface, action, purpose, reason, now()),
    ledger: () => jsonParse(m.ledger()),
    // Telemetry build only (wasm/bindings.cpp, RPS_WITH_TELEMETRY).
    telemetry: typeof m.matchEndpoint === 'function',
    matchEndpoint: (url, crossOrigin) => m.matchEndpoint(url, crossOrigin),
    decideRequest: (endpoint) => m.decideRequest(endpoint),
    redactRequest: (endpoint, url, body, transport) => {
      const r = m.redactRequest(endpoint, url, body === null ? 0 : writeBody(m, body), body !== null, transport, now());
      return { dropped: r.dropped, url: r.url, body: readBody(m, r.bodyLength), reason: r.reason };
    },
    recordRequest: (endpoint, action, transport, reason) => m.recordRequest(endpoint, action, transport, reason, now()),
    redact: (body, format, rules) => {
      for (const r of rules) if (natives.apply(natives.stringIncludes, r, ['\n'])) return { dropped: true, body: '', error: `rule ${jsonStringify(r)} contains a newline`, counts: '{}' };
      const r = m.redact(writeBody(m, body), format, natives.apply(natives.arrayJoin, rules, ['\n']));
      return { dropped: r.dropped, body: readBody(m, r.bodyLength), error: r.error, counts: r.counts };
    },
  };
}

// Bodies go through WASM memory as UTF-8 (see body_input in wasm/bindings.cpp): written by the
// native encoder, read by the native decoder. Lone surrogates become U+FFFD, so the engine
// always sees valid UTF-8.
const encoder = natives.TextEncoder ? new natives.TextEncoder() : undefined;
const decoder = natives.TextDecoder ? new natives.TextDecoder() : undefined;
const { apply } = natives;

function writeBody(m, text) {
  const capacity = text.length * 3;  // UTF-8 needs at most 3 bytes per UTF-16 unit
  const at = m.bodyInput(capacity);
  const target = apply(natives.typedArraySubarray, m.HEAPU8, [at, at + capacity]);
  return apply(natives.textEncodeInto, encoder, [text, target]).written;
}

function readBody(m, length) {
  const at = m.bodyOutput();
  return apply(natives.textDecode, decoder, [apply(natives.typedArraySubarray, m.HEAPU8, [at, at + length])]);
}

// The keyed hash's key: random per page session, never stored.
function sessionKey() {
  const bytes = new natives.Uint8Array(32);
  natives.apply(natives.getRandomValues, natives.crypto, [bytes]);
  let hex = '';
  for (let i = 0; i < 32; i++) hex += (bytes[i] < 16 ? '0' : '') + natives.apply(natives.numberToString, bytes[i], [16]);
  return hex;
}

// Stands in when the engine could not start: every gate denies, nothing is recorded.
function closedStandIn(reason) {
  const refuse = `engine closed: ${reason}`;
  const deny = { action: 'deny', purpose: '', reason: refuse };
  return {
    load: () => ({ ok: false, errors: [refuse] }),
    closed: () => true,
    closedReason: () => reason,
    revision: () => '',
    setConsent: () => refuse,
    consentState: () => ({}),
    purposes: () => [],
    receipt: () => null,
    receipts: () => [],
    exportConsent: () => '',
    importConsent: () => ({ kind: 'rejected', message: refuse }),
    openScope: () => ({ id: 0, error: refuse }),
    closeScope: () => {},
    decide: () => deny,
    record: () => {},
    ledger: () => ({ capacity: 0, total: 0, dropped: 0, entries: [] }),
    // Without the engine nothing can be redacted: every cross-origin request is dropped.
    telemetry: true,
    matchEndpoint: (url, crossOrigin) => (crossOrigin ? -2 : -1),
    decideRequest: () => ({ send: false, purpose: '', sdk: '', reason: refuse }),
    redactRequest: () => ({ dropped: true, url: '', body: '', reason: refuse }),
    recordRequest: () => {},
    redact: () => ({ dropped: true, body: '', error: refuse, counts: '{}' }),
  };
}

export function startCore() {
  try {
    const module = {
      print: natives.consoleWarn,
      printErr: natives.consoleError,
      wasmBinary: coreWasm(),
    };
    const ready = createRpsCore(module);
    // The ready promise also rejects when instantiation fails; the failure is reported
    // below, so keep it from surfacing as an unhandled rejection.
    if (ready && typeof ready.then === 'function') natives.apply(natives.promiseThen, ready, [undefined, () => {}]);
    if (typeof module.decide !== 'function') throw new natives.Error('WebAssembly module did not initialise');
    if (typeof module.setSessionKey === 'function' && !module.setSessionKey(sessionKey())) {
      throw new natives.Error('the session key was refused');
    }
    return { core: adapter(module), error: '' };
  } catch (error) {
    const reason = `engine failed to start: ${error && error.message ? error.message : String(error)}`;
    return { core: closedStandIn(reason), error: reason };
  }
}
