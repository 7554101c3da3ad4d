// Bodies to text and back. A body's text is what the redactor sees; the redacted text is
// sent in the same kind of container, so the request's Content-Type stays what the SDK set.
// Bytes that are not UTF-8 cannot be redacted: they are reported unreadable and dropped.
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
  const blobArrayBuffer = method(Blob, 'arrayBuffer');
  const formHas = method(FormData, 'has');
  const formAppend = method(FormData, 'append');
  const paramsHas = method(URLSearchParams, 'has');
  const paramsToString = method(URLSearchParams, 'toString');
  const streamLocked = desc(ReadableStream, 'locked');
  const bufferLength = desc(g.ArrayBuffer, 'byteLength');
  const isView = g.ArrayBuffer.isView;
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
      for (const [, value] of body) if (typeof value !== 'string') return UNREADABLE;
      return { text: apply(paramsToString, new URLSearchParams(body), []) };
    }
    return { text: toString(body) };
  }

  return {
    // Whether reading `body` needs a promise (Blob, stream).
    needsAsync: (body) => isBlob(body) || isStream(body),
    readSync,
    isBlob,
    async readAsync(body) {
      if (isBlob(body)) return decodeBytes(new Uint8Array(await apply(blobArrayBuffer, body, [])));
      if (isStream(body)) return decodeBytes(new Uint8Array(await apply(responseArrayBuffer, new Response(body), [])));
      return readSync(body);
    },
    // The redacted text in the container the original body came in.
    rewrap(original, text) {
      if (typeof original === 'string' || original === undefined || original === null) return text;
      if (isParams(original)) return new URLSearchParams(text);
      if (isBlob(original)) return new Blob([text], { type: apply(blobType.get, original, []) });
      if (isBytes(original)) return apply(encode, encoder, [text]);
      if (isForm(original)) {
        const form = new FormData();
        for (const [key, value] of new URLSearchParams(text)) apply(formAppend, form, [key, value]);
        return form;
      }
      return text;
    },
  };
}

export const { needsAsync, readSync, readAsync, rewrap, isBlob } = createBodyKit(globalThis);
