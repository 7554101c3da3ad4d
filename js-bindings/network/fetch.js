// fetch(): telemetry to a declared endpoint is dropped with a synthetic 204 before consent
// and redacted (URL and body) with it; every other request is the native call, untouched.
import { natives, realmPromises, withArgument } from '../natives.js';
import { wrapMethod } from '../wrap.js';
import { net } from './natives.js';
import { targetOf } from './route.js';
import { readAsync, rewrap } from './body.js';

const { apply } = natives;

// The redacted request, sent. Self-contained (a worker's bootstrap runs its source too):
// `n` holds the natives it uses; `redact(text, unreadable)` → the engine's answer
// { dropped, url, body, omitCredentials } (or a promise of it); `noContent()` is what the
// SDK gets instead of its request: success, so it does not retry in a storm.
export async function sendRedacted(n, original, self, input, init, redact, noContent) {
  // One Request object holds the URL, method, headers and body however the SDK gave them.
  const request = new n.Request(input, init);
  const method = n.apply(n.requestMethod, request, []);
  const hasBody = method !== 'GET' && method !== 'HEAD';
  let text = null;
  if (hasBody) {
    const body = await n.readAsync(new n.Uint8Array(await n.apply(n.requestArrayBuffer, n.apply(n.requestClone, request, []), [])));
    if (body.unreadable) {
      await redact(null, true);
      return noContent();
    }
    text = body.text;
  }
  const result = await redact(text, false);
  if (result.dropped) return noContent();
  const FIELDS = ['method', 'headers', 'mode', 'credentials', 'cache', 'redirect', 'referrer', 'referrerPolicy',
    'integrity', 'keepalive', 'signal'];
  const options = {};
  for (let i = 0; i < FIELDS.length; i++) options[FIELDS[i]] = request[FIELDS[i]];
  if (options.mode === 'navigate') options.mode = 'same-origin';
  if (result.omitCredentials) options.credentials = 'omit';
  if (hasBody) options.body = n.rewrap(init && init.body !== undefined ? init.body : '', result.body);
  return n.apply(original, self, [new n.Request(result.url, options)]);
}

const pageNatives = {
  apply, Request: net.Request, Uint8Array: natives.Uint8Array, requestMethod: net.requestMethod && net.requestMethod.get,
  requestClone: net.requestClone, requestArrayBuffer: net.requestArrayBuffer, readAsync, rewrap,
};

export function installFetch(router, realm) {
  const { Response } = realm;
  const promises = realmPromises(realm);
  // This realm's Response in this realm's promise, as the native's would be.
  const noContent = () => new Response(null, { status: 204, statusText: 'No Content' });
  wrapMethod(realm, 'fetch', (original, self, args) => {
    if (!args.length) return apply(original, self, args);
    const target = targetOf(args[0]);
    const input = target.isRequest ? args[0] : target.url;
    const route = router.classify(target.url);
    if (!route) return apply(original, self, withArgument(args, 0, input));
    if (!route.send) {
      router.drop(route, 'fetch');
      return promises.resolve(noContent());
    }
    const redact = (text, unreadable) => {
      if (!unreadable) return { ...router.redact(route, text, 'fetch'), omitCredentials: route.omitCredentials };
      router.drop({ ...route, reason: 'body is not UTF-8 text' }, 'fetch');
      return { dropped: true };
    };
    return promises.resolve(sendRedacted(pageNatives, original, self, input, args[1], redact, noContent));
  });
}
