// navigator.sendBeacon: before consent a beacon to a declared endpoint is dropped and the
// SDK is told it was queued (true); with consent its URL and body are redacted.
import { natives, withArgument } from '../natives.js';
import { wrapMethod } from '../wrap.js';
import { net } from './natives.js';
import { targetOf } from './route.js';
import { needsAsync, readAsync, readSync, rewrap } from './body.js';

const { apply } = natives;

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
      return apply(original, self, r.none ? [result.url] : [result.url, rewrap(body, result.body)]);
    };
    if (needsAsync(body)) {
      // The page is told the beacon was queued; it leaves once its body has been redacted.
      apply(natives.promiseThen, readAsync(body), [send]);
      return true;
    }
    return send(readSync(body));
  });
}
