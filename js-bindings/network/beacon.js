// navigator.sendBeacon: before consent a beacon to a declared endpoint is dropped and the
// SDK is told it was queued (true); with consent its URL and body are redacted. A beacon
// always carries cookies, so in cookie-free mode it leaves as the keepalive fetch a beacon
// is, without credentials.
import { natives, withArgument } from '../natives.js';
import { wrapMethod } from '../wrap.js';
import { net } from './natives.js';
import { targetOf } from './route.js';
import { needsAsync, readAsync, readSync, rewrap } from './body.js';

const { apply } = natives;

// What sendBeacon sends, minus the cookies: a keepalive POST that outlives the page, no-cors
// as a beacon is (the page never reads the answer), its body's own content type.
function beaconWithoutCredentials(url, body) {
  const init = { method: 'POST', keepalive: true, credentials: 'omit', mode: 'no-cors' };
  if (body !== undefined && body !== null) init.body = body;
  natives.apply(natives.promiseThen, apply(net.fetch, natives.global, [url, init]), [undefined, () => {}]);
  return true;
}

export function installBeacon(router, realm) {
  if (!net.sendBeacon || !realm.Navigator) return;
  wrapMethod(realm.Navigator.prototype, 'sendBeacon', (original, self, args) => {
    if (!args.length) return apply(original, self, args);
    const url = targetOf(args[0]).url;
    const route = router.classify(url);
    if (!route) return apply(original, self, withArgument(args, 0, url));
    if (!route.send) {
      router.drop(route, 'beacon');
      return true;
    }
    const body = args[1];
    const send = (r) => {
      if (r.unreadable) {
        router.drop({ ...route, reason: 'body is not UTF-8 text' }, 'beacon');
        return true;
      }
      const result = router.redact(route, r.none ? null : r.text, 'beacon');
      if (result.dropped) return true;
      const outgoing = r.none ? undefined : rewrap(body, result.body);
      if (route.omitCredentials && net.fetch) return beaconWithoutCredentials(result.url, outgoing);
      return apply(original, self, r.none ? [result.url] : [result.url, outgoing]);
    };
    if (needsAsync(body)) {
      // The page is told the beacon was queued; it leaves once its body has been redacted.
      apply(natives.promiseThen, readAsync(body), [send]);
      return true;
    }
    return send(readSync(body));
  });
}
