// navigator.sendBeacon: before consent a beacon to a declared endpoint is dropped and the
// SDK is told it was queued (true); with consent its URL and body are redacted. A beacon
// always carries cookies, so in cookie-free mode it leaves as the keepalive fetch a beacon
// is, without credentials. Either way the SDK gets the browser's answer where the browser
// would refuse the body: false over the keepalive quota, a TypeError for a stream.
import { natives, then, withArgument } from '../natives.js';
import { wrapMethod } from '../wrap.js';
import { net } from './natives.js';
import { targetOf } from './route.js';
import { READ_FAILED, byteSize, bytesSync, isBinary, isBlob, isStream, readBytes, readSync, rewrap } from './body.js';

const { apply } = natives;

// What keepalive requests may have in flight (the fetch standard's 64 KiB); the shim's own
// keepalive beacons count against it until they are answered.
const KEEPALIVE_QUOTA = 64 * 1024;
let inFlight = 0;
// Whether the browser would queue a body of `size` bytes (undefined: known only once
// converted, and not refused here).
const fits = (size) => size === undefined || inFlight + size <= KEEPALIVE_QUOTA;

// What sendBeacon sends, minus the cookies: a keepalive POST that outlives the page, no-cors
// as a beacon is (the page never reads the answer), its body's own content type. → false,
// nothing sent, when the browser would not queue it.
function beaconWithoutCredentials(url, body) {
  const size = byteSize(body) || 0;
  if (!fits(size)) return false;
  const init = { method: 'POST', keepalive: true, credentials: 'omit', mode: 'no-cors' };
  if (body !== undefined && body !== null) init.body = body;
  inFlight += size;
  const settled = () => { inFlight -= size; };
  then(apply(net.fetch, natives.global, [url, init]), settled, settled);
  return true;
}

export function installBeacon(router, realm) {
  if (!net.sendBeacon || !realm.Navigator) return;
  const StreamError = realm.TypeError;
  wrapMethod(realm.Navigator.prototype, 'sendBeacon', (original, self, args) => {
    if (!args.length) return apply(original, self, args);
    const target = targetOf(args[0]);
    if (!target) return apply(original, self, args);
    const { url } = target;
    const route = router.classify(url);
    if (!route) return apply(original, self, withArgument(args, 0, url));
    // A body the browser itself refuses is refused as the browser does, before any decision:
    // nothing is sent either way.
    const body = args[1];
    if (isStream(body)) throw new StreamError("Failed to execute 'sendBeacon' on 'Navigator': sendBeacon cannot have a ReadableStream body.");
    if (!fits(byteSize(body))) return false;
    if (!route.send) {
      router.drop(route, 'beacon');
      return true;
    }
    if (route.gateOnly) return router.pass(route, 'beacon') ? apply(original, self, withArgument(args, 0, url)) : true;
    // `r`: { none } | { text } | { unreadable } (readSync), or a Uint8Array for a body of bytes.
    const send = (r) => {
      if (r.unreadable) {
        router.drop({ ...route, reason: 'body is not UTF-8 text' }, 'beacon');
        return true;
      }
      const result = isBinary(r) ? router.redactBytes(route, r, 'beacon') : router.redact(route, r.none ? null : r.text, 'beacon');
      if (result.dropped) return true;
      const outgoing = r.none ? undefined : rewrap(body, result.body);
      if (route.omitCredentials && net.fetch) return beaconWithoutCredentials(result.url, outgoing);
      return apply(original, self, r.none ? [result.url] : [result.url, outgoing]);
    };
    if (isBinary(body)) {
      if (!isBlob(body)) return send(bytesSync(body));
      // A Blob: the page is told the beacon was queued; it leaves once its body has been redacted.
      then(readBytes(body), send, () => router.drop({ ...route, reason: READ_FAILED }, 'beacon'));
      return true;
    }
    return send(readSync(body));
  });
}
