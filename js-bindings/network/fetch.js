// fetch(): telemetry to a declared endpoint is dropped with a synthetic 204 before consent
// and redacted (URL and body) with it; every other request is the native call, untouched.
import { natives, realmPromises, then, withArgument } from '../natives.js';
import { wrapMethod } from '../wrap.js';
import { net } from './natives.js';
import { targetOf } from './route.js';
import { READ_FAILED, isBinary, readSync, rewrap } from './body.js';

const { apply } = natives;

// The redacted request. Self-contained (a worker's bootstrap runs its source too): `n` holds
// the natives it uses. The Request is made at the call, as the browser's fetch makes it (an
// init it refuses throws here; one the SDK changes later changes nothing): → { request,
// send(redact, noContent) → a promise of the response }. `redact(text, unreadable, done,
// bytes, failed)` calls done with the engine's answer { dropped, url, body, omitCredentials },
// at once or later; a body of bytes (the SDK gave bytes or a Blob, or its bytes are not UTF-8:
// gzip, say) comes as `bytes` with `unreadable` set, for a redactor that only takes text to
// drop; a body whose read failed (a Blob whose file is gone, a stream that errors) comes as
// `failed`, to drop; `noContent()` is what the SDK gets instead of its request: success, so it
// does not retry in a storm. The body read and the engine's answer reach the next step as
// arguments, never as what a promise resolves with (or an await waits for): resolving with an
// object asks it for its `then`, and a page's Object.prototype.then would answer instead.
// The Request the browser makes of `input` and `init`: one object holding the URL, method,
// headers and body however the SDK gave them. It reads each member of `init` once, as the
// browser's fetch does; the body it read is kept as it went by (its kind decides how a
// redacted body is wrapped): `init.body` is never read again, a getter there may answer
// differently each time. Self-contained (a worker's bootstrap runs its source too): `n` holds
// { get, Proxy, Request }. → { request, body, members } (`members`: what the Request read,
// for a member it has no place for, read once too: fetchLater's activateAfter).
export function requestOf(n, input, init) {
  const made = { __proto__: null, request: undefined, body: undefined, members: init };
  if (init !== null && (typeof init === 'object' || typeof init === 'function')) {
    made.members = new n.Proxy(init, { __proto__: null, get: (target, key) => {
      const value = n.get(target, key);
      if (key === 'body') made.body = value;
      return value;
    } });
  }
  made.request = new n.Request(input, made.members);
  return made;
}

export function sendRedacted(n, original, self, input, init) {
  const { request, body } = n.requestOf(n, input, init);
  const method = n.apply(n.requestMethod, request, []);
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const send = (redact, noContent) => new n.Promise((resolve, reject) => {
    const step = (fn) => (value) => {
      try {
        fn(value);
      } catch (error) {
        reject(error);
      }
    };
    const send = step((result) => {
      if (result.dropped) return resolve(noContent());
      const FIELDS = ['method', 'headers', 'mode', 'credentials', 'cache', 'redirect', 'referrer', 'referrerPolicy',
        'integrity', 'keepalive', 'signal'];
      const options = {};
      for (let i = 0; i < FIELDS.length; i++) options[FIELDS[i]] = request[FIELDS[i]];
      if (options.mode === 'navigate') options.mode = 'same-origin';
      if (result.omitCredentials) options.credentials = 'omit';
      if (hasBody) options.body = n.rewrap(body !== undefined ? body : '', result.body);
      return resolve(n.apply(original, self, [new n.Request(result.url, options)]));
    });
    if (!hasBody) return redact(null, false, send);
    const bytes = n.apply(n.requestArrayBuffer, n.apply(n.requestClone, request, []), []);
    return n.then(bytes, step((buffer) => {
      const bytes = new n.Uint8Array(buffer);
      const read = n.readSync(bytes);
      if (read.unreadable || n.isBinary(body)) redact(null, true, send, bytes);
      else redact(read.text, false, send);
    }), step(() => redact(null, true, send, undefined, true)));
  });
  return { __proto__: null, request, send };
}

// What requestOf and sendRedacted use in the page.
export const pageNatives = {
  apply, get: net.reflectGet, Proxy: net.Proxy, Request: net.Request, requestOf, Uint8Array: natives.Uint8Array, requestMethod: net.requestMethod && net.requestMethod.get,
  requestClone: net.requestClone, requestArrayBuffer: net.requestArrayBuffer, readSync, rewrap, isBinary, Promise: natives.Promise, then,
};
// The engine's answer for a request it drops.
export const DROPPED = natives.freeze({ dropped: true });

export function installFetch(router, realm) {
  const { Response } = realm;
  const promises = realmPromises(realm);
  // This realm's Response in this realm's promise, as the native's would be.
  const noContent = () => new Response(null, { status: 204, statusText: 'No Content' });
  wrapMethod(realm, 'fetch', (original, self, args) => {
    if (!args.length) return apply(original, self, args);
    let target;
    try {
      target = targetOf(args[0]);
    } catch (error) {
      return promises.reject(error);  // a toString that throws: the native's fetch rejects with it
    }
    if (!target) return apply(original, self, args);
    const input = target.isRequest ? args[0] : target.url;
    const route = router.classify(target.url);
    if (!route) return apply(original, self, withArgument(args, 0, input));
    if (!route.send) {
      router.drop(route, 'fetch');
      return promises.resolve(noContent());
    }
    // A gate-only endpoint with consent: the SDK's own call, its body never read.
    if (route.gateOnly) return router.pass(route, 'fetch') ? apply(original, self, withArgument(args, 0, input)) : promises.resolve(noContent());
    // Unreadable text always comes with its bytes here: the engine decides what they are.
    const redact = (text, unreadable, done, bytes, failed) => {
      if (failed) {
        router.drop({ ...route, reason: READ_FAILED }, 'fetch');
        return done(DROPPED);
      }
      const result = bytes ? router.redactBytes(route, bytes, 'fetch') : router.redact(route, text, 'fetch');
      return done({ ...result, omitCredentials: route.omitCredentials });
    };
    let made;
    try {
      made = sendRedacted(pageNatives, original, self, input, args[1]);
    } catch (error) {
      return promises.reject(error);  // as the native's fetch: a rejected promise, no throw
    }
    return promises.resolve(made.send(redact, noContent));
  });
}
