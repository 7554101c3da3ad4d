// Canvas readback (the engine decides and perturbs: wasm/core/canvas_noise.hpp). A canvas
// fingerprint is a drawing read back: HTMLCanvasElement.toDataURL / toBlob,
// CanvasRenderingContext2D.getImageData, OffscreenCanvas.convertToBlob, WebGL readPixels
// (RGBA bytes). Unless the manifest lets the read through (the item "canvas", kept for a
// granted purpose), the page gets the pixels with the session's perturbation: one step on one
// colour channel of about one visible pixel in four, keyed by a secret drawn here at install
// and held by the engine (and by the page's workers: workerCanvas). The same drawing reads
// back the same within the session and differently in the next.
//
// The page's canvas is never changed: its pixels are copied onto a scratch canvas of the
// shim's, read there with the native getImageData, perturbed by the engine (one copy into WASM
// memory and one back), put back on the scratch canvas, and the native toDataURL, toBlob or
// convertToBlob of the scratch canvas answers with the page's own arguments. A read the
// browser refuses (a tainted canvas, a canvas of no size) is left to the native on the page's
// canvas, so the page sees the browser's own error or answer.
import { each, natives, protoOf, randomHex, weakGet, weakSet } from '../natives.js';
import { source } from '../realms/worker-boot.js';
import { extendWorkers } from '../realms/workers.js';
import { wrapMethod } from '../wrap.js';
import { decisionsOf } from './device-info.js';
import { canvasNoise } from '../wasm-binary.js';

const { apply, getOwnPropertyDescriptor, getPrototypeOf } = natives;
const typedArray = getPrototypeOf(natives.Uint8Array.prototype);
const typedArraySet = typedArray.set;
const typedArrayFill = typedArray.fill;
const typedArrayLength = getOwnPropertyDescriptor(typedArray, 'length').get;
const typedArrayTag = getOwnPropertyDescriptor(typedArray, Symbol.toStringTag).get;

// The session's secret: 16 bytes, drawn once per shim (installCanvas) and kept by the engine
// → its hex, which the page's workers get too (workerCanvas). Without crypto the engine stays
// unseeded ('' here) and every perturbed read is an empty canvas, in the workers as well.
function seed(core) {
  let hex;
  try {
    hex = randomHex(16);
  } catch {
    hex = '';
  }
  if (hex) core.canvasSeed(hex);
  return hex;
}

// Perturbs `pixels` (RGBA bytes: an ImageData's, or a Uint8Array readPixels filled) in place
// with the engine's noise. Where the engine cannot (it did not start, the canvas is too large,
// the pixels are not bytes) they are cleared: the page reads an empty canvas, never its drawing.
function perturb(core, pixels) {
  const length = apply(typedArrayLength, pixels, []);
  try {
    const m = core.module;
    const tag = apply(typedArrayTag, pixels, []);
    const at = m && (tag === 'Uint8ClampedArray' || tag === 'Uint8Array') ? m.canvasInput(length) : 0;
    if (at) {
      // HEAPU8 is read after canvasInput, which may have grown the heap.
      const heap = m.HEAPU8;
      apply(typedArraySet, heap, [pixels, at]);
      m.canvasPerturb(length);
      apply(typedArraySet, pixels, [apply(natives.typedArraySubarray, heap, [at, at + length])]);
      return;
    }
  } catch {
    // The engine refused or aborted (e.g. no memory for the pixels): cleared below, never
    // left as the browser wrote them.
  }
  apply(typedArrayFill, pixels, [0]);
}

// Page and worker side (self-contained: workerCanvas gets its source). readPixels(x, y, width,
// height, format, type, pixels[, dstOffset]) fills the caller's array. Unless allowed():
// bytes (type UNSIGNED_BYTE, any format) are perturbed there after the native call with
// perturb(view), from dstOffset to the view's end (PACK_ROW_LENGTH and PACK_SKIP_* let the
// browser write past width × height); any other type is zeroed; and a WebGL 2 read into a
// pixel-pack buffer (an offset instead of a view) is not made, so no unperturbed pixels reach a
// buffer the page reads later. `t`: { apply, length (a typed array's getter), subarray,
// fill }. → the wrapper's behaviour (wrapMethod).
export function readPixelsBehaviour(t, perturb, allowed) {
  const UNSIGNED_BYTE = 0x1401;
  const { apply } = t;
  return (original, self, args) => {
    if (args.length < 7) return apply(original, self, args);
    // Converted once, as the browser converts them (GLsizei: ToInt32, GLenum and the offset:
    // ToUint32), so that a valueOf cannot show the browser one format and this check another.
    // No array: a page's Array.prototype setters or getters must not stand in between.
    const converted = { __proto__: null, length: args.length };
    for (let i = 0; i < args.length; i++) {
      converted[i] = i === 2 || i === 3 ? args[i] | 0 : i === 4 || i === 5 || i === 7 ? args[i] >>> 0 : args[i];
    }
    const view = converted[6];
    if (allowed()) return apply(original, self, converted);
    if (view === null || typeof view !== 'object') return undefined;  // a pixel-pack buffer read: not made
    const result = apply(original, self, converted);
    let length;
    try {
      length = apply(t.length, view, []);  // throws for anything but a typed array: the browser wrote nothing
    } catch {
      return result;
    }
    const from = converted.length > 7 ? converted[7] : 0;
    if (length <= from) return result;
    const written = apply(t.subarray, view, [from, length]);
    if (converted[5] === UNSIGNED_BYTE) perturb(written);
    else apply(t.fill, written, [0]);
    return result;
  };
}
const typedArrays = { apply, length: typedArrayLength, subarray: natives.typedArraySubarray, fill: typedArrayFill };
const shimsGuarded = new natives.WeakMap();

export function installCanvas(ctx, realm) {
  const { core } = ctx;
  // One decision per API and shim, recorded once; a consent change asks again.
  const decided = decisionsOf(ctx);
  const allowed = (api) => decided(`canvas.${api}`, () => core.canvasDecide(api)) === 'allow';
  const proto = (name) => protoOf(realm, name);
  const context2d = proto('CanvasRenderingContext2D');
  const offscreen2d = proto('OffscreenCanvasRenderingContext2D');
  const element = proto('HTMLCanvasElement');
  const offscreen = proto('OffscreenCanvas');
  const own = (p, name) => (p ? getOwnPropertyDescriptor(p, name) : undefined) || {};
  const imageData = own(proto('ImageData'), 'data').get;
  const createElement = own(proto('Document'), 'createElement').value;
  const doc = realm.document;
  const OffscreenCanvas = realm.OffscreenCanvas;
  // The natives each kind of scratch canvas (an element, an OffscreenCanvas) is sized, drawn
  // and read with, read before the page can replace them; `usable`: this realm can make one.
  const kindOf = (canvas, pen, usable) => ({
    usable,
    width: own(canvas, 'width'),
    height: own(canvas, 'height'),
    getContext: own(canvas, 'getContext').value,
    drawImage: own(pen, 'drawImage').value,
    getImageData: own(pen, 'getImageData').value,
    putImageData: own(pen, 'putImageData').value,
  });
  const elementKind = kindOf(element, context2d, doc && createElement);
  const offscreenKind = kindOf(offscreen, offscreen2d, OffscreenCanvas);

  const exceptionName = own(proto('DOMException'), 'name').get;
  const tainted = (error) => {
    try {
      return apply(exceptionName, error, []) === 'SecurityError';
    } catch {
      return false;
    }
  };

  // A scratch canvas of `kind` holding the pixels of `canvas`, perturbed; undefined when the
  // native on the page's canvas must answer: with its own error (not a canvas; tainted: the
  // browser refuses to read it) or for a canvas of no size. Any other failure answers with an
  // empty scratch canvas of the same size, never the drawing.
  let scratchElement;
  function perturbedCopy(canvas, kind) {
    const { width, height, getContext, drawImage, getImageData, putImageData } = kind;
    let w;
    let h;
    try {
      w = apply(width.get, canvas, []);
      h = apply(height.get, canvas, []);
    } catch {
      return undefined;
    }
    if (!w || !h) return undefined;
    const blank = () => {
      if (kind === offscreenKind) return new OffscreenCanvas(w, h);  // one per call: its blob is made after the call returns
      if (!scratchElement) scratchElement = apply(createElement, doc, ['canvas']);
      apply(width.set, scratchElement, [w]);  // clears it
      apply(height.set, scratchElement, [h]);
      return scratchElement;
    };
    const scratch = blank();
    try {
      const pen = apply(getContext, scratch, ['2d']);
      apply(drawImage, pen, [canvas, 0, 0]);
      const pixels = apply(getImageData, pen, [0, 0, w, h]);
      perturb(core, apply(imageData, pixels, []));
      apply(putImageData, pen, [pixels, 0, 0]);
      return scratch;
    } catch (error) {
      return tainted(error) ? undefined : blank();
    }
  }

  // toDataURL, toBlob, convertToBlob: the native of the scratch canvas, with the page's arguments.
  const wrapRead = (target, name, kind) => wrapMethod(target, name, (original, self, args) => {
    const scratch = kind.usable && !allowed(name) ? perturbedCopy(self, kind) : undefined;
    return apply(original, scratch || self, args);
  });
  wrapRead(element, 'toDataURL', elementKind);
  wrapRead(element, 'toBlob', elementKind);
  wrapRead(offscreen, 'convertToBlob', offscreenKind);

  // Once per shim: the session's secret (seed); WebGL's readPixels, when device-info.js guards
  // a WebGL interface (at its first use); the canvas reads of the workers the page creates,
  // which have no engine (workerCanvas): convertToBlob sends its pixels here, getImageData and
  // readPixels perturb in the worker with the engine's code and secret, as the engine decides
  // here (told them unrecorded, canvasAllow; each read is recorded when the worker says it made
  // it, canvas.read).
  if (!weakGet(shimsGuarded, ctx)) {
    weakSet(shimsGuarded, ctx, true);
    if (!ctx.webglGuards) ctx.webglGuards = [];
    apply(natives.arrayPush, ctx.webglGuards, [(glProto) => wrapMethod(glProto, 'readPixels',
      readPixelsBehaviour(typedArrays, (view) => perturb(core, view), () => allowed('readPixels')))]);
    extendWorkers(ctx, {
      services: {
        'canvas.perturb': (args) => {
          if (allowed('convertToBlob')) return { allow: true };
          const pixels = args !== null && typeof args === 'object' ? args.pixels : undefined;
          // Not pixels: the worker answers with an empty canvas. (The tag's getter throws for nothing.)
          if (apply(typedArrayTag, pixels, []) !== 'Uint8ClampedArray') return { allow: false };
          perturb(core, pixels);
          return { allow: false, pixels };
        },
        'canvas.read': (api) => (api === 'getImageData' || api === 'readPixels') && allowed(api),
      },
      sealed: { canvasSecret: seed(core) },
      // canvasNoise: the Workers' own getImageData and readPixels run the engine's noise as a
      // module of its own, which travels packed with the engine (wasm-binary.js).
      live: { canvasAllow: () => core.canvasAllowed(), canvasNoise },
      statement: `  (${source(workerCanvas)})(kit, config, channel, w, ${source(readPixelsBehaviour)});`,
    });
  }

  // getImageData: the native's own ImageData, its pixels perturbed before the page has it.
  each([context2d, offscreen2d], (target) => wrapMethod(target, 'getImageData', (original, self, args) => {
    const pixels = apply(original, self, args);
    if (!allowed('getImageData')) perturb(core, apply(imageData, pixels, []));
    return pixels;
  }));
}

// Worker side (self-contained: its source runs in the worker bootstrap, before the worker's
// script). A worker has no engine. OffscreenCanvas.convertToBlob copies the canvas onto a
// scratch canvas at the call, sends the pixels to the page's engine (canvas.perturb above) and
// converts the scratch canvas once they come back. getImageData and WebGL readPixels return at
// once and cannot wait for the page: they perturb here, with the engine's own code (the module
// wasm/noise/, config.canvasNoise) keyed by the page's secret, so the same pixels read back
// the same as in the page; the page decides allow or perturb (config.canvasAllow, sent again
// after a consent change) and records a read when the worker tells it of one (canvas.read,
// once per API until the next change). The secret comes in the worker's first message, not in
// its source (workers.js: sealed). Without the module (a CSP without 'wasm-unsafe-eval'), or before the
// secret (the worker's top-level code), every perturbed read is empty, and the console says so once.
export function workerCanvas(kit, config, channel, w, readPixelsBehaviour) {
  if (typeof OffscreenCanvas !== 'function' || typeof OffscreenCanvasRenderingContext2D !== 'function') return;
  // Read as the bootstrap runs, before the worker's script can replace them.
  const { apply, has, getter } = w;
  const Offscreen = OffscreenCanvas;
  const canvas = Offscreen.prototype;
  const pen2d = OffscreenCanvasRenderingContext2D.prototype;
  const width = getter(canvas, 'width');
  const height = getter(canvas, 'height');
  const { getContext } = canvas;
  const { drawImage, getImageData, putImageData } = pen2d;
  const imageData = getter(ImageData.prototype, 'data');
  const ImageDataCtor = ImageData;
  const exceptionName = getter(DOMException.prototype, 'name');

  const typed = w.getPrototypeOf(Uint8Array.prototype);
  const t = { apply, length: getter(typed, 'length'), subarray: typed.subarray, fill: typed.fill };
  const set = typed.set;
  const Bytes = Uint8Array;
  const bufferOf = getter(WebAssembly.Memory.prototype, 'buffer');
  const byteLength = getter(ArrayBuffer.prototype, 'byteLength');
  const grow = WebAssembly.Memory.prototype.grow;
  const ceil = Math.ceil;
  const charCodeAt = String.prototype.charCodeAt;
  const warn = console.warn;
  const log = console;
  // A shared worker's bootstrap is made once and may start again long after (realms/
  // worker-boot.js): its word on consent may be stale. Denied until its first message says.
  if (config.shared) config.canvasAllow = false;
  let allow = config.canvasAllow === true;
  let told = w.create(null);  // API → its read was told to the page since the last change
  // The module's memory above its initial size holds the secret, then the pixels, as with the
  // loader. Seeded when the secret comes, in the worker's first message (channel.onPush).
  let exports;
  let memory;
  let base;
  let noise;
  const heap = () => new Bytes(apply(bufferOf, memory, []));
  const heapSize = () => apply(byteLength, apply(bufferOf, memory, []), []);
  try {
    const binary = atob(config.canvasNoise);
    const bytes = new Bytes(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = apply(charCodeAt, binary, [i]);
    exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports;
    memory = exports.memory;
    base = heapSize();
    apply(grow, memory, [1]);
  } catch {
    exports = undefined;  // no noise: perturbed reads are empty
  }
  const seed = (secret) => {
    if (!exports || noise || typeof secret !== 'string' || secret.length !== 32) return;
    const bytes = heap();
    for (let i = 0; i < 32; i++) bytes[base + i] = apply(charCodeAt, secret, [i]);
    if (exports.noise_seed(base) === 1) noise = exports.noise_perturb;
  };
  // Own properties only: the worker's script may have put either name on Object.prototype.
  channel.onPush((push) => {
    if (has(push, 'canvasSecret')) seed(push.canvasSecret);
    if (has(push, 'canvasAllow')) {
      config.canvasAllow = allow = push.canvasAllow === true;  // config: what the workers this one creates start with
      told = w.create(null);
    }
  });
  // A read of `api` is being made: the page records it; → whether it is let through.
  const skip = () => {};
  const allowed = (api) => {
    if (!told[api]) channel.ask('canvas.read', api, skip, skip);
    told[api] = true;
    return allow;
  };
  let warned = false;
  const clear = (pixels) => {
    apply(t.fill, pixels, [0]);
    if (warned) return;
    warned = true;
    apply(warn, log, ['rtc-privacy-shim: canvas read in a worker that cannot perturb it (no WebAssembly here, e.g. a CSP without \'wasm-unsafe-eval\', or before the shim\'s first message): getImageData and readPixels read an empty canvas']);
  };
  const perturb = (pixels) => {
    if (!noise) return clear(pixels);
    try {
      const length = apply(t.length, pixels, []);
      const have = heapSize();
      if (base + length > have) apply(grow, memory, [ceil((base + length - have) / 65536)]);
      const bytes = heap();
      apply(set, bytes, [pixels, base]);
      noise(base, length);
      apply(set, pixels, [apply(t.subarray, bytes, [base, base + length])]);
    } catch {
      clear(pixels);  // too large for the worker's memory
    }
    return undefined;
  };
  kit.wrapMethod(pen2d, 'getImageData', (original, self, args) => {
    const pixels = apply(original, self, args);
    if (!allowed('getImageData')) perturb(apply(imageData, pixels, []));
    return pixels;
  });
  const gl = readPixelsBehaviour(t, perturb, () => allowed('readPixels'));
  const contexts = ['WebGLRenderingContext', 'WebGL2RenderingContext'];
  for (let i = 0; i < contexts.length; i++) {
    const context = self[contexts[i]];
    if (typeof context === 'function') kit.wrapMethod(context.prototype, 'readPixels', gl);
  }

  const PromiseCtor = w.Promise;
  kit.wrapMethod(canvas, 'convertToBlob', (original, self, args) => {
    let wide;
    let high;
    try {
      wide = apply(width, self, []);
      high = apply(height, self, []);
    } catch {
      return apply(original, self, args);  // not an OffscreenCanvas: the browser's error
    }
    if (!wide || !high) return apply(original, self, args);
    const scratch = new Offscreen(wide, high);
    let pen;
    let pixels;
    try {
      pen = apply(getContext, scratch, ['2d']);
      apply(drawImage, pen, [self, 0, 0]);
      pixels = apply(imageData, apply(getImageData, pen, [0, 0, wide, high]), []);
    } catch (error) {
      let name = '';
      try { name = apply(exceptionName, error, []); } catch { /* not a DOMException */ }
      // Tainted: the browser's own refusal; any other failure: an empty canvas, never the drawing.
      return apply(original, name === 'SecurityError' ? self : new Offscreen(wide, high), args);
    }
    return new PromiseCtor((resolve, reject) => {
      const convert = (source) => {
        try {
          resolve(apply(original, source, args));
        } catch (error) {
          reject(error);
        }
      };
      const empty = () => convert(new Offscreen(wide, high));
      channel.ask('canvas.perturb', { pixels }, (answer) => {
        if (!answer || answer.allow !== true) {
          try {
            apply(putImageData, pen, [new ImageDataCtor(answer.pixels, wide, high), 0, 0]);
          } catch {
            return empty();
          }
        }
        return convert(scratch);
      }, empty);
    });
  });
}
