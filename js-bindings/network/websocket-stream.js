// WebSocketStream (Chromium): a WebSocket whose messages go through streams, decided as a
// WebSocket is (websocket.js). To a declared endpoint it is not opened before consent: the page
// gets a stand-in that fails as a socket to an unreachable host does (`opened` rejects with the
// WebSocketError "WebSocket closed before handshake complete.", `closed` with "WebSocket was
// not cleanly closed.", code 1006), later and later for repeated failures. With consent, a
// gate-only endpoint's opens as written, its messages unread; a redacting endpoint's opens with
// its URL redacted, and each message written goes through the redactor as a WebSocket frame
// does (the writable `opened` gives the page is the shim's, piped to the browser's). One open
// when consent for its endpoint is withdrawn is closed, and the drop recorded.
import { domString, each, mapHolds, mapPut, mapRemove, mapValue, natives, protoOf, push, weakGet, weakSet, withArgument } from '../natives.js';
import { wrapConstructor, wrapGetter, wrapMethod } from '../wrap.js';
import { net } from './natives.js';
import { lookAlikes } from '../surfaces/permissions/realm.js';
import { keepsOpen } from './event-source.js';
import { DROPPED_FRAME, failureDelay, redactFrame, socketUrl, urlNatives } from './websocket.js';

const { apply, construct, create, getOwnPropertyDescriptor } = natives;
const TRANSPORT = 'websocket';
const getterOf = (proto, name) => getOwnPropertyDescriptor(proto, name).get;

export function installWebSocketStream(router, realm, baseUrl, onChange) {
  const Stream = realm.WebSocketStream;
  if (!Stream) return;
  const proto = Stream.prototype;
  const { close } = proto;
  const closedOf = getterOf(proto, 'closed');
  const { TransformStream, WebSocketError, setTimeout } = realm;
  const RealmPromise = realm.Promise;
  const pipeTo = realm.ReadableStream.prototype.pipeTo;
  const readableOf = getterOf(TransformStream.prototype, 'readable');
  const writableOf = getterOf(TransformStream.prototype, 'writable');
  const enqueue = protoOf(realm, 'TransformStreamDefaultController').enqueue;
  const secure = net.location ? net.location.protocol === 'https:' : false;
  const noop = () => {};
  const handled = (promise) => {
    apply(natives.promiseThen, promise, [undefined, noop]);
    return promise;
  };
  const stubs = lookAlikes(proto);
  const errors = lookAlikes(protoOf(realm, 'WebSocketError'));
  const failures = new natives.Map();  // endpoint → failures in a row

  // A socket that never connects, failing later and later to an endpoint that keeps failing.
  function standIn(href, newTarget, endpoint) {
    const rejects = [];
    const pending = () => handled(new RealmPromise((resolve, reject) => { push(rejects, reject); }));
    const stream = stubs.adopt(create(newTarget.prototype), { __proto__: null, url: href, opened: pending(), closed: pending() });
    const count = mapHolds(failures, endpoint) ? mapValue(failures, endpoint) : 0;
    mapPut(failures, endpoint, count + 1);
    apply(setTimeout, realm, [() => {
      rejects[0](new WebSocketError('WebSocket closed before handshake complete.'));
      rejects[1](errors.adopt(new WebSocketError('WebSocket was not cleanly closed.'), { __proto__: null, closeCode: 1006, reason: '' }));
    }, failureDelay(count)]);
    return stream;
  }

  // { stream, href, closed } opened to a declared endpoint.
  let open = [];
  const track = (stream, href) => {
    const entry = { stream, href, closed: false };
    const ended = () => { entry.closed = true; };
    apply(natives.promiseThen, apply(closedOf, stream, []), [ended, ended]);
    const still = [];
    each(open, (e) => { if (!e.closed) push(still, e); });
    push(still, entry);
    open = still;
    return stream;
  };
  const redacting = new natives.WeakMap();  // a stream to a redacting endpoint → its URL, checked
  const shown = new natives.WeakMap();  // such a stream → the `opened` the page sees

  wrapConstructor(realm, 'WebSocketStream', (original, args, newTarget) => {
    if (!args.length) return construct(original, args, newTarget);
    const given = domString(args[0]);  // a Symbol throws, as the native's conversion does
    // A fragment, a plain ws: from a secure page, a URL the browser cannot parse: its own error.
    const href = apply(natives.stringIncludes, given, ['#']) ? undefined : socketUrl(urlNatives, given, baseUrl());
    const refused = href === undefined || (secure && apply(net.stringSlice, href, [0, 3]) === 'ws:');
    const route = refused ? null : router.classify(href);
    if (!route) return construct(original, withArgument(args, 0, given), newTarget);
    if (!route.send) {
      router.drop(route, TRANSPORT);
      return standIn(href, newTarget, route.endpoint);
    }
    if (route.gateOnly) {
      if (!router.pass(route, TRANSPORT)) return standIn(href, newTarget, route.endpoint);
      mapRemove(failures, route.endpoint);
      return track(construct(original, withArgument(args, 0, given), newTarget), href);
    }
    const result = router.redact(route, null, TRANSPORT);
    if (result.dropped) return standIn(href, newTarget, route.endpoint);
    mapRemove(failures, route.endpoint);
    const stream = track(construct(original, withArgument(args, 0, result.url), newTarget), href);
    weakSet(redacting, stream, href);
    return stream;
  });

  // A redacting endpoint's messages: each one decided and redacted as a WebSocket frame.
  const redacted = (href, writable) => {
    const transform = new TransformStream({
      __proto__: null,
      transform: (chunk, controller) => {
        const route = router.classify(href);
        if (!route) return;
        if (!route.send) {
          router.drop(route, TRANSPORT);
          return;
        }
        const frame = redactFrame(router, route, chunk);
        if (frame !== DROPPED_FRAME) apply(enqueue, controller, [frame]);
      },
    });
    apply(natives.promiseThen, apply(pipeTo, apply(readableOf, transform, []), [writable]), [undefined, noop]);
    return apply(writableOf, transform, []);
  };
  wrapGetter(proto, 'opened', (original, self) => {
    const href = weakGet(redacting, self);
    if (href === undefined) return apply(original, self, []);
    let promise = weakGet(shown, self);
    if (!promise) {
      promise = handled(apply(natives.promiseThen, apply(original, self, []), [(info) => ({
        readable: info.readable, writable: redacted(href, info.writable), extensions: info.extensions, protocol: info.protocol,
      })]));
      weakSet(shown, self, promise);
    }
    return promise;
  });
  // A stand-in is failing already: closing it changes nothing the page could see sooner.
  wrapMethod(proto, 'close', (original, self, args) => (stubs.fieldsOf(self) ? undefined : apply(original, self, args)));

  onChange(() => {
    const still = [];
    each(open, (entry) => {
      if (entry.closed) return;
      if (keepsOpen(router, router.classify(entry.href), TRANSPORT)) {
        push(still, entry);
        return;
      }
      apply(close, entry.stream, []);
    });
    open = still;
  });
}
