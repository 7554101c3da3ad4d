// Bodies to text and back. A body's text is what the redactor sees; the redacted text is
// sent in the same kind of container, so the request's Content-Type stays what the SDK set.
// Bytes that are not UTF-8 cannot be redacted: they are reported unreadable and dropped.
import { natives } from '../natives.js';
import { net } from './natives.js';

const { apply } = natives;
const UNREADABLE = Object.freeze({ unreadable: true });
// fatal: bytes that are not UTF-8 are unreadable, never patched; ignoreBOM: a leading
// U+FEFF stays part of the text (and of the body sent on).
const decoder = net.TextDecoder ? new net.TextDecoder('utf-8', { fatal: true, ignoreBOM: true }) : undefined;
const encoder = net.TextEncoder ? new net.TextEncoder() : undefined;

function decodeBytes(bytes) {
  try {
    return { text: apply(net.decode, decoder, [bytes]) };
  } catch {
    return UNREADABLE;
  }
}

const isBlob = (body) => net.Blob && body instanceof net.Blob;
const isForm = (body) => net.FormData && body instanceof net.FormData;
const isParams = (body) => net.URLSearchParams && body instanceof net.URLSearchParams;
const isBytes = (body) => body instanceof net.ArrayBuffer || net.isView(body);
const isStream = (body) => net.ReadableStream && body instanceof net.ReadableStream;

// Whether reading `body` needs a promise (Blob, stream).
export function needsAsync(body) {
  return isBlob(body) || isStream(body);
}

// → { none } | { text } | { unreadable } synchronously, for every body but Blob and stream.
export function readSync(body) {
  if (body === undefined || body === null) return { none: true };
  if (typeof body === 'string') return { text: body };
  if (isParams(body)) return { text: apply(net.searchParamsToString, body, []) };
  if (isBytes(body)) return decodeBytes(body);
  if (isForm(body)) {
    // Files in a telemetry form cannot be redacted; the form is refused rather than sent raw.
    for (const [, value] of body) if (typeof value !== 'string') return UNREADABLE;
    return { text: apply(net.searchParamsToString, new net.URLSearchParams(body), []) };
  }
  return { text: net.String(body) };
}

export async function readAsync(body) {
  if (isBlob(body)) return decodeBytes(new natives.Uint8Array(await apply(net.blobArrayBuffer, body, [])));
  if (isStream(body)) return decodeBytes(new natives.Uint8Array(await apply(net.responseArrayBuffer, new net.Response(body), [])));
  return readSync(body);
}

// The redacted text in the container the original body came in.
export function rewrap(original, text) {
  if (typeof original === 'string' || original === undefined || original === null) return text;
  if (isParams(original)) return new net.URLSearchParams(text);
  if (isBlob(original)) return new net.Blob([text], { type: natives.apply(net.blobType.get, original, []) });
  if (isBytes(original)) return apply(net.encode, encoder, [text]);
  if (isForm(original)) {
    const form = new net.FormData();
    for (const [key, value] of new net.URLSearchParams(text)) apply(net.formDataAppend, form, [key, value]);
    return form;
  }
  return text;
}
