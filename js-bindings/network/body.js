// Bodies to text and back. A body's text is what the redactor sees; the redacted text is
// sent in the same kind of container, so the request's Content-Type stays what the SDK set.
// Bytes (ArrayBuffer, typed arrays, Blob) can also go to the engine as they are (bytesSync,
// readBytes): it tells compressed text and binary data apart by content and answers with bytes,
// which rewrap puts back in the body's kind of container.
// A body's kind is told by brand (a native getter or method that throws on anything else),
// not instanceof: a frame's Blob is not an instance of this window's Blob, and a page can
// steer instanceof.

// Self-contained, with `g` the global whose natives it captures when called: the page calls
// it below; a worker's bootstrap runs the same source (network/worker.js).
export function createBodyKit(g) {
  const apply = Reflect.apply;
  const desc = (ctor, name) => (ctor ? Object.getOwnPropertyDescriptor(ctor.prototype, name) : undefined);
  const method = (ctor, name) => (ctor ? ctor.prototype[name] : undefined);
  const UNREADABLE = Object.freeze({ unreadable: true });
  const { Blob, FormData, URLSearchParams, ReadableStream, Response, Uint8Array } = g;
  const toString = g.String;
  const blobType = desc(Blob, 'type');
  const blobSize = desc(Blob, 'size');
  const blobArrayBuffer = method(Blob, 'arrayBuffer');
  const formHas = method(FormData, 'has');
  const formAppend = method(FormData, 'append');
  const formForEach = method(FormData, 'forEach');
  const paramsHas = method(URLSearchParams, 'has');
  const paramsAppend = method(URLSearchParams, 'append');
  const paramsForEach = method(URLSearchParams, 'forEach');
  const paramsToString = method(URLSearchParams, 'toString');
  const streamLocked = desc(ReadableStream, 'locked');
  const bufferLength = desc(g.ArrayBuffer, 'byteLength');
  const typedProto = Object.getPrototypeOf(Uint8Array.prototype);
  const viewLength = Object.getOwnPropertyDescriptor(typedProto, 'byteLength');
  const dataViewLength = desc(g.DataView, 'byteLength');
  const dataViewBuffer = desc(g.DataView, 'buffer');
  const dataViewOffset = desc(g.DataView, 'byteOffset');
  const viewBuffer = Object.getOwnPropertyDescriptor(typedProto, 'buffer');
  const viewOffset = Object.getOwnPropertyDescriptor(typedProto, 'byteOffset');
  // A Uint8Array's bytes as an ArrayBuffer of their own.
  const ownBuffer = (view) => {
    const offset = apply(viewOffset.get, view, []);
    return apply(bufferSlice, apply(viewBuffer.get, view, []), [offset, offset + apply(viewLength.get, view, [])]);
  };
  const isView = g.ArrayBuffer.isView;
  const bufferSlice = g.ArrayBuffer.prototype.slice;
  const responseArrayBuffer = method(Response, 'arrayBuffer');
  const encode = method(g.TextEncoder, 'encode');
  const decode = method(g.TextDecoder, 'decode');
  // fatal: bytes that are not UTF-8 are unreadable, never patched; ignoreBOM: a leading
  // U+FEFF stays part of the text (and of the body sent on).
  const decoder = g.TextDecoder ? new g.TextDecoder('utf-8', { fatal: true, ignoreBOM: true }) : undefined;
  const encoder = g.TextEncoder ? new g.TextEncoder() : undefined;

  const branded = (fn, value, args) => {
    if (!fn || value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
    try {
      apply(fn, value, args);
      return true;
    } catch {
      return false;
    }
  };
  const isBlob = (body) => branded(blobType && blobType.get, body, []);
  const isForm = (body) => branded(formHas, body, ['']);
  const isParams = (body) => branded(paramsHas, body, ['']);
  const isBytes = (body) => branded(bufferLength && bufferLength.get, body, []) || isView(body);
  const isStream = (body) => branded(streamLocked && streamLocked.get, body, []);

  function decodeBytes(bytes) {
    try {
      return { text: apply(decode, decoder, [bytes]) };
    } catch {
      return UNREADABLE;
    }
  }

  // → { none } | { text } | { unreadable } synchronously, for every body but Blob and stream.
  function readSync(body) {
    if (body === undefined || body === null) return { none: true };
    if (typeof body === 'string') return { text: body };
    if (isParams(body)) return { text: apply(paramsToString, body, []) };
    if (isBytes(body)) return decodeBytes(body);
    if (isForm(body)) {
      // Files in a telemetry form cannot be redacted; the form is refused rather than sent raw.
      // The entries are walked with the captured forEach, here and in rewrap: the page can
      // replace the iterators of FormData and URLSearchParams (and of the entry arrays).
      const params = new URLSearchParams();
      let files = false;
      apply(formForEach, body, [(value, key) => {
        if (typeof value === 'string') apply(paramsAppend, params, [key, value]);
        else files = true;
      }]);
      return files ? UNREADABLE : { text: apply(paramsToString, params, []) };
    }
    return { text: toString(body) };
  }

  const utf8Length = (text) => apply(encode, encoder, [text]).length;
  const bytesOf = (body) => {
    if (!isView(body)) return apply(bufferLength.get, body, []);
    return branded(viewLength.get, body, []) ? apply(viewLength.get, body, []) : apply(dataViewLength.get, body, []);
  };

  // The bytes of an ArrayBuffer or view, as a Uint8Array over the same memory (not copied).
  const bytesSync = (body) => {
    if (!isView(body)) return new Uint8Array(body);
    if (branded(viewLength.get, body, [])) {
      return new Uint8Array(apply(viewBuffer.get, body, []), apply(viewOffset.get, body, []), apply(viewLength.get, body, []));
    }
    return new Uint8Array(apply(dataViewBuffer.get, body, []), apply(dataViewOffset.get, body, []), apply(dataViewLength.get, body, []));
  };

  return {
    // Whether `body` is bytes the engine should see as bytes (ArrayBuffer, view, Blob).
    isBinary: (body) => isBytes(body) || isBlob(body),
    // → Uint8Array for an ArrayBuffer or view.
    bytesSync,
    // → promise of a Uint8Array for a Blob (or the bytes of an ArrayBuffer or view).
    async readBytes(body) {
      if (isBlob(body)) return new Uint8Array(await apply(blobArrayBuffer, body, []));
      return bytesSync(body);
    },
    needsAsync: (body) => isBlob(body) || isStream(body),
    readSync,
    isBlob,
    isForm,
    isStream,
    // The bytes the browser sends for `body`, read without converting it (a form: at least
    // this many, its multipart framing aside); undefined for what only a conversion sizes.
    byteSize(body) {
      if (body === undefined || body === null) return 0;
      if (typeof body === 'string') return utf8Length(body);
      if (isParams(body)) return utf8Length(apply(paramsToString, body, []));
      if (isBlob(body)) return apply(blobSize.get, body, []);
      if (isBytes(body)) return bytesOf(body);
      if (!isForm(body)) return undefined;
      let size = 0;
      apply(formForEach, body, [(value, key) => {
        size += utf8Length(key) + (typeof value === 'string' ? utf8Length(value) : apply(blobSize.get, value, []));
      }]);
      return size;
    },
    async readAsync(body) {
      if (isBlob(body)) return decodeBytes(new Uint8Array(await apply(blobArrayBuffer, body, [])));
      if (isStream(body)) return decodeBytes(new Uint8Array(await apply(responseArrayBuffer, new Response(body), [])));
      return readSync(body);
    },
    // The redacted text, or the bytes the engine answered for bytes, in the container the
    // original body came in (bytes for a body that was not bytes: a Request's, say).
    rewrap(original, text) {
      if (typeof text !== 'string') {
        if (isBlob(original)) return new Blob([text], { type: apply(blobType.get, original, []) });
        if (isBytes(original) && !isView(original)) return ownBuffer(text);
        return text;
      }
      if (typeof original === 'string' || original === undefined || original === null) return text;
      if (isParams(original)) return new URLSearchParams(text);
      if (isBlob(original)) return new Blob([text], { type: apply(blobType.get, original, []) });
      if (isBytes(original)) return apply(encode, encoder, [text]);
      if (isForm(original)) {
        const form = new FormData();
        apply(paramsForEach, new URLSearchParams(text), [(value, key) => apply(formAppend, form, [key, value])]);
        return form;
      }
      return text;
    },
  };
}

// Why a telemetry request is dropped when its body's read failed (a Blob whose file is gone,
// a stream that errors): nothing is sent that the engine has not seen.
export const READ_FAILED = 'body could not be read';

export const { needsAsync, readSync, readAsync, rewrap, isBlob, isForm, isStream, byteSize, isBinary, bytesSync, readBytes } = createBodyKit(globalThis);
