// The telemetry half of the engine's JS face: the functions only the telemetry module
// exports (wasm/bindings.cpp, RPS_WITH_TELEMETRY). Kept out of core.js so the core bundle
// does not carry it. Without an engine, every cross-origin request is dropped.
import { natives } from '../natives.js';

const { apply, jsonStringify } = natives;
const now = natives.dateNow;
const NO_ENDPOINT = -1;
const UNDECLARED_CROSS_ORIGIN = -2;

// Bodies go through WASM memory as UTF-8 (body_input in wasm/bindings.cpp): written by the
// native encoder, read by the native decoder. Lone surrogates become U+FFFD, so the engine
// always sees valid UTF-8.
const encoder = natives.TextEncoder ? new natives.TextEncoder() : undefined;
const decoder = natives.TextDecoder ? new natives.TextDecoder() : undefined;

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
  apply(natives.getRandomValues, natives.crypto, [bytes]);
  let hex = '';
  for (let i = 0; i < 32; i++) hex += (bytes[i] < 16 ? '0' : '') + apply(natives.numberToString, bytes[i], [16]);
  return hex;
}

function hasNewline(list) {
  for (const item of list) if (apply(natives.stringIncludes, item, ['\n'])) return item;
  return undefined;
}

export function telemetryEngine(core) {
  const m = core.module;
  if (!m || typeof m.matchEndpoint !== 'function') {
    const refuse = core.closed() ? `engine closed: ${core.closedReason()}` : 'this module has no telemetry engine';
    return {
      matchEndpoint: (url, crossOrigin) => (crossOrigin ? UNDECLARED_CROSS_ORIGIN : NO_ENDPOINT),
      decideRequest: () => ({ send: false, purpose: '', sdk: '', reason: refuse }),
      redactRequest: () => ({ dropped: true, url: '', body: '', reason: refuse }),
      recordRequest: () => {},
      redact: () => ({ dropped: true, body: '', error: refuse, counts: '{}' }),
    };
  }
  // Without the key, the engine drops rather than hash with a guessable one.
  if (!m.setSessionKey(sessionKey())) natives.consoleError('rtc-privacy-shim: the session key was refused: telemetry is dropped');
  return {
    matchEndpoint: (url, crossOrigin) => m.matchEndpoint(url, crossOrigin),
    decideRequest: (endpoint) => m.decideRequest(endpoint),
    redactRequest: (endpoint, url, body, transport) => {
      const r = m.redactRequest(endpoint, url, body === null ? 0 : writeBody(m, body), body !== null, transport, now());
      return { dropped: r.dropped, url: r.url, body: readBody(m, r.bodyLength), reason: r.reason };
    },
    recordRequest: (endpoint, action, transport, reason) => m.recordRequest(endpoint, action, transport, reason, now()),
    redact: (body, format, rules) => {
      const bad = hasNewline(rules);
      if (bad !== undefined) return { dropped: true, body: '', error: `rule ${jsonStringify(bad)} contains a newline`, counts: '{}' };
      const r = m.redact(writeBody(m, body), format, apply(natives.arrayJoin, rules, ['\n']));
      return { dropped: r.dropped, body: readBody(m, r.bodyLength), error: r.error, counts: r.counts };
    },
  };
}
