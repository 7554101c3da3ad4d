// fetch(): telemetry to a declared endpoint is dropped with a synthetic 204 before consent
// and redacted (URL and body) with it; every other request is the native call, untouched.
import { natives, read, withArgument } from '../natives.js';
import { wrapMethod } from '../wrap.js';
import { net } from './natives.js';
import { targetOf } from './route.js';
import { readAsync, rewrap } from './body.js';

const { apply } = natives;

// What the SDK gets instead of its request: success, so it does not retry in a storm.
export function noContent() {
  return new net.Response(null, { status: 204, statusText: 'No Content' });
}

const REQUEST_FIELDS = ['method', 'headers', 'mode', 'credentials', 'cache', 'redirect', 'referrer', 'referrerPolicy',
  'integrity', 'keepalive', 'signal'];

async function redacted(router, route, original, self, input, init) {
  // One Request object holds the URL, method, headers and body however the SDK gave them.
  const request = new net.Request(input, init);
  const method = read(net.requestMethod, request);
  const hasBody = method !== 'GET' && method !== 'HEAD';
  let body = null;
  if (hasBody) {
    const bytes = new natives.Uint8Array(await apply(net.requestArrayBuffer, apply(net.requestClone, request, []), []));
    const read_ = await readAsync(bytes);
    if (read_.unreadable) {
      router.drop({ ...route, reason: 'body is not UTF-8 text' }, 'fetch');
      return noContent();
    }
    body = read_.text;
  }
  const result = router.redact(route, hasBody ? body : null, 'fetch');
  if (result.dropped) return noContent();
  const options = {};
  for (const field of REQUEST_FIELDS) options[field] = request[field];
  if (options.mode === 'navigate') options.mode = 'same-origin';
  if (route.omitCredentials) options.credentials = 'omit';
  if (hasBody) options.body = rewrap(init && init.body !== undefined ? init.body : '', result.body);
  return apply(original, self, [new net.Request(result.url, options)]);
}

export function installFetch(router) {
  const target = natives.global;
  wrapMethod(target, 'fetch', (original, self, args) => {
    if (!args.length) return apply(original, self, args);
    const target = targetOf(args[0]);
    const input = target.isRequest ? args[0] : target.url;
    const route = router.classify(target.url);
    if (!route) return apply(original, self, withArgument(args, 0, input));
    if (!route.send) {
      router.drop(route, 'fetch');
      return natives.promiseResolve(noContent());
    }
    return redacted(router, route, original, self, input, args[1]);
  });
}
