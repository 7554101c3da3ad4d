// WebSocketStream (Chromium): a WebSocket whose messages go through streams, decided as a
// WebSocket is (websocket.js). To a declared endpoint it is not opened before consent: the page
// gets a stand-in that fails as a socket to an unreachable host does (`opened` rejects with the
// WebSocketError "WebSocket closed before handshake complete.", `closed` with "WebSocket was
// not cleanly closed.", code 1006), later and later for repeated failures. With consent, a
// gate-only endpoint's opens as written, its messages unread; a redacting endpoint's opens with
// its URL redacted, and each message written goes through the redactor as a WebSocket frame
// does (the writable `opened` gives the page is the shim's, piped to the browser's). One open
// when consent for its endpoint is withdrawn is closed, and the drop recorded.
import { domString, natives, protoOf, push, then, weakGet, weakSet, withArgument } from '../natives.js';
import { wrapConstructor, wrapGetter, wrapMethod } from '../wrap.js';
import { getterOf, lookAlikes } from '../surfaces/permissions/realm.js';
import { closedOnWithdrawal } from './event-source.js';
import { DROPPED_FRAME, failureCounter, redactFrame, socketUrl, urlNatives } from './websocket.js';

const { apply, construct, create } = natives;
const TRANSPORT = 'websocket';

export function installWebSocketStream(router, realm, baseUrl, onChange) {
  const Stream = realm.WebSocketStream;
  if (!Stream) return;
  const proto = Stream.prototype;
  const { TransformStream, WebSocketError, setTimeout } = realm;
  const RealmPromise = realm.Promise;
  const pipeTo = realm.ReadableStream.prototype.pipeTo;
  const readableOf = getterOf(TransformStream.prototype, 'readable');
  const writableOf = getterOf(TransformStream.prototype, 'writable');
  const enqueue = protoOf(realm, 'TransformStreamDefaultController').enqueue;
  const noop = () => {};
  const handled = (promise) => {
    then(promise, undefined, noop);
    return promise;
  };
  const stubs = lookAlikes(proto);
  const errors = lookAlikes(protoOf(realm, 'WebSocketError'));
  const failures = failureCounter();
  // The browser's error of a socket that fails (a NetworkError where it has no WebSocketError).
  const failure = (message) => (WebSocketError ? new WebSocketError(message) : new realm.DOMException(message, 'NetworkError'));

  // A socket that never connects, failing later and later to an endpoint that keeps failing.
  function standIn(href, newTarget, endpoint) {
    const rejects = [];
    const pending = () => handled(new RealmPromise((resolve, reject) => { push(rejects, reject); }));
    const stream = stubs.adopt(create(newTarget.prototype), { __proto__: null, url: href, opened: pending(), closed: pending() });
    apply(setTimeout, realm, [() => {
      rejects[0](failure('WebSocket closed before handshake complete.'));
      rejects[1](errors.adopt(failure('WebSocket was not cleanly closed.'), { __proto__: null, closeCode: 1006, reason: '' }));
    }, failures.next(endpoint)]);
    return stream;
  }

  const track = closedOnWithdrawal(router, onChange, {
    close: proto.close, closedOf: getterOf(proto, 'closed'), routeOf: (href) => router.classify(href), transport: TRANSPORT,
  });
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
      failures.reset(route.endpoint);
      return track(construct(original, withArgument(args, 0, given), newTarget), href);
    }
    const result = router.redact(route, null, TRANSPORT);
    if (result.dropped) return standIn(href, newTarget, route.endpoint);
    failures.reset(route.endpoint);
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
    then(apply(pipeTo, apply(readableOf, transform, []), [writable]), undefined, noop);
    return apply(writableOf, transform, []);
  };
  wrapGetter(proto, 'opened', (original, self) => {
    const href = weakGet(redacting, self);
    if (href === undefined) return apply(original, self, []);
    let promise = weakGet(shown, self);
    if (!promise) {
      promise = handled(then(apply(original, self, []), (info) => ({
        readable: info.readable, writable: redacted(href, info.writable), extensions: info.extensions, protocol: info.protocol,
      })));
      weakSet(shown, self, promise);
    }
    return promise;
  });
  // A stand-in is failing already: closing it changes nothing the page could see sooner.
  wrapMethod(proto, 'close', (original, self, args) => (stubs.fieldsOf(self) ? undefined : apply(original, self, args)));
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
// failureAfter, failuresReset, closing (workerClosing) } of the worker's network guard (network/worker.js).
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
  const DOMExceptionCtor = self.DOMException;
  const setTimeoutFn = self.setTimeout;
  const native = { url: getter(proto, 'url'), opened: getter(proto, 'opened'), closed: getter(proto, 'closed') };
  const noop = () => {};
  const then = (promise, onOk, onError) => apply(promiseThen, promise, [onOk, onError]);
  const streams = new WeakMap();  // stand-in → its fields
  const unclean = new WeakMap();  // the `closed` errors of stand-ins: code 1006
  const fieldsOf = (me) => (me !== null && typeof me === 'object' ? apply(weakGet, streams, [me]) : undefined);
  const settled = (f, name) => {
    f[name] = new w.Promise((resolve, reject) => { f[`${name}Settle`] = { resolve, reject }; });
    apply(promiseThen, f[name], [undefined, noop]);  // as the browser's: unread, no unhandledrejection
  };
  // The browser's error of a socket that fails (a NetworkError where it has no WebSocketError).
  const failure = (message) => (ErrorCtor ? new ErrorCtor(message) : new DOMExceptionCtor(message, 'NetworkError'));
  // Fails later and later to a URL that keeps failing, as the page's stand-in does.
  const fail = (f) => {
    if (f.real || f.failed) return;
    f.failed = true;
    apply(setTimeoutFn, self, [() => {
      f.openedSettle.reject(failure('WebSocket closed before handshake complete.'));
      const error = failure('WebSocket was not cleanly closed.');
      apply(weakSet, unclean, [error, true]);
      f.closedSettle.reject(error);
    }, net.failureAfter(f.url)]);
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
    net.failuresReset(f.url);
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
