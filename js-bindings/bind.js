// The JS half of the engine's binder (wasm/bind.hpp): one function on the module per entry of
// the engine's table, each turning its arguments into slots and its result slots back into a
// number, a bool, a string or a plain object.
import { natives, push } from './natives.js';

const { apply } = natives;
const ARG_SLOTS = 16;  // kArgSlots in wasm/bind.cpp
const encoder = natives.TextEncoder ? new natives.TextEncoder() : undefined;
// ignoreBOM: a string that starts with U+FEFF keeps it.
const decoder = natives.TextDecoder ? new natives.TextDecoder('utf-8', { ignoreBOM: true }) : undefined;

function cString(m, at) {
  const bytes = m.HEAPU8;
  let end = at;
  while (bytes[end] !== 0) end++;
  return apply(natives.textDecode, decoder, [apply(natives.typedArraySubarray, bytes, [at, end])]);
}

// 'n' | 'b' | 's' | 'v' | '{name:k,…}' followed by one letter per argument.
function parseSignature(text) {
  if (text[0] !== '{') return { result: text[0], fields: null, args: apply(natives.stringSlice, text, [1]) };
  const close = apply(natives.stringIndexOf, text, ['}']);
  const fields = [];
  const inner = apply(natives.stringSlice, text, [1, close]);
  if (inner) {
    const parts = apply(natives.stringSplit, inner, [',']);
    for (let i = 0; i < parts.length; i++) {
      const colon = apply(natives.stringIndexOf, parts[i], [':']);
      push(fields, [apply(natives.stringSlice, parts[i], [0, colon]), parts[i][colon + 1]]);
    }
  }
  return { result: '{', fields, args: apply(natives.stringSlice, text, [close + 1]) };
}

function writeArgs(m, name, kinds, args) {
  let capacity = 0;
  for (let i = 0; i < kinds.length; i++) {
    if (kinds[i] !== 's') continue;
    if (typeof args[i] !== 'string') throw new natives.TypeError(`${name}: argument ${i + 1} must be a string`);
    capacity += args[i].length * 3;  // UTF-8 needs at most 3 bytes per UTF-16 unit
  }
  const base = m._rps_bind_args(capacity);
  // 0: more than the engine takes (wasm/bind.cpp); nothing is written and the call is refused.
  if (base === 0) throw new natives.RangeError(`${name}: arguments too large for the engine`);
  const slots = m.HEAPF64;
  const bytes = m.HEAPU8;
  let at = base + ARG_SLOTS * 8;
  for (let i = 0; i < kinds.length; i++) {
    const value = args[i];
    let slot;
    if (kinds[i] === 's') {
      slot = capacity === 0 ? 0 : apply(natives.textEncodeInto, encoder, [value, apply(natives.typedArraySubarray, bytes, [at, at + value.length * 3])]).written;
      at += slot;
    } else {
      slot = kinds[i] === 'b' ? (value ? 1 : 0) : +value;
    }
    slots[(base >>> 3) + i] = slot;
  }
}

function readResult(m, kind, fields, at) {
  const slots = m.HEAPF64;
  const first = at >>> 3;
  const text = (k) => {
    const start = slots[k];
    return apply(natives.textDecode, decoder, [apply(natives.typedArraySubarray, m.HEAPU8, [start, start + slots[k + 1]])]);
  };
  if (kind === 'v') return undefined;
  if (kind === 'n') return slots[first];
  if (kind === 'b') return slots[first] !== 0;
  if (kind === 's') return text(first);
  // A struct: its numbers and bools in order, then each string as (address, length).
  // Own data properties: a page's Object.prototype setter or getter for a field name must not
  // stand between the engine's answer and the code that reads it.
  const out = {};
  const put = (name, value) => natives.defineProperty(out, name, { value, writable: true, enumerable: true, configurable: true });
  let numbers = 0;
  for (let i = 0; i < fields.length; i++) if (fields[i][1] !== 's') numbers++;
  let n = first, s = first + numbers;
  for (let i = 0; i < fields.length; i++) {
    const name = fields[i][0], k = fields[i][1];  // no destructuring: a page may own the array iterator
    if (k === 's') {
      put(name, text(s));
      s += 2;
    } else {
      put(name, k === 'b' ? slots[n] !== 0 : slots[n]);
      n++;
    }
  }
  return out;
}

// Puts a function on `m` for each bound entry. `aborted()`: whether the engine stopped (its heap
// may be half updated): every later call throws, and the callers fail closed.
export function bindEngine(m, aborted = () => false) {
  const count = m._rps_bind_count();
  for (let i = 0; i < count; i++) {
    const name = cString(m, m._rps_bind_name(i));
    const { result, fields, args } = parseSignature(cString(m, m._rps_bind_signature(i)));
    m[name] = function bound() {
      if (aborted()) throw new natives.Error(`${name}: the engine aborted earlier`);
      writeArgs(m, name, args, arguments);
      return readResult(m, result, fields, m._rps_bind_call(i));
    };
  }
}
