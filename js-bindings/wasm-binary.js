// Restores the core's WASM bytes, and the Workers' canvas-noise module after them, from the
// LZMA-packed, base64 copy embedded in the script, with the tiny loader module
// (wasm/loader/): base64 and LZMA run at WASM speed, not
// in JS loops that run cold once per page load. Synchronous: the
// shim must be armed before the page's next script runs.
import { CORE_SIZE, LOADER, NOISE_SIZE, PACKED } from '../build/wasm/rps_core_binary.js';
import { instantiateWasm, natives, read } from './natives.js';

const PAGE = 65536;
const UNPACK_STATUS = ['ok', 'truncated input', 'unsupported properties', 'invalid stream', 'distance before the start',
  'unexpected size'];

// Writes the bytes of `base64` into `target` natively where the browser can
// (Uint8Array.prototype.setFromBase64); → the count written, -1 when it is not base64, or
// undefined without the native decoder.
function decodeNatively(base64, target) {
  if (!natives.setFromBase64) return undefined;
  try {
    return natives.apply(natives.setFromBase64, target, [base64]).written;
  } catch {
    return -1;
  }
}

function loaderBytes() {
  const native = new natives.Uint8Array(LOADER.length);
  const written = decodeNatively(LOADER, native);
  if (written !== undefined) return natives.apply(natives.typedArraySubarray, native, [0, written]);
  const binary = natives.atob(LOADER);
  const bytes = new natives.Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = natives.apply(natives.stringCharCodeAt, binary, [i]);
  return bytes;
}

// Decodes `base64` (of a properties byte and a raw LZMA stream, scripts/build.mjs) into
// exactly `size` bytes; throws with the reason.
// The bytes are a view into the loader's memory, not a copy: the caller only compiles them.
export function unpackBase64(base64, size) {
  const loader = instantiateWasm(loaderBytes(), {});
  const { memory } = loader;
  // The loader uses only its static data; text and output go above its initial memory.
  const text = read(natives.memoryBuffer, memory).byteLength;
  const out = text + base64.length;
  natives.apply(natives.memoryGrow, memory, [natives.mathCeil((base64.length + size) / PAGE)]);
  const heap = new natives.Uint8Array(read(natives.memoryBuffer, memory));
  const input = natives.apply(natives.typedArraySubarray, heap, [text, out]);
  let packed = decodeNatively(base64, input);
  if (packed === undefined) {
    // Base64 is ASCII: one byte per character, written natively, then decoded in place.
    natives.apply(natives.textEncodeInto, new natives.TextEncoder(), [base64, input]);
    packed = loader.base64_decode(text, base64.length, text);
  }
  if (packed < 0) throw new natives.Error('unpack: invalid base64');
  const status = loader.lzma_decode(text, packed, out, size);
  if (status !== 0) throw new natives.Error(`unpack: ${UNPACK_STATUS[status] || `status ${status}`}`);
  return natives.apply(natives.typedArraySubarray, heap, [out, out + size]);
}

let noise;  // the canvas-noise module as base64, as the Workers get it; '' when it cannot be had

export function coreWasm() {
  const bytes = unpackBase64(PACKED, CORE_SIZE + NOISE_SIZE);
  let binary = '';
  for (let i = CORE_SIZE; i < CORE_SIZE + NOISE_SIZE; i++) binary += natives.fromCharCode(bytes[i]);
  noise = natives.btoa(binary);
  return natives.apply(natives.typedArraySubarray, bytes, [0, CORE_SIZE]);
}

// The Workers' canvas-noise module (wasm/noise/), base64: kept when the engine was unpacked,
// unpacked here if it was not. '' if that fails: the Workers' perturbed reads are then empty.
export function canvasNoise() {
  if (noise === undefined) {
    try {
      coreWasm();
    } catch {
      noise = '';
    }
  }
  return noise;
}
