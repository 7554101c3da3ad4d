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
  const noop = () => {};
  const handled = (promise) => {
    apply(natives.promiseThen, promise, [undefined, noop]);
    return promise;
  };
  const stubs = lookAlikes(proto);
  const errors = lookAlikes(protoOf(realm, 'WebSocketError'));
  const failures = new natives.Map();  // endpoint → failures in a row
  // The browser's error of a socket that fails (a NetworkError where it has no WebSocketError).
  const failure = (message) => (WebSocketError ? new WebSocketError(message) : new realm.DOMException(message, 'NetworkError'));

  // A socket that never connects, failing later and later to an endpoint that keeps failing.
  function standIn(href, newTarget, endpoint) {
    const rejects = [];
    const pending = () => handled(new RealmPromise((resolve, reject) => { push(rejects, reject); }));
    const stream = stubs.adopt(create(newTarget.prototype), { __proto__: null, url: href, opened: pending(), closed: pending() });
    const count = mapHolds(failures, endpoint) ? mapValue(failures, endpoint) : 0;
    mapPut(failures, endpoint, count + 1);
    apply(setTimeout, realm, [() => {
      rejects[0](failure('WebSocket closed before handshake complete.'));
      rejects[1](errors.adopt(failure('WebSocket was not cleanly closed.'), { __proto__: null, closeCode: 1006, reason: '' }));
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
    // A fragment, a URL the browser cannot parse: its own SyntaxError. (A plain ws: from an https:
    // page is decided as any: the browser's refusal is its own only where nothing could leave.)
    const href = apply(natives.stringIncludes, given, ['#']) ? undefined : socketUrl(urlNatives, given, baseUrl());
    const route = href === undefined ? null : router.classify(href);
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

// Worker side (self-contained: its source runs in the worker's bootstrap). The page decides as
// for a worker's WebSocket (net.classify, then the URL redacted by net.redact), a round trip
// away, so the script gets a stand-in at once whose `opened` and `closed` follow the real
// stream made behind it once the page allows it, or fail as the page's stand-in does (later
// and later for repeated failures to one URL). A redacting endpoint's messages each go through
// the page's redactor as the worker's WebSocket frames do (socketFrame), in order; a gate-only
// endpoint's go unread. One opened to an endpoint is closed when, after a consent change, the
// page says its endpoint is no longer reached (recorded there). A URL known to pass gets the
// browser's own stream. `net`: { known, remember, classify, redactor, socketFrame, socketUrl,
// failureDelay, closing (workerClosing) } of the worker's network guard (network/worker.js).
export function workerWebSocketStream(kit, channel, w, net) {
  const Stream = self.WebSocketStream;
  if (typeof Stream !== 'function') return;
  const { apply, getter } = w;
  const proto = Stream.prototype;
  const ErrorCtor = self.WebSocketError;
  const TransformStreamCtor = self.TransformStream;
  const readableOf = getter(TransformStreamCtor.prototype, 'readable');
  const writableOf = getter(TransformStreamCtor.prototype, 'writable');
  const pipeTo = self.ReadableStream.prototype.pipeTo;
  const enqueue = self.TransformStreamDefaultController.prototype.enqueue;
  const promiseThen = Promise.prototype.then;
  const stringIncludes = String.prototype.includes;
  const weakGet = WeakMap.prototype.get;
  const weakSet = WeakMap.prototype.set;
  const mapGet = Map.prototype.get;
  const mapSet = Map.prototype.set;
  const mapClear = Map.prototype.clear;
  const mapSize = getter(Map.prototype, 'size');
  const setTimeoutFn = self.setTimeout;
  const native = { url: getter(proto, 'url'), opened: getter(proto, 'opened'), closed: getter(proto, 'closed') };
  const noop = () => {};
  const then = (promise, onOk, onError) => apply(promiseThen, promise, [onOk, onError]);
  const streams = new WeakMap();  // stand-in → its fields
  const unclean = new WeakMap();  // the `closed` errors of stand-ins: code 1006
  const failures = new Map();  // URL → failures in a row
  const fieldsOf = (me) => (me !== null && typeof me === 'object' ? apply(weakGet, streams, [me]) : undefined);
  const settled = (f, name) => {
    f[name] = new w.Promise((resolve, reject) => { f[`${name}Settle`] = { resolve, reject }; });
    apply(promiseThen, f[name], [undefined, noop]);  // as the browser's: unread, no unhandledrejection
  };
  const fail = (f) => {
    if (f.real || f.failed) return;
    f.failed = true;
    const count = apply(mapGet, failures, [f.url]) || 0;
    if (count === 0 && apply(mapSize, failures, []) >= 512) apply(mapClear, failures, []);
    apply(mapSet, failures, [f.url, count + 1]);
    apply(setTimeoutFn, self, [() => {
      f.openedSettle.reject(new ErrorCtor('WebSocket closed before handshake complete.'));
      const error = new ErrorCtor('WebSocket was not cleanly closed.');
      apply(weakSet, unclean, [error, true]);
      f.closedSettle.reject(error);
    }, net.failureDelay(count)]);
  };
  const watch = net.closing(proto, fieldsOf, fail, 'websocket');
  // The page's writable for a redacting endpoint: each message through socketFrame, in order.
  const redacting = (url, writable) => {
    const transform = new TransformStreamCtor({
      __proto__: null,
      transform: (chunk, controller) => new w.Promise((resolve) => net.socketFrame(url, chunk, (out) => {
        try {
          if (out !== undefined) apply(enqueue, controller, [out]);
        } catch { /* the stream was closed meanwhile */ }
        resolve();
      })),
    });
    then(apply(pipeTo, apply(readableOf, transform, []), [writable]), noop, noop);
    return apply(writableOf, transform, []);
  };
  const open = (original, f, url, redacted) => {
    if (f.failed) return;
    try {
      f.real = w.construct(original, f.options === undefined ? [url] : [url, f.options]);
    } catch {
      return fail(f);
    }
    apply(mapSet, failures, [f.url, 0]);
    then(apply(native.opened, f.real, []), (info) => f.openedSettle.resolve(redacted ? {
      readable: info.readable, writable: redacting(f.url, info.writable), extensions: info.extensions, protocol: info.protocol,
    } : info), f.openedSettle.reject);
    then(apply(native.closed, f.real, []), (info) => { f.ended = true; f.closedSettle.resolve(info); },
      (error) => { f.ended = true; f.closedSettle.reject(error); });
  };

  kit.wrapConstructor(self, 'WebSocketStream', (original, args, newTarget) => {
    if (!args.length) return w.construct(original, args, newTarget);
    const given = `${args[0]}`;  // converted once (a Symbol throws, as in the native)
    // A fragment, a URL the browser cannot parse: its own SyntaxError; a URL known to pass.
    const url = apply(stringIncludes, given, ['#']) ? undefined : net.socketUrl(given);
    if (url === undefined || net.known(url)) return w.construct(original, args, newTarget);
    const f = { __proto__: null, url, options: args[1], real: null, failed: false, ended: false };
    settled(f, 'opened');
    settled(f, 'closed');
    const stream = w.create(newTarget.prototype);
    apply(weakSet, streams, [stream, f]);
    net.classify(url, 'websocket', (answer) => {
      if (answer.pass) {
        open(original, f, given, false);
        if (answer.gated === true && f.real) watch(f);
        return undefined;
      }
      if (!answer.send) return fail(f);
      return net.redactor(url, 'websocket')(null, false, (result) => {
        if (result.dropped) return fail(f);
        open(original, f, result.url, true);
        if (f.real) watch(f);
        return undefined;
      });
    }, true);
    return stream;
  });
  kit.wrapGetter(proto, 'url', (original, me) => {
    const f = fieldsOf(me);
    if (!f) return apply(original, me, []);
    return f.real ? apply(original, f.real, []) : f.url;
  });
  const names = ['opened', 'closed'];
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    kit.wrapGetter(proto, name, (original, me) => {
      const f = fieldsOf(me);
      return f ? f[name] : apply(original, me, []);
    });
  }
  if (ErrorCtor) {
    kit.wrapGetter(ErrorCtor.prototype, 'closeCode', (original, me) => (apply(weakGet, unclean, [me]) ? 1006 : apply(original, me, [])));
  }
}
