// The telemetry half of the engine's JS face: the functions only the telemetry module
// exports (wasm/bindings.cpp, RPS_WITH_TELEMETRY). Kept out of core.js so the core bundle
// does not carry it. Without an engine, every cross-origin request is dropped.
import { natives, randomHex, read } from '../natives.js';
import { net } from './natives.js';

const { apply, jsonStringify } = natives;
const now = natives.dateNow;
// Endpoint ids with a meaning (wasm/core/engine.hpp: kNoEndpoint, kUnknownScan).
export const NO_ENDPOINT = -1;
const UNDECLARED_CROSS_ORIGIN = -2;

// Bodies go through WASM memory as UTF-8 (body_input in wasm/bindings.cpp): written by the
// native encoder. Lone surrogates become U+FFFD, so the engine always sees valid UTF-8.
const encoder = natives.TextEncoder ? new natives.TextEncoder() : undefined;
// ignoreBOM: a body that starts with U+FEFF keeps it (the default decoder would drop it,
// changing the body by more than the redaction).
const decoder = natives.TextDecoder ? new natives.TextDecoder('utf-8', { ignoreBOM: true }) : undefined;

// { length: bytes written, ascii: every UTF-16 unit took one byte }
function writeBody(m, text) {
  const capacity = text.length * 3;  // UTF-8 needs at most 3 bytes per UTF-16 unit
  const at = m.bodyInput(capacity);
  // 0: larger than any body the engine takes; nothing is written and the engine, told the
  // body is there with length 0, drops the request (body_input in wasm/bindings.cpp).
  if (at === 0) return { length: 0, ascii: false };
  const target = apply(natives.typedArraySubarray, m.HEAPU8, [at, at + capacity]);
  const written = apply(natives.textEncodeInto, encoder, [text, target]).written;
  return { length: written, ascii: written === text.length };
}

// Bytes go in as they are (the engine tells compressed text and binary data apart) and the
// answer comes back as bytes of its own (a copy: WASM memory is reused by the next call).
function writeBytes(m, bytes) {
  // The captured getter: a page's TypedArray length must not size the buffer the set fills.
  const length = read(net.typedArrayByteLength, bytes);
  const at = m.bodyInput(length);
  if (at !== 0) apply(net.typedArraySet, m.HEAPU8, [bytes, at]);
  return at === 0 ? 0 : length;
}

function readBytes(m) {
  const layout = m.bodyLayout() >>> 2;
  const body = m.HEAPU32[layout], length = m.HEAPU32[layout + 1];
  return apply(net.typedArraySlice, m.HEAPU8, [body, body + length]);
}

function decodeAt(m, at, length) {
  return apply(natives.textDecode, decoder, [apply(natives.typedArraySubarray, m.HEAPU8, [at, at + length])]);
}

// The result body (body_layout in wasm/bindings.cpp). When the input was ASCII its byte
// offsets are string indices, so the runs the engine copied unchanged are slices of the
// string the page gave (no decoding; V8 joins them without copying) and only the new text
// between them is decoded. Otherwise, or if that new text is not ASCII, all is decoded.
function readBody(m, input, ascii) {
  const layout = m.bodyLayout() >>> 2;
  const u32 = m.HEAPU32;
  const body = u32[layout], length = u32[layout + 1], copies = u32[layout + 2];
  const count = u32[layout + 3], literals = u32[layout + 4], literalLength = u32[layout + 5];
  if (!ascii || count === 0) return decodeAt(m, body, length);
  const text = decodeAt(m, literals, literalLength);
  if (text.length !== literalLength) return decodeAt(m, body, length);
  const slice = net.stringSlice;
  let out = '';
  let written = 0;  // output offset reached
  let used = 0;     // literal text used
  for (let k = 0, at = copies >>> 2; k < count; k++, at += 3) {
    const outBegin = u32[at], inBegin = u32[at + 1], span = u32[at + 2];
    if (outBegin > written) {
      out += apply(slice, text, [used, used + outBegin - written]);
      used += outBegin - written;
    }
    out += apply(slice, input, [inBegin, inBegin + span]);
    written = outBegin + span;
  }
  if (written < length) out += apply(slice, text, [used]);
  return out;
}

function hasNewline(list) {
  for (let i = 0; i < list.length; i++) if (apply(natives.stringIncludes, list[i], ['\n'])) return list[i];
  return undefined;
}

export function telemetryEngine(core) {
  const m = core.module;
  if (!m || typeof m.matchEndpoint !== 'function') {
    const refuse = core.closed() ? `engine closed: ${core.closedReason()}` : 'this module has no telemetry engine';
    return {
      matchEndpoint: (url, crossOrigin) => (crossOrigin ? UNDECLARED_CROSS_ORIGIN : NO_ENDPOINT),
      decideRequest: () => ({ send: false, omitCredentials: true, purpose: '', sdk: '', reason: refuse }),
      decideSession: () => ({ send: false, omitCredentials: true, purpose: '', sdk: '', reason: refuse }),
      redactRequest: () => ({ dropped: true, url: '', body: '', reason: refuse }),
      redactRequestBytes: () => ({ dropped: true, url: '', body: new natives.Uint8Array(0), reason: refuse }),
      recordRequest: () => {},
      passRequest: () => false,
      redact: () => ({ dropped: true, body: '', error: refuse, counts: '{}' }),
    };
  }
  // The keyed hash's key: random per page session, never stored. Without the key, the engine
  // drops rather than hash with a guessable one.
  if (!m.setSessionKey(randomHex(32))) natives.consoleError('rtc-privacy-shim: the session key was refused: telemetry is dropped');
  return {
    matchEndpoint: (url, crossOrigin) => m.matchEndpoint(url, crossOrigin),
    decideRequest: (endpoint) => m.decideRequest(endpoint),
    decideSession: (endpoint) => m.decideSession(endpoint),
    redactRequest: (endpoint, url, body, transport) => {
      const sent = body === null ? { length: 0, ascii: true } : writeBody(m, body);
      const r = m.redactRequest(endpoint, url, sent.length, body !== null, transport, now(), false);
      return { dropped: r.dropped, url: r.url, body: readBody(m, body === null ? '' : body, sent.ascii), reason: r.reason };
    },
    // `bytes` a Uint8Array → { dropped, url, body: Uint8Array, reason }.
    redactRequestBytes: (endpoint, url, bytes, transport) => {
      const length = writeBytes(m, bytes);
      const r = m.redactRequest(endpoint, url, length, true, transport, now(), true);
      return { dropped: r.dropped, url: r.url, body: readBytes(m), reason: r.reason };
    },
    recordRequest: (endpoint, action, transport, reason) => m.recordRequest(endpoint, action, transport, reason, now()),
    passRequest: (endpoint, transport) => m.passRequest(endpoint, transport, now()),
    redact: (body, format, rules) => {
      const bad = hasNewline(rules);
      if (bad !== undefined) return { dropped: true, body: '', error: `rule ${jsonStringify(bad)} contains a newline`, counts: '{}' };
      const sent = writeBody(m, body);
      const r = m.redact(sent.length, format, apply(natives.arrayJoin, rules, ['\n']));
      return { dropped: r.dropped, body: readBody(m, body, sent.ascii), error: r.error, counts: r.counts };
    },
  };
}
